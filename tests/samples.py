"""Files for upload tests, made here rather than shipped: good ones of each kind, and hostile ones.

Each hostile file is one that the first-bytes check alone used to accept (issue 10, hole 4).
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image
from PIL.PngImagePlugin import PngInfo


def png(size=(40, 30), color=(30, 90, 200), text: dict | None = None) -> bytes:
    info = PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def jpeg(size=(40, 30), color=(200, 60, 30), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG", quality=80, **({"exif": exif} if exif else {}))
    return out.getvalue()


def gps_exif(orientation: int | None = None) -> bytes:
    """EXIF with a camera model and a GPS position (what a phone photo carries), optionally an orientation."""
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    exif[0x0110] = "SecretPhone 12"  # Model
    exif[0x8825] = {1: "N", 2: (37.0, 24.0, 1.0), 3: "E", 4: (127.0, 6.0, 30.0)}  # GPSInfo
    return exif.tobytes()


def heic(size=(40, 30)) -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", size, (10, 160, 60)).save(out, format="HEIF", quality=60)
    return out.getvalue()


def pdf(extra_catalog: str = "", extra_objects: list[str] | None = None) -> bytes:
    """A one-page PDF with a correct cross-reference table; `extra_*` add entries to the catalog / objects."""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {extra_catalog}>>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
        *(extra_objects or []),
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


PNG = png()
JPEG = jpeg()
PDF = pdf()

# ---- hostile files ---------------------------------------------------------------------------------------


def png_bomb(width: int = 20000, height: int = 20000) -> bytes:
    """A valid PNG header for a huge greyscale picture of zeros: a few hundred KB that decode to 400 MB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    row = b"\x00" + b"\x00" * width  # filter byte + pixels
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


PNG_THEN_HTML = b"\x89PNG\r\n\x1a\n<html><body><script>alert(document.cookie)</script></body></html>"
PDF_WITH_JAVASCRIPT = pdf(
    "/OpenAction 4 0 R ", ["<< /Type /Action /S /JavaScript /JS (app.alert\\('hello'\\);) >>"]
)
PDF_WITH_ESCAPED_JAVASCRIPT = pdf("/OpenAction 4 0 R ", ["<< /Type /Action /S /J#61vaScript /J#53 (1) >>"])
PDF_WITH_EMBEDDED_FILE = pdf(
    "/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >> ",
    [
        "<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>",
        "<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
    ],
)
PDF_WITH_HTML_TAIL = PDF + b"<html><script>alert(1)</script></html>\n"
PDF_THEN_JPEG = PDF + JPEG  # a PDF/JPEG polyglot, PDF first
# JPEG first, with a whole PDF hidden in a comment segment: PDF readers find "%PDF" in the first kilobyte.
JPEG_WITH_PDF = JPEG[:2] + b"\xff\xfe" + struct.pack(">H", len(PDF) + 2) + PDF + JPEG[2:]
