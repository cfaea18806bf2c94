"""A claimant reaches only their own claims, files and letters: another claimant's ids give 404."""

from __future__ import annotations

import hashlib
import io

import pytest
from claimant_helpers import CASES, PNG, fill_contact, fill_losses, start, submit
from sqlalchemy import select

from claims.db import get_session
from claims.models import Claim, Evidence, Letter


@pytest.fixture
def owner_claim(app, client, create_user, login, incident):
    """Alice's submitted claim with a file and a letter; then Bob signs in on the same client."""
    app.config["STP_LIMIT"] = 0  # the test sets the letter itself
    alice = create_user(email="alice@example.com")
    login(alice.email)
    reference = start(client, "taxi_driver")
    fill_contact(client, reference)
    fill_losses(client, reference, CASES["taxi_driver"])
    client.post(
        f"/my/claims/{reference}/edit/evidence",
        data={"files": [(io.BytesIO(PNG), "alice.png")], "action": "upload"},
        content_type="multipart/form-data",
    )
    submit(client, reference)
    with app.app_context():
        session = get_session()
        claim = session.scalar(select(Claim).where(Claim.reference == reference))
        pdf = b"%PDF-1.4 alice"
        letter = Letter(
            claim_id=claim.id,
            verification_code="VALICE1",
            language="ko",
            sha256=hashlib.sha256(pdf).hexdigest(),
            pdf=pdf,
            decision="approved",
            total=1,
        )
        session.add(letter)
        claim.status = "letter_issued"
        session.commit()
        evidence_id = session.scalar(select(Evidence.id).where(Evidence.claim_id == claim.id))
        ids = {"reference": reference, "evidence": evidence_id, "letter": letter.id}
    client.post("/logout")
    return ids


def _routes(ids):
    ref = ids["reference"]
    return [
        ("get", f"/my/claims/{ref}"),
        ("get", f"/my/claims/{ref}/receipt"),
        ("get", f"/my/claims/{ref}/edit/contact"),
        ("post", f"/my/claims/{ref}/edit/losses"),
        ("post", f"/my/claims/{ref}/edit/review"),
        ("get", f"/my/claims/{ref}/withdraw"),
        ("post", f"/my/claims/{ref}/withdraw"),
        ("get", f"/my/claims/{ref}/respond"),
        ("post", f"/my/claims/{ref}/files"),
        ("post", f"/my/claims/{ref}/files/{ids['evidence']}/delete"),
        ("get", f"/my/claims/{ref}/files/{ids['evidence']}"),
        ("get", f"/my/claims/{ref}/letters/{ids['letter']}"),
        ("get", f"/my/claims/{ref}/appeal"),
        ("post", f"/my/claims/{ref}/appeal"),
    ]


def test_another_claimant_gets_404_everywhere(app, client, owner_claim, create_user, login):
    bob = create_user(email="bob@example.com")
    login(bob.email)
    for method, url in _routes(owner_claim):
        response = getattr(client, method)(url, data={"confirm": "y", "reason": "x"})
        assert response.status_code == 404, (method, url, response.status_code)
    with app.app_context():
        claim = get_session().scalar(select(Claim).where(Claim.reference == owner_claim["reference"]))
        assert claim.status == "letter_issued" and len(claim.evidence) == 1
    assert owner_claim["reference"] not in client.get("/my/claims").get_data(as_text=True)


def test_own_file_and_letter_under_another_claim_reference_are_404(
    app, client, owner_claim, create_user, login
):
    bob = create_user(email="bob@example.com")
    login(bob.email)
    bob_ref = start(client, "user")
    assert client.get(f"/my/claims/{bob_ref}/files/{owner_claim['evidence']}").status_code == 404
    assert client.get(f"/my/claims/{bob_ref}/letters/{owner_claim['letter']}").status_code == 404
    assert client.post(f"/my/claims/{bob_ref}/files/{owner_claim['evidence']}/delete").status_code == 404


def test_the_claimant_and_staff_can_fetch_the_file_and_letter(client, owner_claim, create_user, login):
    login("alice@example.com")
    ref = owner_claim["reference"]
    response = client.get(f"/my/claims/{ref}/files/{owner_claim['evidence']}")
    assert response.status_code == 200 and response.data == PNG and response.mimetype == "image/png"
    assert "attachment" in response.headers["Content-Disposition"]
    client.post("/logout")
    reviewer = create_user(role="reviewer")
    login(reviewer.email)
    assert client.get(f"/my/claims/{ref}/files/{owner_claim['evidence']}").status_code == 200
    assert client.get(f"/my/claims/{ref}/letters/{owner_claim['letter']}").data == b"%PDF-1.4 alice"
    # Staff do not use the claimant's pages.
    assert client.get(f"/my/claims/{ref}").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, owner_claim):
    ref = owner_claim["reference"]
    for url in (f"/my/claims/{ref}", f"/my/claims/{ref}/files/{owner_claim['evidence']}", "/my/claims/new"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
