"""Decision letters live in the portal's store (folder or S3), written with their row or not at all."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from claims import storage
from claims.models import Claim, Letter
from claims.services import letters
from tests.letters_factories import decided_claim, make_users

pytestmark = pytest.mark.usefixtures("any_store")


@pytest.fixture
def people(session):
    return make_users(session, claimant={"display_name": "김민준"}, reviewer={"role": "reviewer"})


def _letter_keys() -> list[str]:
    return [key for key in storage.current().list_keys() if key.startswith("letters/")]


def test_an_issued_letter_is_kept_in_the_store_not_in_the_row(session, incident, people):
    claim = decided_claim(session, people["claimant"], incident, people["reviewer"])
    letter = letters.issue_letter(claim.id)
    row = session.scalar(select(Letter).where(Letter.id == letter.id))
    assert row.pdf_bytes is None and row.stored_name in _letter_keys()
    stored = storage.current().get(row.stored_name)
    assert stored.startswith(b"%PDF-") and hashlib.sha256(stored).hexdigest() == row.sha256 == letter.sha256


def test_a_letter_whose_commit_fails_leaves_no_file(session, incident, people, monkeypatch):
    claim = decided_claim(session, people["claimant"], incident, people["reviewer"])
    real_commit = session.commit

    def lost_race():
        monkeypatch.setattr(session, "commit", real_commit)
        raise StaleDataError("another worker issued it first")

    monkeypatch.setattr(session, "commit", lost_race)
    assert letters.issue_letter(claim.id) is None  # the race was lost and nobody else wrote one here
    assert _letter_keys() == []
    assert session.get(Claim, claim.id, populate_existing=True).status == "decided"


def test_the_claimant_downloads_the_letter_sandboxed_and_uncached(client, session, incident, people, login):
    claim = decided_claim(session, people["claimant"], incident, people["reviewer"])
    letter = letters.issue_letter(claim.id)
    login(people["claimant"].email)
    response = client.get(f"/my/claims/{claim.reference}/letters/{letter.id}")
    assert response.status_code == 200 and response.data == letter.pdf
    assert response.headers["Content-Security-Policy"].startswith("sandbox")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    assert "attachment" in response.headers["Content-Disposition"]
