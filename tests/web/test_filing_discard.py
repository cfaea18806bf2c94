"""A claimant can throw away a draft they will not file; a filed claim can only be withdrawn."""

from __future__ import annotations

import io
from pathlib import Path

from claimant_helpers import CASES, PNG, fill_contact, fill_losses, start, submit
from sqlalchemy import select

from claims.db import get_session
from claims.models import AuditEvent, Claim


def _draft_with_a_file(client) -> str:
    reference = start(client, "taxi_driver")
    fill_contact(client, reference)
    fill_losses(client, reference, CASES["taxi_driver"])
    client.post(
        f"/my/claims/{reference}/edit/evidence",
        data={"files": [(io.BytesIO(PNG), "receipt.png")], "action": "upload"},
        content_type="multipart/form-data",
    )
    return reference


def test_a_draft_is_discarded_with_its_files_after_a_confirmation(app, client, create_user, login, incident):
    login(create_user().email)
    reference = _draft_with_a_file(client)
    uploads = Path(app.config["UPLOAD_DIR"])
    assert len(list(uploads.iterdir())) == 1
    assert f"/my/claims/{reference}/discard" in client.get("/my/claims").get_data(as_text=True)

    unconfirmed = client.post(f"/my/claims/{reference}/discard", data={})
    assert unconfirmed.status_code == 200 and "error-summary" in unconfirmed.get_data(as_text=True)

    done = client.post(f"/my/claims/{reference}/discard", data={"confirm": "y"}, follow_redirects=True)
    assert f"{reference}" in done.get_data(as_text=True)  # the message names it
    with app.app_context():
        session = get_session()
        assert session.scalar(select(Claim).where(Claim.reference == reference)) is None
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "claim.discard"))
        assert event.before["reference"] == reference and event.before["files"] == 1
    assert list(uploads.iterdir()) == []
    assert client.get(f"/my/claims/{reference}").status_code == 404


def test_a_filed_claim_cannot_be_discarded(app, client, create_user, login, incident):
    app.config["STP_LIMIT"] = 0
    login(create_user().email)
    reference = _draft_with_a_file(client)
    submit(client, reference)
    response = client.post(f"/my/claims/{reference}/discard", data={"confirm": "y"}, follow_redirects=True)
    assert "취하" in response.get_data(as_text=True)  # told to withdraw instead
    with app.app_context():
        assert get_session().scalar(select(Claim).where(Claim.reference == reference)) is not None


def test_another_claimant_cannot_discard_my_draft(app, client, create_user, login, incident):
    login(create_user(email="alice@example.com").email)
    reference = _draft_with_a_file(client)
    client.post("/logout")
    login(create_user(email="bob@example.com").email)
    assert client.get(f"/my/claims/{reference}/discard").status_code == 404
    assert client.post(f"/my/claims/{reference}/discard", data={"confirm": "y"}).status_code == 404
    with app.app_context():
        assert get_session().scalar(select(Claim).where(Claim.reference == reference)) is not None
