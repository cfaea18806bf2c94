"""Issue 11: an appeal acknowledged by e-mail, the claim page's dated history, no estimate talk after a
decision, and "register" from the sign-in page keeping where the person was going."""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from claimant_helpers import CASES, fill_contact, fill_losses, start, submit
from mail_helpers import last_link, messages

sys.path.insert(0, str(Path(__file__).parent))
from test_filing_follow import _claim, _letter  # noqa: E402


@pytest.fixture
def claimant(app, create_user, login, incident):
    app.config["STP_LIMIT"] = 0
    user = create_user(email="driver@example.com", language="ko")
    login(user.email)
    return user


def _filed(client) -> str:
    reference = start(client, "taxi_driver")
    fill_contact(client, reference)
    fill_losses(client, reference, CASES["taxi_driver"])
    submit(client, reference)
    return reference


def test_an_appeal_is_acknowledged_by_e_mail_and_shown_in_the_history(app, client, claimant, create_user):
    reviewer = create_user(role="reviewer")
    reference = _filed(client)
    _letter(app, reference, days_ago=2, decided_by=reviewer.id)
    before = len(messages(app.config["MAIL_OUTBOX"]))
    version = _claim(app, reference).version
    response = client.post(
        f"/my/claims/{reference}/appeal", data={"reason": "운행 기록을 다시 봐 주세요.", "version": version}
    )
    assert response.status_code == 302
    mails = messages(app.config["MAIL_OUTBOX"])[before:]
    assert len(mails) == 1 and reference in mails[0]["Subject"] and mails[0]["Date"]
    assert mails[0]["To"] == "driver@example.com" and "이의 신청" in mails[0].get_content()
    page = client.get(f"/my/claims/{reference}").get_data(as_text=True)
    history = page[page.index('class="claim-history"') :]
    for step in ("보상 청구를 제출했습니다", "결정 통지서가 발급되었습니다", "이의 신청을 했습니다"):
        assert step in history, step
    stamps = re.findall(r'<time datetime="([^"]+)"', history)
    assert stamps == sorted(stamps, key=datetime.fromisoformat)  # oldest first


def test_after_a_decision_the_claim_page_no_longer_speaks_of_an_estimate(app, client, claimant, create_user):
    reviewer = create_user(role="reviewer")
    reference = _filed(client)
    before = client.get(f"/my/claims/{reference}").get_data(as_text=True)
    assert "산정액" in before
    _letter(app, reference, days_ago=2, decided_by=reviewer.id)
    after = client.get(f"/my/claims/{reference}").get_data(as_text=True)
    assert "산정액" not in after and "예상 보상액" not in after


def test_register_from_the_sign_in_page_keeps_next(app, client, incident):
    page = client.get("/login?next=/my/claims/new").get_data(as_text=True)
    assert 'href="/register?next=/my/claims/new"' in page
    form = {
        "display_name": "김청구",
        "email": "next@example.com",
        "phone": "010-2222-3333",
        "language": "ko",
        "password": "correct horse",
        "confirm": "correct horse",
        "privacy_consent": "agree",
    }
    response = client.post("/register?next=/my/claims/new", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    confirmed = client.get(last_link(app.config["MAIL_OUTBOX"], "/confirm/"))
    assert confirmed.status_code == 302
    assert unquote(confirmed.headers["Location"]).endswith("/login?next=/my/claims/new")
    signed_in = client.post(
        confirmed.headers["Location"], data={"email": form["email"], "password": "correct horse"}
    )
    assert signed_in.headers["Location"].endswith("/my/claims/new")


def test_a_foreign_next_is_not_kept(app, client, incident):
    client.post("/register?next=https://evil.example/", data={})
    assert 'href="/register?next=https' not in client.get("/login").get_data(as_text=True)


def test_a_filed_claim_can_be_corrected_until_a_reviewer_opens_it(app, client, claimant):
    from sqlalchemy import select

    from claims.db import get_session
    from claims.models import AuditEvent, Claim

    reference = _filed(client)
    page = client.get(f"/my/claims/{reference}").get_data(as_text=True)
    assert f"/my/claims/{reference}/edit/losses" in page
    corrected = {**CASES["taxi_driver"], "unpaid_fares-0-fare": "7000"}
    response = fill_losses(client, reference, corrected)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/my/claims/{reference}")
    with app.app_context():
        session = get_session()
        claim = session.scalar(select(Claim).where(Claim.reference == reference))
        assert claim.status == "submitted"
        assert [a.total for a in claim.assessments] == [18290, 18790]  # a new assessment
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.object_id == str(claim.id)))
        assert "claim.corrected" in list(actions)
        claim.status = "in_review"  # a reviewer opens it
        session.commit()
    refused = fill_losses(client, reference, CASES["taxi_driver"])
    assert refused.status_code == 302 and refused.headers["Location"].endswith(f"/my/claims/{reference}")
    with app.app_context():
        claim = get_session().scalar(select(Claim).where(Claim.reference == reference))
        assert claim.items[1].inputs["rides"][0]["fare"] == 7000  # unchanged by the refused correction
    page = client.get(f"/my/claims/{reference}").get_data(as_text=True)
    assert f"/my/claims/{reference}/edit/losses" not in page
