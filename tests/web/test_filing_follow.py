"""Following a claim: double submit, withdraw, the information-request round trip, letters and appeals."""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta

import pytest
from claimant_helpers import CASES, PDF, PNG, fill_contact, fill_losses, start, submission_key, submit
from sqlalchemy import func, select

from claims.db import get_session, utcnow
from claims.models import Appeal, Claim, InfoRequest, Letter


@pytest.fixture
def claimant(app, create_user, login, incident):
    # No straight-through approval here: these tests set the decision and its letter themselves.
    app.config["STP_LIMIT"] = 0
    user = create_user(email="driver@example.com")
    login(user.email)
    return user


def _ready(client, claimant_type="taxi_driver") -> str:
    reference = start(client, claimant_type)
    fill_contact(client, reference)
    fill_losses(client, reference, CASES[claimant_type])
    return reference


def _claim(app, reference) -> Claim:
    with app.app_context():
        return get_session().scalar(select(Claim).where(Claim.reference == reference))


def _set(app, reference, **values):
    with app.app_context():
        session = get_session()
        claim = session.scalar(select(Claim).where(Claim.reference == reference))
        for name, value in values.items():
            setattr(claim, name, value)
        session.commit()
        return claim.id


def test_submitting_twice_files_one_claim(app, client, claimant):
    reference = _ready(client)
    key = submission_key(client, reference)
    first = submit(client, reference, key)
    second = submit(client, reference, key)  # double click, back button, retry after a timeout
    assert first.headers["Location"] == second.headers["Location"]
    assert second.headers["Location"].endswith(f"/{reference}/receipt")
    with app.app_context():
        session = get_session()
        claim = session.scalar(select(Claim).where(Claim.reference == reference))
        assert len(claim.assessments) == 1
        assert session.scalar(select(func.count()).select_from(Claim)) == 1


def test_a_wrong_submission_key_does_not_file(app, client, claimant):
    reference = _ready(client)
    response = client.post(
        f"/my/claims/{reference}/edit/review", data={"submission_key": "forged", "declaration": "y"}
    )
    assert response.status_code == 200
    assert _claim(app, reference).status == "draft"


def test_withdraw_before_a_decision(app, client, claimant):
    reference = _ready(client)
    submit(client, reference)
    _set(app, reference, status="in_review", review_status="selected")
    version = _claim(app, reference).version
    assert client.post(f"/my/claims/{reference}/withdraw", data={"version": version}).status_code == 200
    response = client.post(f"/my/claims/{reference}/withdraw", data={"confirm": "y"})
    assert response.status_code == 400  # a form without the claim's version changes nothing
    assert _claim(app, reference).status == "in_review"
    response = client.post(f"/my/claims/{reference}/withdraw", data={"confirm": "y", "version": version})
    assert response.status_code == 302
    assert _claim(app, reference).status == "withdrawn"
    assert (
        "취하" in client.get("/my/claims").get_data(as_text=True)
        or "withdrawn" in client.get("/my/claims").get_data(as_text=True).lower()
    )


def test_a_decided_claim_cannot_be_withdrawn(app, client, claimant):
    reference = _ready(client)
    submit(client, reference)
    _set(app, reference, status="decided", decision="approved")
    version = _claim(app, reference).version
    client.post(f"/my/claims/{reference}/withdraw", data={"confirm": "y", "version": version})
    assert _claim(app, reference).status == "decided"


