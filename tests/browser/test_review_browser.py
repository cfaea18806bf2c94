"""In a real browser: a reviewer decides a flagged claim line by line, and a supervisor signs it."""

from __future__ import annotations

import re

import pytest

from claims.db import get_session
from claims.demo.accounts import DEMO_PASSWORD
from claims.models import Claim, User
from claims.services.incidents import default_incident
from claims.services.triage import triage
from tests.factories import AUTHOR_ITEMS, PNG_BYTES, add_evidence, make_claim

pytestmark = pytest.mark.browser


def _sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit].primary").click()
    page.wait_for_load_state()


def _flagged_claim(app) -> tuple[int, str]:
    with app.app_context():
        session = get_session()
        incident = default_incident(session)
        author = session.query(User).filter_by(email="author@example.com").one()
        first = make_claim(
            session,
            author,
            incident,
            claimant_type="author",
            items=AUTHOR_ITEMS,
            payout_account="3333-01-1234567",
        )
        claim = make_claim(
            session,
            author,
            incident,
            claimant_type="author",
            items=AUTHOR_ITEMS,
            payout_account="3333-01-1234567",
        )
        triage(session, claim)
        session.commit()
        add_evidence(session, claim, app.config["UPLOAD_DIR"], "contract.png", PNG_BYTES)
        assert claim.signals == ["POSSIBLE_DUPLICATE"] and first.id != claim.id
        return claim.id, claim.reference


def test_a_reviewer_decides_a_flagged_claim_and_a_supervisor_signs(live_server, app, page, axe):
    claim_id, reference = _flagged_claim(app)
    _sign_in(page, live_server, "reviewer@example.com")
    page.goto(live_server + "/review/?flag=any")
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(re.compile(rf"/review/claims/{claim_id}(\?|$)"))
    assert page.locator("img[alt='contract.png']").is_visible()
    page.locator("form[action$='/assign'] button").click()
    page.wait_for_url(re.compile(rf"/review/claims/{claim_id}(\?|$)"))
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Line 1: adjust with a note; line 2: reject with a reason from the catalogue.
    page.locator("label[for=line-0-outcome-1]").click()
    page.locator("#line-0-amount").fill("1500000")
    page.locator("#line-0-note").fill("Launch earnings supported up to 1,500,000 by the contract")
    page.locator("label[for=line-1-outcome-2]").click()
    assert page.locator("#line-1-amount").is_hidden()  # the script shows only what the choice needs
    page.locator("#line-1-reason_code").select_option("DUPLICATE")
    page.screenshot(path="/tmp/review-claim.png", full_page=True)
    page.locator("form.decision-form button.primary[type=submit]").click()
    page.wait_for_url("**/review/")
    assert page.locator(".flash--success").is_visible()

    page.screenshot(path="/tmp/review-queue.png", full_page=True)
    page.locator("form[action$='/logout'] button").click()
    _sign_in(page, live_server, "supervisor@example.com")
    page.goto(live_server + "/review/approvals")
    assert axe(page) == []
    page.get_by_role("link", name=reference).click()
    page.locator("form[action$='/sign'] button.primary").click()
    page.wait_for_url("**/review/approvals")
    assert page.locator(".flash--success").is_visible()

    for path in ("/oversight/stats", "/oversight/payouts"):
        page.goto(live_server + path)
        assert axe(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    page.screenshot(path="/tmp/oversight-payouts.png", full_page=True)

    with app.app_context():
        claim = get_session().get(Claim, claim_id)
        assert claim.status in ("decided", "letter_issued")  # the letter is issued at once without Redis
        assert (claim.decision, claim.amount_approved) == ("partly_approved", 1_500_000)
