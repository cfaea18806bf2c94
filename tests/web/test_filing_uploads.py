"""Evidence uploads through the web: what is accepted, and a clear message for what is not."""

from __future__ import annotations

import io

import pytest
from claimant_helpers import PDF, PNG, start
from sqlalchemy import select

from claims.db import get_session
from claims.models import Claim
from claims.services import evidence

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 16


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
        assert types == ["application/pdf", "image/heic", "image/jpeg", "image/png"]
        for row in claim.evidence:
            path = evidence.file_path(row)
            assert (
                path.exists()
                and path.name == row.stored_name
                and path.stem != row.original_name.rsplit(".")[0]
            )
            assert "static" not in path.parts
            import hashlib

            assert hashlib.sha256(path.read_bytes()).hexdigest() == row.sha256


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
        path = evidence.file_path(row)
    assert path.exists()
    response = client.post(f"/my/claims/{draft}/files/{row.id}/delete")
    assert response.status_code == 302
    assert not path.exists()
    with app.app_context():
        assert not get_session().scalar(select(Claim).where(Claim.reference == draft)).evidence
