"""What an uploaded file really is, and a safe copy of it to keep: pure functions of the file's bytes.

The first bytes only say what a file claims to be. Images (JPEG, PNG, HEIC) are therefore decoded with Pillow
within a pixel limit and re-encoded — EXIF orientation applied, metadata (location, camera) and anything
appended after the picture dropped — so reviewers and claimants only ever see pixels we drew ourselves. A
HEIC photo becomes a JPEG, which every browser shows. PDFs are parsed with pypdf and refused when they carry
JavaScript, attached files, launch actions or forms that run code, when they are encrypted (we cannot look
inside), or when bytes follow the end of the document (an HTML or JPEG tail: a polyglot).
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

# A 48-megapixel phone photo fits; a 20000×20000 "decompression bomb" (400 MP, 1.2 GB decoded) does not.
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 90
HEIC_BRANDS = frozenset({b"heic", b"heix", b"mif1", b"msf1"})
# PDF names that make a document act rather than show: scripts, attachments, launching programs, rich media,
# XFA forms. Any of them anywhere in the document refuses it.
ACTIVE_PDF_NAMES = frozenset(
    {"/JavaScript", "/JS", "/EmbeddedFile", "/EmbeddedFiles", "/Launch", "/RichMedia", "/XFA", "/SubmitForm"}
)
# The same names in the raw bytes (after undoing #-escapes such as /J#61vaScript): a backstop for objects
# pypdf would not reach from the document's root.
_RAW_ACTIVE = re.compile(rb"/(?:JS|JavaScript|EmbeddedFiles?|Launch|RichMedia|XFA)(?![A-Za-z0-9])")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# After %%EOF only line ends and padding may follow (some scanners add NULs or spaces).
_TAIL_ALLOWED = re.compile(rb"[\r\n\t \x00]*")

NOT_ACCEPTED = _l("This is not a PDF, JPEG, PNG or HEIC file (we check the content, not the name).")
BROKEN_IMAGE = _l(
    "This picture could not be read: it is damaged or not really an image. Save it again and retry."
)
TOO_MANY_PIXELS = _l(
    "This picture is too large (more than 50 megapixels). "
    "Take a screenshot of it or save it smaller, then retry."
)
BROKEN_PDF = _l("This PDF could not be read: it is damaged. Save or print it to PDF again and retry.")
ACTIVE_PDF = _l(
    "This PDF contains scripts, attached files or actions, which we do not accept. "
    "Print it to a new PDF (or take a screenshot) and upload that."
)
ENCRYPTED_PDF = _l("This PDF is password-protected, so we cannot check it. Save a copy without a password.")
PDF_TAIL = _l(
    "This PDF has other data after its end, so we cannot accept it as it is. Print it to a new PDF and retry."
)


@dataclass(frozen=True)
class SafeFile:
    """The bytes to keep and what they are."""

    data: bytes
    content_type: str
    extension: str


def sniff(head: bytes) -> str | None:
    """The content type a file claims from its first bytes, if it is one we accept; otherwise None."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        # ISO base media: the box size, "ftyp", the major brand, a version, then compatible brands.
        size = int.from_bytes(head[0:4], "big")
        end = min(max(size, 16), len(head))
        brands = {head[8:12]} | {head[i : i + 4] for i in range(16, end - 3, 4)}
        if brands & HEIC_BRANDS:
            return "image/heic"
    return None


def make_safe(data: bytes) -> SafeFile | str:
    """A safe copy of the file, or why it is refused (in words for the claimant)."""
    claimed = sniff(data[:64])
    if claimed is None:
        return str(NOT_ACCEPTED)
    if claimed == "application/pdf":
        return check_pdf(data)
    return reencode_image(data, claimed)


def _open_image(data: bytes, claimed: str) -> Image.Image:
    if claimed == "image/heic":
        import pillow_heif

        pillow_heif.register_heif_opener()
    formats = {"image/jpeg": ["JPEG"], "image/png": ["PNG"], "image/heic": ["HEIF"]}[claimed]
    return Image.open(io.BytesIO(data), formats=formats)


def reencode_image(data: bytes, claimed: str) -> SafeFile | str:
    try:
        with warnings.catch_warnings():
            # We apply our own, lower pixel limit below; Pillow's warning would only repeat it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = _open_image(data, claimed)
            width, height = image.size
            if width * height > MAX_PIXELS:
                return str(TOO_MANY_PIXELS)
            image.load()
    except Image.DecompressionBombError:
        return str(TOO_MANY_PIXELS)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        return str(BROKEN_IMAGE)
    image = ImageOps.exif_transpose(image)  # the photo the right way up, before its EXIF goes
    image.info = {}  # no EXIF, comment, ICC profile or text chunk is written back: pixels only
    out = io.BytesIO()
    if claimed == "image/png":
        keep = image.mode if image.mode in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16") else "RGBA"
        image.convert(keep).save(out, format="PNG", optimize=False)
        return SafeFile(out.getvalue(), "image/png", ".png")
    image.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY)
    return SafeFile(out.getvalue(), "image/jpeg", ".jpg")


def _active_names(obj, seen: set[int], depth: int = 0) -> bool:
    """True when a PDF object (dictionary, array, stream) uses an active name, at any depth."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    if depth > 64:
        return False
    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return False
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, NameObject):
        return str(obj) in ACTIVE_PDF_NAMES
    if isinstance(obj, DictionaryObject):
        return any(
            str(key) in ACTIVE_PDF_NAMES or _active_names(value, seen, depth + 1)
            for key, value in obj.items()
        )
    if isinstance(obj, ArrayObject):
        return any(_active_names(value, seen, depth + 1) for value in obj)
    return False


def check_pdf(data: bytes) -> SafeFile | str:
    end = data.rfind(b"%%EOF")
    if end < 0:
        return str(BROKEN_PDF)
    if not _TAIL_ALLOWED.fullmatch(data[end + 5 :]):
        return str(PDF_TAIL)
    if _RAW_ACTIVE.search(_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), data)):
        return str(ACTIVE_PDF)
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about small, repairable faults
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                return str(ENCRYPTED_PDF)
            if len(reader.pages) == 0:
                return str(BROKEN_PDF)
            # Every object, including those packed in compressed object streams (invisible to the byte scan).
            seen: set[int] = set()
            if _active_names(reader.trailer, seen):
                return str(ACTIVE_PDF)
            for page in reader.pages:
                if _active_names(page, seen):
                    return str(ACTIVE_PDF)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError):
        return str(BROKEN_PDF)
    return SafeFile(data, "application/pdf", ".pdf")
