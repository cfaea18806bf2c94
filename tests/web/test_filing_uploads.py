"""Evidence uploads through the web: what is accepted, and a clear message for what is not.

Every test runs on the local folder and on an S3 server (the `any_store` fixture).
"""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from claimant_helpers import PDF, PNG, start
from sqlalchemy import select

from claims import storage
from claims.db import get_session, utcnow
from claims.models import Claim
from tests import samples

pytestmark = pytest.mark.usefixtures("any_store")
JPEG = samples.JPEG
HEIC = samples.heic()


@pytest.fixture
def draft(client, create_user, login, incident):
    user = create_user()
    login(user.email)
    return start(client, "user")


def _upload(client, reference, files):
    return client.post(
        f"/my/claims/{reference}/edit/evidence",
        data={"files": [(io.BytesIO(data), name) for name, data in files], "action": "upload"},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_pdf_jpeg_png_and_heic_are_accepted_by_content(app, client, draft):
    body = _upload(
        client, draft, [("a.pdf", PDF), ("photo.jpg", JPEG), ("scan.png", PNG), ("IMG_0001.HEIC", HEIC)]
    ).get_data(as_text=True)
    for name in ("a.pdf", "photo.jpg", "scan.png", "IMG_0001.HEIC"):
        assert name in body
    assert "flash--error" not in body
    with app.app_context():
        claim = get_session().scalar(select(Claim).where(Claim.reference == draft))
        types = sorted(e.content_type for e in claim.evidence)
        assert types == ["application/pdf", "image/jpeg", "image/jpeg", "image/png"]  # HEIC became a JPEG
        store = storage.current()
        assert sorted(store.list_keys()) == sorted(row.stored_name for row in claim.evidence)
        for row in claim.evidence:
            assert re.fullmatch(r"[0-9a-f]{32}\.(png|jpg|pdf)", row.stored_name)  # not the claimant's name
            assert hashlib.sha256(store.get(row.stored_name)).hexdigest() == row.sha256


def test_a_renamed_file_is_rejected_with_the_reason(app, client, draft):
    body = _upload(client, draft, [("invoice.pdf", b"MZ\x90\x00 this is an executable")]).get_data(
        as_text=True
    )
    assert "invoice.pdf" in body and "flash--error" in body
    with app.app_context():
        assert not get_session().scalar(select(Claim).where(Claim.reference == draft)).evidence


def test_a_file_over_10_mb_is_rejected(app, client, draft):
    big = PDF + b"0" * (10 * 1024 * 1024)
    body = _upload(client, draft, [("big.pdf", big)]).get_data(as_text=True)
    assert "big.pdf" in body and "10MB보다 큰 파일" in body


def test_at_most_10_files_per_claim(app, client, draft):
    _upload(client, draft, [(f"f{i}.png", PNG) for i in range(9)])
    body = _upload(client, draft, [("ten.png", PNG), ("eleven.png", PNG)]).get_data(as_text=True)
    assert "eleven.png" in body and "flash--error" in body
    with app.app_context():
        assert len(get_session().scalar(select(Claim).where(Claim.reference == draft)).evidence) == 10


def test_a_file_can_be_removed_from_a_draft(app, client, draft):
    _upload(client, draft, [("a.png", PNG)])
    with app.app_context():
        row = get_session().scalar(select(Claim).where(Claim.reference == draft)).evidence[0]
        assert storage.current().exists(row.stored_name)
    response = client.post(f"/my/claims/{draft}/files/{row.id}/delete")
    assert response.status_code == 302
    with app.app_context():
        assert not get_session().scalar(select(Claim).where(Claim.reference == draft)).evidence
        assert list(storage.current().list_keys()) == []


HOSTILE = {
    "bomb.png": samples.png_bomb(),
    "page.png": samples.PNG_THEN_HTML,
    "script.pdf": samples.PDF_WITH_JAVASCRIPT,
    "attachment.pdf": samples.PDF_WITH_EMBEDDED_FILE,
    "tail.pdf": samples.PDF_WITH_HTML_TAIL,
    "polyglot.pdf": samples.PDF_THEN_JPEG,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_refused_and_nothing_is_kept(app, client, draft, name):
    body = _upload(client, draft, [(name, HOSTILE[name])]).get_data(as_text=True)
    assert name in body and "flash--error" in body
    with app.app_context():
        assert not get_session().scalar(select(Claim).where(Claim.reference == draft)).evidence
        assert list(storage.current().list_keys()) == []


def test_downloads_are_sandboxed_never_sniffed_never_cached(app, client, draft, create_user):
    _upload(client, draft, [("scan.png", PNG), ("a.pdf", PDF), ("IMG_1.HEIC", HEIC)])
    with app.app_context():
        rows = get_session().scalar(select(Claim).where(Claim.reference == draft)).evidence
        ids = {row.original_name: (row.claim_id, row.id) for row in rows}
    responses = {name: client.get(f"/my/claims/{draft}/files/{ids[name][1]}") for name in ids}
    with app.app_context():
        db = get_session()
        claim = db.scalar(select(Claim).where(Claim.reference == draft))
        claim.status, claim.filed_at = "submitted", utcnow()  # staff see filed claims
        db.commit()
    reviewer = app.test_client()
    reviewer.post("/login", data={"email": create_user(role="reviewer").email, "password": "password123"})
    for name, (claim_id, evidence_id) in ids.items():
        responses[f"review {name}"] = reviewer.get(f"/review/claims/{claim_id}/evidence/{evidence_id}")
    for name, response in responses.items():
        assert response.status_code == 200, name
        assert response.headers["Content-Security-Policy"].startswith("sandbox"), name
        assert response.headers["X-Content-Type-Options"] == "nosniff", name
        assert "no-store" in response.headers["Cache-Control"], name
    assert "attachment" in responses["a.pdf"].headers["Content-Disposition"]
    assert "attachment" in responses["review a.pdf"].headers["Content-Disposition"]
    # The HEIC photo is served as the JPEG we made of it, under the claimant's name.
    assert responses["IMG_1.HEIC"].mimetype == "image/jpeg"
    assert "IMG_1.jpg" in responses["IMG_1.HEIC"].headers["Content-Disposition"]
