"""In a real browser: a supervisor corrects a downtime window (preview, save, reassessment, public change
log) and compares two policies, then tries a draft with a bad value; every page axe-core clean."""

from __future__ import annotations

import pytest

from claims.db import get_session
from claims.demo.accounts import DEMO_PASSWORD
from claims.models import Claim, User
from claims.services.incidents import default_incident
from tests.factories import make_claim

pytestmark = pytest.mark.browser

TAXI = [{"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 39000}]


def _sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit].primary").click()
    page.wait_for_load_state()


def _taxi_claim(app) -> tuple[int, str]:
    with app.app_context():
        session = get_session()
        driver = session.query(User).filter_by(email="driver@example.com").one()
        claim = make_claim(session, driver, default_incident(session), items=TAXI)
        return claim.id, claim.reference


def test_a_supervisor_corrects_a_window_and_compares_policies(live_server, app, page, axe):
    claim_id, reference = _taxi_claim(app)
    _sign_in(page, live_server, "supervisor@example.com")

    page.goto(live_server + "/steer/windows")
    assert axe(page) == []
    taxi_row = page.locator('tr:has(input[type=hidden][value="kakao_t_taxi"])')
    taxi_row.locator('input[name$="-end"]').fill("2022-10-16T12:00")
    page.locator("button[name=action][value=preview]").click()
    page.wait_for_load_state()
    largest = page.locator("#impact-largest")
    assert reference in largest.inner_text()
    assert "10,750" in largest.inner_text() and "11,790" in largest.inner_text()
    assert axe(page) == []

    page.locator("#reason").fill("택시 호출은 12:00에 복구되었다는 공지")
    page.locator("#source").fill("KBS 5580046")
    page.locator("button[name=action][value=save]").click()
    page.wait_for_url("**/steer/windows/runs/*")
    assert axe(page) == []
    with app.app_context():
        assert get_session().get(Claim, claim_id).amount_computed == 10_750

    page.goto(live_server + "/timeline")
    assert "KBS 5580046" in page.locator("#change-log").inner_text()
    assert axe(page) == []

    page.goto(live_server + "/steer/policies")
    page.locator("#a").select_option("as-paid-2022")
    page.locator("#b").select_option("fair-2022")
    page.locator("#compare-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#compare-histogram").is_visible()
    assert page.locator("svg[role=img]").count() >= 1
    assert axe(page) == []

    page.goto(live_server + "/steer/policies/draft?base=fair-2022")
    page.locator('[id="v-lost_income.line_cap"]').fill("-5")
    page.locator("#draft-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "heads.lost_income.line_cap.value" in page.locator(".error-summary").inner_text()
    assert page.locator('[id="v-lost_income.line_cap"]').get_attribute("aria-invalid") == "true"
    assert axe(page) == []
