"""QR code module matrix from ReportLab's encoder, with a fast mask choice, drawn as one PDF path."""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.graphics.barcode import qrencoder

_LEVELS = {"L": 1, "M": 0, "Q": 3, "H": 2}
_LIGHT_RUN5 = re.compile("00000+")  # two simple patterns scan faster than one alternation
_DARK_RUN5 = re.compile("11111+")
_DARK_RUN = re.compile(r"1+")


def _rows_as_ints(modules: list[list[bool]]) -> tuple[int, ...]:
    return tuple(int("".join("1" if m else "0" for m in row), 2) for row in modules)


@lru_cache(maxsize=64)
def _template(version: int, level: int, mask: int) -> tuple[int, ...]:
    """Function patterns, format information and the mask pattern over the data area, for empty data.

    The data area of a symbol is data XOR mask, so a symbol is this template XOR its unmasked data bits.
    """
    code = qrencoder.QRCode(version, level)
    code.dataCache = []
    code.makeImpl(False, mask)
    return _rows_as_ints(code.modules)


_EXP = [0] * 512
_LOG = [0] * 256
_x = 1
for _i in range(255):
    _EXP[_i] = _x
    _LOG[_x] = _i
    _x <<= 1
    if _x & 0x100:
        _x ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


@lru_cache(maxsize=32)
def _generator_logs(degree: int) -> tuple[int, ...]:
    """Logs of the Reed-Solomon generator's coefficients (without the leading 1) for degree EC codewords."""
    poly = [1]
    for i in range(degree):
        nxt = [0] * (len(poly) + 1)
        for j, c in enumerate(poly):
            nxt[j] ^= c
            if c:
                nxt[j + 1] ^= _EXP[_LOG[c] + i]
        poly = nxt
    return tuple(_LOG[c] for c in poly[1:])


def _ec_codewords(data: list[int], degree: int) -> list[int]:
    gen = _generator_logs(degree)
    rem = [0] * degree
    for byte in data:
        factor = byte ^ rem[0]
        rem = rem[1:] + [0]
        if factor:
            f = _LOG[factor]
            rem = [r ^ _EXP[f + g] for r, g in zip(rem, gen, strict=True)]
    return rem


class _Bits:
    """The part of QRBitBuffer that data.write() uses, accumulating into one integer."""

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.value = (self.value << length) | (num & ((1 << length) - 1))
        self.length += length

    def putBit(self, bit: bool) -> None:  # noqa: N802 - QRBitBuffer's name
        self.put(1 if bit else 0, 1)

    def getLengthInBits(self) -> int:  # noqa: N802 - QRBitBuffer's name
        return self.length


def _codewords(version: int, level: int, data_list: list) -> list[int]:
    """Data and error-correction codewords, interleaved: QRCode.createData with a table-driven RS encoder."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(version, level)
    bits = _Bits()
    for data in data_list:
        data.write(bits, version)
    capacity = 8 * sum(block.dataCount for block in blocks)
    if bits.length > capacity:
        raise ValueError(f"QR code length overflow ({bits.length} > {capacity})")
    bits.put(0, min(4, capacity - bits.length))  # terminator
    bits.put(0, -bits.length % 8)
    codewords = list(bits.value.to_bytes(bits.length // 8, "big"))
    pad = (0xEC, 0x11)
    codewords += [pad[i % 2] for i in range(capacity // 8 - len(codewords))]
    offset = 0
    data_blocks, ec_blocks = [], []
    for block in blocks:
        chunk = codewords[offset : offset + block.dataCount]
        offset += block.dataCount
        data_blocks.append(chunk)
        ec_blocks.append(_ec_codewords(chunk, block.totalCount - block.dataCount))
    out = []
    for group in (data_blocks, ec_blocks):
        for i in range(max(len(b) for b in group)):
            out.extend(b[i] for b in group if i < len(b))
    return out


@lru_cache(maxsize=64)
def _data_positions(version: int) -> tuple[tuple[int, int], ...]:
    code = qrencoder.QRCode(version, 1)
    code.moduleCount = version * 4 + 17
    return tuple(code.dataPosIterator())


def _penalty(rows: tuple[int, ...], n: int) -> int:
    """The standard's four mask penalties (runs, 2x2 blocks, finder-like patterns, dark balance)."""
    strings = [format(r, f"0{n}b") for r in rows]
    # Rows and columns in one string, separated so that no run or pattern crosses from one line to the next.
    lines = "2".join(strings + ["".join(col) for col in zip(*strings, strict=True)])
    runs = _LIGHT_RUN5.findall(lines) + _DARK_RUN5.findall(lines)
    score = sum(map(len, runs)) - 2 * len(runs)
    score += 40 * (lines.count("10111010000") + lines.count("00001011101"))
    full = (1 << n) - 1
    for a, b in zip(rows, rows[1:], strict=False):
        same_dark = a & b
        same_light = ~(a | b) & full
        blocks = (same_dark & (same_dark >> 1)).bit_count() + (same_light & (same_light >> 1)).bit_count()
        score += 3 * blocks
    dark = sum(r.bit_count() for r in rows)
    score += 10 * (abs(dark * 20 // (n * n) - 10))
    return score


@lru_cache(maxsize=256)
def qr_matrix(text: str, level: str = "M") -> tuple[str, ...]:
    """The QR symbol for text as rows of '1' (dark) and '0' (light), without the quiet zone."""
    ec = _LEVELS[level]
    code = qrencoder.QRCode(None, ec)
    code.addData(text)
    version = code.calculate_version()
    data = _codewords(version, ec, code.dataList)
    n = version * 4 + 17
    bits = [0] * n
    positions = _data_positions(version)
    stream = format(int.from_bytes(bytes(data), "big"), f"0{len(data) * 8}b")
    index = stream.find("1")
    while index >= 0:
        col, row = positions[index]
        bits[row] |= 1 << (n - 1 - col)
        index = stream.find("1", index + 1)
    best: tuple[int, tuple[int, ...]] | None = None
    for mask in range(8):
        rows = tuple(t ^ b for t, b in zip(_template(version, ec, mask), bits, strict=True))
        score = _penalty(rows, n)
        if best is None or score < best[0]:
            best = (score, rows)
    assert best is not None
    return tuple(format(r, f"0{n}b") for r in best[1])


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
