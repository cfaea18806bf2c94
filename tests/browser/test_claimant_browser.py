"""In a real browser on a phone: a taxi driver files a claim end to end, with axe-core on every step."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

from tests.samples import PNG  # noqa: E402 — a real picture: uploads are decoded


def _check(page, axe, name: str) -> None:
    assert axe(page) == [], name
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name}: the page is {width}px wide on a 360px phone"


def test_a_taxi_driver_files_a_claim_on_a_phone(live_server, page, axe, app):
    from tests.web.mail_helpers import last_link

    page.goto(live_server + "/")
    _check(page, axe, "home")
    page.get_by_role("link", name="청구 시작하기").first.click()
    page.get_by_label("이름").fill("박택시")
    page.get_by_label("이메일").fill("newdriver@example.com")
    page.get_by_label("휴대전화").fill("010-2222-3333")
    page.get_by_label("비밀번호", exact=True).fill("correct horse")
    page.get_by_label("비밀번호 확인").fill("correct horse")
    _check(page, axe, "register with the privacy consent")
    page.locator("label[for=privacy_consent-0]").click()  # KRDS draws the radio in its label
    page.get_by_role("button", name="계정 만들기").click()
    page.wait_for_url("**/register/sent")
    _check(page, axe, "check your e-mail")
    # The link in the e-mail confirms the address; then the driver signs in.
    page.goto(live_server + last_link(app.config["MAIL_OUTBOX"], "/confirm/"))
    page.wait_for_url("**/login")
    page.get_by_label("이메일").fill("newdriver@example.com")
    page.get_by_label("비밀번호").fill("correct horse")
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url("**/my/claims")
    _check(page, axe, "my claims (empty)")

    page.get_by_role("link", name="새 청구 시작").click()
    _check(page, axe, "choose type and what happened")
    page.locator("label[for=kinds-taxi_driver-subscription]").click()
    page.locator("label[for=kinds-taxi_driver-unpaid_fares]").click()
    page.get_by_role("button", name="택시 기사 보상 청구 시작").click()
    page.wait_for_url("**/edit/contact")
    _check(page, axe, "contact")
    page.get_by_label("은행").select_option("004")
    page.get_by_label("계좌번호").fill("110-123-456789")
    page.get_by_label("예금주").fill("박택시")
    page.get_by_label("택시 차량 번호").fill("서울12바3456")
    page.get_by_role("button", name="저장하고 계속").click()
    page.wait_for_url("**/edit/losses")
    _check(page, axe, "losses")

    page.locator("#subscription-0-service").select_option("kakao_t_taxi")
    page.locator("#subscription-0-monthly_fee").fill("39000")
    # The date pickers already stand on the outage's first day: only the times are picked.
    assert page.locator("#unpaid_fares-0-started_at").input_value() == "2022-10-15"
    page.locator("#unpaid_fares-0-started_at__time").fill("15:15")
    page.locator("#unpaid_fares-0-ended_at__time").fill("15:40")
    page.locator("#unpaid_fares-0-fare").fill("6500")
    # JavaScript adds a row in place (no reload), and removes it again.
    page.locator("section[data-kind=unpaid_fares] [data-add-row]").click()
    assert page.locator("#unpaid_fares-1-fare").count() == 1
    assert page.locator("#unpaid_fares-0-fare").input_value() == "6500"
    _check(page, axe, "losses with an added row")
    page.locator("#unpaid_fares-1-fare").fill("1234")
    page.locator("section[data-kind=unpaid_fares] [data-remove-row]").nth(1).click()
    assert page.locator("#unpaid_fares-1-fare").count() == 0
    page.get_by_role("button", name="저장하고 계속").click()
    page.wait_for_url("**/edit/review")
    page.get_by_role("link", name="3. 증빙자료").click()
    page.wait_for_url("**/edit/evidence")
    _check(page, axe, "evidence")

    page.locator("#files").set_input_files({"name": "ride.png", "mimeType": "image/png", "buffer": PNG})
    page.get_by_role("button", name="올리기").click()
    page.wait_for_url("**/edit/evidence")
    assert page.get_by_role("link", name="ride.png").count() == 1
    _check(page, axe, "evidence with a file")
    page.get_by_role("button", name="다음: 확인 및 제출").click()
    page.wait_for_url("**/edit/review")
    _check(page, axe, "review")
    assert "18,290원" in page.content()

    page.get_by_role("button", name="청구 제출").click()
    page.wait_for_load_state("load")
    expect(page.locator(".error-summary")).to_be_visible()  # waits for the page the form answered with
    assert page.title().startswith("오류: ")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    _check(page, axe, "review with an error")
    page.locator("label[for=declaration]").click()  # KRDS draws the box on the label
    assert page.locator("#declaration").is_checked()
    page.get_by_role("button", name="청구 제출").click()
    page.wait_for_url("**/receipt")
    _check(page, axe, "receipt")
    reference = page.locator(".receipt-ref").inner_text()
    assert reference.startswith("KC-2210-")

    page.get_by_role("link", name="내 청구").first.click()
    _check(page, axe, "my claims")
    assert reference in page.content() and "18,290원" in page.content()
    page.get_by_role("link", name=reference).click()
    _check(page, axe, "claim page")


def test_public_pages_are_accessible_on_a_phone(live_server, page, axe):
    for path in ("/timeline", "/policy", "/estimate", "/estimate?type=merchant"):
        page.goto(live_server + path)
        _check(page, axe, path)
    page.locator("#lost_sales-0-service").select_option("kakaotalk_gift")
    page.locator("#lost_sales-0-daily_sales").fill("200000")
    page.locator("#lost_sales-0-open").fill("10:00")
    page.locator("#lost_sales-0-close").fill("22:00")
    page.get_by_role("button", name="계산하기").click()
    assert "90,000원" in page.content()
    _check(page, axe, "estimate result")