def test_information_request_round_trip(app, client, claimant):
    reference = _ready(client)
    submit(client, reference)
    claim_id = _set(app, reference, status="needs_info", review_status="selected")
    with app.app_context():
        session = get_session()
        session.add(
            InfoRequest(
                claim_id=claim_id,
                items=["Ride history screenshot", {"label": "Membership receipt"}],
                message="Please send the ride history.",
                due_on=date.today() + timedelta(days=14),
            )
        )
        session.commit()
    page = client.get(f"/my/claims/{reference}").get_data(as_text=True)
    assert "Ride history screenshot" in page and "Membership receipt" in page
    due = date.today() + timedelta(days=14)
    assert f"{due.year}년 {due.month}월 {due.day}일" in page
    assert f"/my/claims/{reference}/respond" in client.get("/my/claims").get_data(as_text=True)

    # Upload a file, correct an item, write a reply.
    response = client.post(
        f"/my/claims/{reference}/files",
        data={"files": [(io.BytesIO(PDF), "history.pdf")]},
        content_type="multipart/form-data",
    )
    assert response.headers["Location"].endswith(f"/{reference}/respond")
    corrected = {**CASES["taxi_driver"], "unpaid_fares-0-fare": "7000"}
    response = fill_losses(client, reference, corrected)
    assert response.headers["Location"].endswith(f"/{reference}/respond")
    version = _claim(app, reference).version
    assert (
        client.post(f"/my/claims/{reference}/respond", data={"reply": "", "version": version}).status_code
        == 200
    )
    response = client.post(f"/my/claims/{reference}/respond", data={"reply": "Attached the ride history."})
    assert response.status_code == 400  # without the claim's version nothing is sent
    answer = {"reply": "Attached the ride history.", "version": version}
    response = client.post(f"/my/claims/{reference}/respond", data=answer)
    assert response.status_code == 302

    with app.app_context():
        session = get_session()
        claim = session.scalar(select(Claim).where(Claim.reference == reference))
        assert claim.status == "submitted"
        assert [e.original_name for e in claim.evidence] == ["history.pdf"]
        assert claim.items[1].inputs["rides"][0]["fare"] == 7000
        assert claim.latest_assessment.total == 11790 + 7000
        request = session.scalar(select(InfoRequest).where(InfoRequest.claim_id == claim.id))
        assert request.response == "Attached the ride history." and request.responded_at is not None
    # Answered: the form is gone.
    assert client.get(f"/my/claims/{reference}/respond").status_code == 302


def _letter(app, reference, days_ago=1, decided_by=None):
    pdf = b"%PDF-1.4 decision letter"
    with app.app_context():
        session = get_session()
        claim = session.scalar(select(Claim).where(Claim.reference == reference))
        claim.status, claim.decision, claim.amount_approved = "letter_issued", "partly_approved", 6500
        claim.decided_at, claim.decided_by_id = utcnow() - timedelta(days=days_ago), decided_by
        letter = Letter(
            claim_id=claim.id,
            verification_code=f"V{reference[-6:]}{days_ago}",
            language="ko",
            sha256=hashlib.sha256(pdf).hexdigest(),
            pdf=pdf,
            decision="partly_approved",
            total=6500,
            issued_at=utcnow() - timedelta(days=days_ago),
        )
        session.add(letter)
        session.commit()
        return letter.id


def test_letter_download_and_appeal_within_30_days(app, client, claimant, create_user):
    reviewer = create_user(role="reviewer")
    reference = _ready(client)
    submit(client, reference)
    letter_id = _letter(app, reference, days_ago=3, decided_by=reviewer.id)

    response = client.get(f"/my/claims/{reference}/letters/{letter_id}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data == b"%PDF-1.4 decision letter"
    page = client.get(f"/my/claims/{reference}").get_data(as_text=True)
    assert f"/my/claims/{reference}/appeal" in page

    version = _claim(app, reference).version
    assert (
        client.post(f"/my/claims/{reference}/appeal", data={"reason": "", "version": version}).status_code
        == 200
    )
    response = client.post(f"/my/claims/{reference}/appeal", data={"reason": "Two rides are missing."})
    assert response.status_code == 400 and _claim(app, reference).status == "letter_issued"
    response = client.post(
        f"/my/claims/{reference}/appeal",
        data={
            "reason": "Two rides are missing.",
            "version": version,
            "files": [(io.BytesIO(PNG), "rides.png")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        session = get_session()
        claim = session.scalar(select(Claim).where(Claim.reference == reference))
        assert claim.status == "appealed"
        appeal = session.scalar(select(Appeal).where(Appeal.claim_id == claim.id))
        assert appeal.reason == "Two rides are missing."
        assert appeal.letter_id == letter_id and appeal.previous_reviewer_id == reviewer.id
        assert [e.original_name for e in claim.evidence] == ["rides.png"]


def test_an_appeal_with_a_bad_file_files_nothing(app, client, claimant):
    reference = _ready(client)
    submit(client, reference)
    _letter(app, reference, days_ago=3)
    response = client.post(
        f"/my/claims/{reference}/appeal",
        data={
            "reason": "Wrong.",
            "version": _claim(app, reference).version,
            "files": [(io.BytesIO(b"MZ\x90\x00 not a pdf"), "letter.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and "letter.pdf" in response.get_data(as_text=True)
    assert _claim(app, reference).status == "letter_issued"


def test_no_appeal_after_30_days(app, client, claimant):
    reference = _ready(client)
    submit(client, reference)
    _letter(app, reference, days_ago=31)
    assert f"/my/claims/{reference}/appeal" not in client.get(f"/my/claims/{reference}").get_data(
        as_text=True
    )
    response = client.post(f"/my/claims/{reference}/appeal", data={"reason": "Late."})
    assert response.status_code == 302
    assert _claim(app, reference).status == "letter_issued"
