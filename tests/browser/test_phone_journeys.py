"""Issue 11's measure: on a 360×740 phone each claimant type files the seed case with only taps, date and
time pickers and number fields (plus the taxi plate and the title of the author's work, the only typed
fields), and the inputs are counted from the first page after signing in to the receipt. Every page is
checked with axe-core, for width, and for English sentences left on a Korean page.

The counts are printed (`-s` shows them, with how many were typed) and bounded: the taxi driver's case
in at most 12 inputs.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

# English that may stand on a Korean page: codes, names, formats, addresses.
ALLOWED_ENGLISH = re.compile(
    r"^(?:(?:PDF|JPEG|PNG|HEIC|KST|KRDS|Kakao|KakaoTalk|KakaoPay|English|MB|KB|IBK|NH|SC|KDB|iM|e-?mail|OK)"
    r"[ ,./·-]*)+$",
    re.I,
)
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’]+(?:[ ,]+[A-Za-z][A-Za-z'’]+){2,}")


class Journey:
    """The page, with every input the claimant makes counted by kind."""

    def __init__(self, page, axe, live_server):
        self.page, self.axe, self.base = page, axe, live_server
        self.count = 0
        self.kinds: dict[str, int] = {}
        self.english: list[tuple[str, str]] = []

    def _counted(self, kind: str) -> None:
        self.count += 1
        self.kinds[kind] = self.kinds.get(kind, 0) + 1

    def tap(self, locator) -> None:
        locator.click()
        self._counted("tap")

    def tick(self, for_id: str) -> None:
        self.page.locator(f"label[for={for_id}]").click()  # KRDS draws the box on the label
        assert self.page.locator(f"#{for_id}").is_checked()
        self._counted("tap")

    def choose(self, selector: str, value: str) -> None:
        self.page.locator(selector).select_option(value)
        self._counted("tap")

    def pick(self, selector: str, value: str) -> None:
        field = self.page.locator(selector)
        assert field.get_attribute("type") in ("date", "time"), selector
        field.fill(value)
        self._counted("picker")

    def number(self, selector: str, value: str) -> None:
        field = self.page.locator(selector)
        assert field.get_attribute("inputmode") == "numeric" or field.get_attribute("type") == "number"
        field.fill(value)
        self._counted("number")

    def text(self, selector: str, value: str) -> None:
        self.page.locator(selector).fill(value)
        self._counted("text")

    def check(self, name: str) -> None:
        """axe-core clean, no sideways scrolling, no English sentence on the Korean page."""
        page = self.page
        assert self.axe(page) == [], name
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{name}: the page is {width}px wide on a 360px phone"
        # Text marked as English (lang="en": the language switch, sources quoted as written) is allowed.
        text = page.evaluate(
            """() => { const body = document.body.cloneNode(true);
                       body.querySelectorAll('[lang="en"]').forEach(n => n.remove());
                       return body.innerText; }"""
        )
        for run in ENGLISH_RUN.findall(text):
            if not ALLOWED_ENGLISH.match(run) and "@" not in run:
                self.english.append((name, run))


def _register(journey: Journey, app, email: str, name: str) -> None:
    """Registration, the confirmation link and signing in: before the count starts."""
    from tests.web.mail_helpers import last_link

    page = journey.page
    page.goto(journey.base + "/register")
    page.get_by_label("이름").fill(name)
    page.get_by_label("이메일").fill(email)
    page.get_by_label("휴대전화").fill("010-2222-3333")
    page.get_by_label("비밀번호", exact=True).fill("correct horse")
    page.get_by_label("비밀번호 확인").fill("correct horse")
    page.locator("label[for=privacy_consent-0]").click()
    page.get_by_role("button", name="계정 만들기").click()
    page.wait_for_url("**/register/sent")
    page.goto(journey.base + last_link(app.config["MAIL_OUTBOX"], "/confirm/"))
    page.wait_for_url("**/login")
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호").fill("correct horse")
    page.locator("main").get_by_role("button", name="로그인").click()
    page.wait_for_url("**/my/claims")
    journey.check("my claims (empty)")


def _start(journey: Journey, claimant_type: str, kinds: list[str], type_label: str) -> None:
    for kind in kinds:
        journey.tick(f"kinds-{claimant_type}-{kind}")
    journey.tap(journey.page.get_by_role("button", name=f"{type_label} 보상 청구 시작"))
    journey.page.wait_for_url("**/edit/contact")
    journey.check(f"{claimant_type}: contact")


def _payout(journey: Journey) -> None:
    journey.choose("#payout_bank", "004")
    journey.number("#payout_account", "110123456789")


def _save(journey: Journey, next_step: str) -> None:
    journey.tap(journey.page.get_by_role("button", name="저장하고 계속"))
    journey.page.wait_for_url(f"**/edit/{next_step}")
    journey.check(next_step)


def _submit(journey: Journey, total: str) -> str:
    page = journey.page
    assert total in page.content(), total
    journey.tick("declaration")
    journey.tap(page.get_by_role("button", name="청구 제출"))
    page.wait_for_url("**/receipt")
    journey.check("receipt")
    return page.locator(".receipt-ref").inner_text()


def _taxi(journey: Journey) -> str:
    _start(journey, "taxi_driver", ["unpaid_fares"], "택시 기사")
    _payout(journey)
    journey.text("#vehicle_number", "서울12바3456")  # a plate has Hangul: the one typed text
    _save(journey, "losses")
    # An unpaid ride 15:15–15:40 on 15 October, when KakaoPay was down: the day is already the outage's.
    journey.pick("#unpaid_fares-0-started_at__time", "15:15")
    journey.pick("#unpaid_fares-0-ended_at__time", "15:40")
    journey.number("#unpaid_fares-0-fare", "6500")
    _save(journey, "review")
    return _submit(journey, "6,500원")


def _user(journey: Journey) -> str:
    _start(journey, "user", ["voucher"], "일반 이용자")
    _payout(journey)
    _save(journey, "losses")
    # A gift voucher that expired on the day of the fire, while the Gift shop was down.
    journey.number("#voucher-0-face_value", "30000")
    journey.pick("#voucher-0-expires_at", "2022-10-15")
    _save(journey, "review")
    return _submit(journey, "30,000원")


def _merchant(journey: Journey) -> str:
    _start(journey, "merchant", ["lost_sales", "ad_spend"], "소상공인")
    _payout(journey)
    journey.number("#business_number", "1234567890")
    _save(journey, "losses")
    page = journey.page
    # The closed-days group is labelled on screen: its legend is visible (KRDS hides legends).
    legend = page.locator(".weekday-group legend").first
    box = legend.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10, box
    assert legend.is_visible() and "휴무" in legend.inner_text()
    journey.choose("#lost_sales-0-service", "kakaotalk_gift")
    journey.number("#lost_sales-0-daily_sales", "200000")
    journey.pick("#lost_sales-0-open", "10:00")
    journey.pick("#lost_sales-0-close", "22:00")
    journey.pick("#ad_spend-0-sent_at__time", "16:00")
    journey.number("#ad_spend-0-cost", "50000")
    _save(journey, "review")
    return _submit(journey, "140,000원")


def _author(journey: Journey) -> str:
    _start(journey, "author", ["launch_window"], "웹툰·웹소설 작가")
    _payout(journey)
    _save(journey, "losses")
    # A launch that weekend: Saturday 15 October at noon.
    journey.choose("#launch_window-0-service", "kakaopage")
    journey.text("#launch_window-0-work_title", "달빛 정원")  # the one typed field: the work's title
    journey.pick("#launch_window-0-launch_at__time", "12:00")
    journey.number("#launch_window-0-expected_earnings", "2000000")
    _save(journey, "review")
    assert "달빛 정원" in journey.page.locator("main").inner_text()  # the title is shown with the launch
    return _submit(journey, "2,000,000원")


CASES = {
    "taxi_driver": (_taxi, 12),
    "user": (_user, 12),
    "merchant": (_merchant, 16),
    "author": (_author, 12),
}


@pytest.mark.parametrize("claimant_type", list(CASES))
def test_each_claimant_type_files_its_seed_case_on_a_phone(live_server, page, axe, app, claimant_type):
    journey = Journey(page, axe, live_server)
    _register(journey, app, f"new-{claimant_type}@example.com", "김청구")
    file_case, most = CASES[claimant_type]
    reference = file_case(journey)
    assert reference.startswith("KC-2210-")
    typed = journey.kinds.get("text", 0)
    print(
        f"\n[inputs] {claimant_type}: {journey.count} inputs after registration, {typed} of them typed"
        f" {journey.kinds}"
    )
    assert journey.count <= most, journey.kinds
    assert journey.english == [], journey.english


def test_the_timeline_reads_on_a_phone(live_server, page, axe):
    journey = Journey(page, axe, live_server)
    page.goto(live_server + "/timeline")
    journey.check("timeline")
    assert page.locator(".timeline-list").is_visible()
    assert not page.locator(".timeline-scroll").is_visible()  # the wide chart is for wide screens
    services = page.locator(".timeline-list__service h3").all_inner_texts()
    assert "카카오T 택시" in services and "카카오페이" in services
    assert "10월 18일" in page.locator(".timeline-list").inner_text()  # all four days, to the last window
    assert journey.english == [], journey.english
