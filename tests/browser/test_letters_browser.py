"""In a real browser: checking a decision letter by its code, and the staff letters dashboard, on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from claims.db import get_session
from claims.models import User
from claims.services import letters
from claims.services.incidents import default_incident
from tests.factories import make_claim
from tests.letters_factories import decide

pytestmark = pytest.mark.browser


@pytest.fixture
def letter_code(app, live_server):
    """A demo claimant's claim decided with its letter issued, and one more decided claim awaiting one."""
    with app.app_context():
        session = get_session()
        claimant = session.query(User).filter_by(role="claimant").first()
        incident = default_incident(session)
        claim = make_claim(session, claimant, incident)
        decide(session, claim, lines={1: ("rejected", "NO_EVIDENCE")})
        code = letters.issue_letter(claim.id).verification_code
        decide(session, make_claim(session, claimant, incident))
        return code


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_checking_a_letter_by_its_code(live_server, page, axe, letter_code):
    page.goto(live_server + "/verify")
    assert axe(page) == [] and _fits(page)
    page.get_by_role("button", name="확인", exact=True).click()
    expect(page.locator(".error-summary")).to_be_visible()  # waits for the page the form answered with
    assert axe(page) == []
    page.get_by_label("확인코드").fill(letter_code.lower())
    page.get_by_role("button", name="확인", exact=True).click()
    page.wait_for_url(f"**/verify/{letter_code}")
    assert page.get_by_role("heading", level=1).inner_text() == "포털에서 발급한 통지서입니다"
    assert "18,290원" in page.locator(".verify-facts").inner_text()
    assert axe(page) == [] and _fits(page)
    page.screenshot(path="/tmp/letters-verify.png", full_page=True)
    page.goto(live_server + "/verify/ZZZZZZZZZZ")
    assert page.get_by_role("heading", level=1).inner_text() == "이 확인코드의 통지서가 없습니다"
    assert axe(page) == []


def test_the_letters_dashboard_issues_the_due_letters(live_server, page, axe, letter_code):
    page.goto(live_server + "/login")
    page.get_by_label("이메일").fill("reviewer@example.com")
    page.get_by_label("비밀번호").fill("demo1234!")
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url("**/review/")
    assert page.locator("a[href='/review/letters']").count() == 1  # in the menu
    page.goto(live_server + "/review/letters")
    assert page.locator('[data-count="pending"]').inner_text() == "1"
    assert axe(page) == [] and _fits(page)
    page.get_by_role("button", name="발급할 통지서 모두 발급").click()
    assert page.locator('[data-count="pending"]').inner_text() == "0"
    assert page.locator('[data-count="issued"]').inner_text() == "2"
    assert axe(page) == []
    page.screenshot(path="/tmp/letters-dashboard.png", full_page=True)
