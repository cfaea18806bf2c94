"""Evidence files are judged by their first bytes (magic numbers), never by their name."""

from __future__ import annotations

import io

import pytest

from claims.services import evidence

HEIC_BOX = b"\x00\x00\x00\x18ftyp"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n%", "application/pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\xff\xd8\xff\xe1\x00\x10Exif", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (HEIC_BOX + b"heic\x00\x00\x00\x00mif1heic", "image/heic"),
        (HEIC_BOX + b"heix\x00\x00\x00\x00", "image/heic"),
        (HEIC_BOX + b"mif1\x00\x00\x00\x00heic", "image/heic"),
        (b"\x00\x00\x00\x1cftypmsf1\x00\x00\x00\x00isomheic", "image/heic"),
        (b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00mp41", None),  # an MP4 video
        (b"\x00\x00\x00\x18ftypavif\x00\x00\x00\x00avif", None),
        (b"PDF-1.7", None),
        (b"%PDF", None),
        (b"\xff\xd8", None),
        (b"\x89PNG\r\n", None),
        (b"MZ\x90\x00", None),  # a Windows executable
        (b"<html><script>", None),
        (b"GIF89a", None),
        (b"", None),
    ],
)
def test_sniff(head, expected):
    assert evidence.sniff(head) == expected


def test_check_upload_reads_the_content_and_says_why_it_refuses(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        data, content_type = evidence.check_upload(evidence.Upload("x.txt", io.BytesIO(b"%PDF-1.4 ok")))
        assert content_type == "application/pdf" and data == b"%PDF-1.4 ok"
        refused = evidence.check_upload(evidence.Upload("photo.jpg", io.BytesIO(b"GIF89a....")))
        assert refused.filename == "photo.jpg" and "PDF, JPEG, PNG or HEIC" in refused.reason
        empty = evidence.check_upload(evidence.Upload("e.pdf", io.BytesIO(b"")))
        assert "empty" in empty.reason
        exactly = b"%PDF-" + b"0" * (evidence.MAX_FILE_BYTES - 5)
        assert evidence.check_upload(evidence.Upload("ok.pdf", io.BytesIO(exactly)))[1] == "application/pdf"
        over = evidence.check_upload(evidence.Upload("big.pdf", io.BytesIO(exactly + b"0")))
        assert "10 MB" in over.reason


def test_file_names_are_cleaned(app):
    with app.test_request_context():
        refused = evidence.check_upload(evidence.Upload("..\\..\\evil/../x.exe", io.BytesIO(b"MZ")))
        assert refused.filename == "x.exe"
