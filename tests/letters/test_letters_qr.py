"""The verification QR code: ReportLab's codewords, the right size, drawn as one path, scannable."""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from reportlab.graphics.barcode import qrencoder

from claims.letters.qr import _codewords, qr_matrix, qr_path

URL = "https://claims.example.kr/verify/V7K2-9QXM-4TJD"


@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_codewords_match_reportlab(level):
    rng = random.Random(level)
    for length in (1, 17, 45, 60, 130, 400):
        text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789/:.-") for _ in range(length))
        code = qrencoder.QRCode(None, level)
        code.addData(text)
        version = code.calculate_version()
        assert _codewords(version, level, code.dataList) == qrencoder.QRCode.createData(
            version, level, code.dataList
        )


def test_matrix_size_and_finder_patterns():
    matrix = qr_matrix(URL)
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(URL)
    n = code.calculate_version() * 4 + 17
    assert len(matrix) == n == 33  # 46 bytes at level M: version 4
    assert all(len(row) == n and set(row) <= {"0", "1"} for row in matrix)
    finder = ["1111111", "1000001", "1011101", "1011101", "1011101", "1000001", "1111111"]
    for r in range(7):
        assert matrix[r][:7] == finder[r]  # top left
        assert matrix[r][-7:] == finder[r]  # top right
        assert matrix[n - 7 + r][:7] == finder[r]  # bottom left
    assert matrix[n - 8][8] == "1"  # the dark module


def test_matrix_matches_reportlab_with_the_same_mask():
    """Our symbol is ReportLab's symbol for the mask we chose (we only choose the mask faster)."""
    matrix = qr_matrix(URL)
    for mask in range(8):
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(URL)
        code.version = code.calculate_version()
        code.makeImpl(False, mask)
        rows = tuple("".join("1" if m else "0" for m in row) for row in code.modules)
        if rows == matrix:
            return
    pytest.fail("the matrix is not ReportLab's symbol under any mask")


def test_qr_is_one_filled_path_of_row_runs():
    matrix = qr_matrix(URL)
    path = qr_path(matrix, 100, 50, 70.87)
    runs = sum(len(re.findall("1+", row)) for row in matrix)
    assert path.count(" re") == runs
    assert path.count("\nf Q") == 1 and path.startswith("q ")
    assert len(re.findall(r"\bf\b", path)) == 1  # one fill: the whole code is one path


def test_letter_contains_the_qr_path(ko_letter):
    page = PdfReader(io.BytesIO(ko_letter)).pages[0]
    content = page.get_contents().get_data()  # Flate-decoded by pypdf
    assert qr_path(qr_matrix(URL), 0, 0, 1).count(" re") == content.count(b" 1 re")


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")), reason="poppler/zbar missing")
def test_qr_scans_to_the_verify_url(ko_letter, tmp_path):
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(ko_letter)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", pdf, tmp_path / "p"], check=True)
    image = next(tmp_path.glob("p*.png"))
    out = subprocess.run(["zbarimg", "-q", "--raw", image], capture_output=True, text=True, timeout=60)
    assert URL in out.stdout
