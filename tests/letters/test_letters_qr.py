"""The verification QR code: segno's symbol, drawn as one vector path, scannable back to the verify URL."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace

import pytest
import segno
from letters_support import make_letter, require_tools
from pypdf import PdfReader

from claims.letters import render_letter
from claims.letters.qr_code import MASK, qr_matrix, qr_path

URL = "https://claims.example.kr/verify/V7K2-9QXM-4TJD"
FINDER = ["1111111", "1000001", "1011101", "1011101", "1011101", "1000001", "1111111"]


def test_matrix_is_segnos_symbol_with_finder_patterns():
    matrix = qr_matrix(URL)
    symbol = segno.make_qr(URL, error="m", boost_error=False, mask=MASK)
    n = symbol.symbol_size(border=0)[0]
    assert len(matrix) == n == 33  # 46 bytes at level M: version 4
    assert symbol.version == 4 and symbol.error == "M"
    assert all(len(row) == n and set(row) <= {"0", "1"} for row in matrix)
    for r in range(7):
        assert matrix[r][:7] == FINDER[r]  # top left
        assert matrix[r][-7:] == FINDER[r]  # top right
        assert matrix[n - 7 + r][:7] == FINDER[r]  # bottom left
    assert matrix[n - 8][8] == "1"  # the dark module
    assert matrix == tuple("".join("1" if m else "0" for m in row) for row in symbol.matrix_iter(border=0))


def test_qr_is_one_filled_path_of_row_runs():
    matrix = qr_matrix(URL)
    path = qr_path(matrix, 100, 50, 70.87)
    runs = sum(len(re.findall("1+", row)) for row in matrix)
    assert path.count(" re") == runs
    assert path.count("\nf Q") == 1 and path.startswith("q ")
    assert len(re.findall(r"\bf\b", path)) == 1  # one fill: the whole code is one path


def test_letter_contains_the_qr_path(ko_letter):
    page = PdfReader(io.BytesIO(ko_letter)).pages[0]
    content = page.get_contents().get_data()  # decoded by pypdf
    assert qr_path(qr_matrix(URL), 0, 0, 1).count(" re") == content.count(b" 1 re")


def test_a_preview_has_no_qr_code():
    preview = render_letter(make_letter("ko", preview=True, verification_code="", verify_url=""))
    content = PdfReader(io.BytesIO(preview)).pages[0].get_contents().get_data()
    assert b" 1 re" not in content


@pytest.mark.parametrize("code", ["V7K2-9QXM-4TJD", "7F3K9Q2M4X", "ZZZZZZZZZZ", "0000000000", "Q1W2E3R4T5"])
def test_printed_qr_scans_to_the_verify_url(code, tmp_path):
    """The printed letter, rasterised as a scanner would see it, decodes to the letter's own address."""
    require_tools("pdftoppm", "zbarimg")
    url = f"https://claims.example.kr/verify/{code}"
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(render_letter(replace(make_letter("ko"), verification_code=code, verify_url=url)))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", pdf, tmp_path / "p"], check=True)
    image = next(tmp_path.glob("p*.png"))
    out = subprocess.run(["zbarimg", "-q", "--raw", image], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == url
