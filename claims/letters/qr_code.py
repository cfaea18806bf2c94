"""The verification QR code: segno encodes it, and it is drawn as one vector path (no image)."""

from __future__ import annotations

import re
from functools import lru_cache

import segno

_DARK_RUN = re.compile(r"1+")
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
# Any of the eight masks makes a valid symbol that every reader decodes; letting segno score all eight
# costs ~5 ms per letter in pure Python, a fixed one ~0.7 ms. tests/letters scans printed codes with zbarimg.
MASK = 0


@lru_cache(maxsize=256)
def qr_matrix(text: str) -> tuple[str, ...]:
    """The QR symbol for text (error correction M) as rows of '1' (dark) and '0' (light), no quiet zone."""
    symbol = segno.make_qr(text, error="m", boost_error=False, mask=MASK)
    return tuple(bytes(row).translate(_DIGITS).decode("ascii") for row in symbol.matrix)


def qr_path(matrix: tuple[str, ...], x: float, y: float, size: float) -> str:
    """PDF operators filling the dark modules as ONE path of row runs, in a size x size box at x, y.

    The path is written in module units under one transform, so every coordinate is a small integer.
    """
    n = len(matrix)
    scale = size / n
    ops = [f"q 0 g 1 0 0 1 {x:.3f} {y:.3f} cm {scale:.5f} 0 0 {scale:.5f} 0 0 cm"]
    for r, row in enumerate(matrix):
        top = n - 1 - r
        ops.extend(f"{m.start()} {top} {m.end() - m.start()} 1 re" for m in _DARK_RUN.finditer(row))
    ops.append("f Q")
    return "\n".join(ops)
