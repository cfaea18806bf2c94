"""Evidence files are judged by their content: decoded, re-encoded or parsed — never by name or first bytes.

Each hostile file below passed the first-bytes check of the first version (issue 10, hole 4).
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from claims.services import evidence, file_checks
from tests import samples

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


def _check(name: str, data: bytes):
    return evidence.check_upload(evidence.Upload(name, io.BytesIO(data)))


def test_check_upload_keeps_a_safe_copy_and_says_why_it_refuses(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        kept = _check("x.txt", samples.PDF)
        assert kept.content_type == "application/pdf" and kept.data == samples.PDF
        refused = _check("photo.jpg", b"GIF89a....")
        assert refused.filename == "photo.jpg" and "PDF, JPEG, PNG or HEIC" in refused.reason
        assert "empty" in _check("e.pdf", b"").reason
        padding = evidence.MAX_FILE_BYTES - len(samples.PDF) + 1
        exactly = samples.PDF.replace(b"%%EOF\n", b"%%EOF") + b" " * padding
        assert len(exactly) == evidence.MAX_FILE_BYTES
        assert _check("ok.pdf", exactly).content_type == "application/pdf"
        assert "10 MB" in _check("big.pdf", exactly + b" ").reason


def test_file_names_are_cleaned(app):
    with app.test_request_context():
        assert _check("..\\..\\evil/../x.exe", b"MZ").filename == "x.exe"
        assert _check("a\x00b.pdf", b"MZ").filename == "ab.pdf"


@pytest.mark.parametrize(
    ("data", "content_type", "extension"),
    [
        (samples.PNG, "image/png", ".png"),
        (samples.JPEG, "image/jpeg", ".jpg"),
        (samples.heic(), "image/jpeg", ".jpg"),  # every browser shows a JPEG; few show HEIC
        (samples.PDF, "application/pdf", ".pdf"),
    ],
)
def test_good_files_are_kept_as_what_they_are(app, data, content_type, extension):
    with app.test_request_context():
        kept = _check("f", data)
    assert (kept.content_type, kept.extension) == (content_type, extension)
    if content_type.startswith("image/"):
        picture = Image.open(io.BytesIO(kept.data))
        picture.load()
        assert picture.size == (40, 30)


def test_pictures_lose_their_metadata_and_keep_their_orientation(app):
    photo = samples.jpeg(size=(40, 30), exif=samples.gps_exif(orientation=6))  # 6: turn 90° to show
    screenshot = samples.png(text={"Author": "Kim Secret", "Comment": "home address"})
    assert b"SecretPhone" in photo and b"Kim Secret" in screenshot
    with app.test_request_context():
        kept_photo, kept_screenshot = _check("p.jpg", photo), _check("s.png", screenshot)
    assert b"SecretPhone" not in kept_photo.data and b"Exif" not in kept_photo.data
    assert Image.open(io.BytesIO(kept_photo.data)).size == (30, 40)  # turned the right way up, then stripped
    assert b"Kim Secret" not in kept_screenshot.data and b"tEXt" not in kept_screenshot.data


HOSTILE = [
    ("bomb.png", samples.png_bomb(), "50 megapixels"),
    ("page.png", samples.PNG_THEN_HTML, "could not be read"),
    ("script.pdf", samples.PDF_WITH_JAVASCRIPT, "scripts, attached files"),
    ("escaped.pdf", samples.PDF_WITH_ESCAPED_JAVASCRIPT, "scripts, attached files"),
    ("attachment.pdf", samples.PDF_WITH_EMBEDDED_FILE, "scripts, attached files"),
    ("tail.pdf", samples.PDF_WITH_HTML_TAIL, "other data after its end"),
    ("polyglot.pdf", samples.PDF_THEN_JPEG, "other data after its end"),
    ("broken.pdf", b"%PDF-1.7\n" + b"x" * 64, "damaged"),
    ("truncated.jpg", samples.JPEG[: len(samples.JPEG) // 2], "could not be read"),
]


@pytest.mark.parametrize(("name", "data", "reason"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_are_refused_with_a_reason(app, name, data, reason):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        refused = _check(name, data)
    assert isinstance(refused, evidence.Rejection), name
    assert refused.filename == name and reason in refused.reason


def test_an_encrypted_pdf_is_refused(app):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(samples.PDF)))
    writer.encrypt("secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert "password" in _check("locked.pdf", out.getvalue()).reason


def test_a_jpeg_hiding_a_pdf_is_kept_as_a_plain_jpeg(app):
    """JPEG first, a whole PDF in a comment segment: re-encoding keeps the picture and drops the PDF."""
    assert b"%PDF" in samples.JPEG_WITH_PDF[:1024]
    with app.test_request_context():
        kept = _check("polyglot.jpg", samples.JPEG_WITH_PDF)
    assert kept.content_type == "image/jpeg" and b"%PDF" not in kept.data and b"endobj" not in kept.data


def test_the_pixel_limit_is_the_documented_one():
    assert file_checks.MAX_PIXELS == 50_000_000 and file_checks.MAX_PIXELS < 20000 * 20000
