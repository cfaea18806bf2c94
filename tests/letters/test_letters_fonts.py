"""NanumGothic: shipped with its licence, registered once, subset as ReportLab's public path does (the fast
path in claims.letters.subset is checked against it), only used glyphs embedded."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

from letters_support import make_letter
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from claims.letters import fonts, render_letter
from claims.letters.fonts import BOLD, REGULAR, register_fonts, text_width, wrap

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"


def test_fonts_and_licence_are_shipped():
    assert fonts.FONT_DIR == FONT_DIR
    for name in ("NanumGothic.ttf", "NanumGothicBold.ttf"):
        assert (FONT_DIR / name).stat().st_size > 1_000_000
    licence = (FONT_DIR / "NanumGothic-LICENSE.txt").read_text()
    assert "OFL" in licence and "NAVER" in licence


def test_fonts_are_registered_once():
    register_fonts()
    regular, bold = pdfmetrics.getFont(REGULAR), pdfmetrics.getFont(BOLD)
    register_fonts()
    assert pdfmetrics.getFont(REGULAR) is regular and pdfmetrics.getFont(BOLD) is bold


def test_fast_subset_is_byte_identical_to_reportlabs_public_path():
    register_fonts()
    for name, file in ((REGULAR, "NanumGothic.ttf"), (BOLD, "NanumGothicBold.ttf")):
        ours = pdfmetrics.getFont(name).face
        reference = TTFontFace(str(FONT_DIR / file))
        rng = random.Random(name)
        hangul = [c for c in range(0xAC00, 0xD7A4) if c in reference.charToGlyph]
        others = sorted(c for c in reference.charToGlyph if c < 0xAC00)
        for subset in ([0, *range(32, 127)], [0, *rng.sample(hangul, 200)], [0, *rng.sample(others, 120)]):
            assert ours.makeSubset(subset) == reference.makeSubset(subset)


def test_a_letter_with_reportlabs_stock_fonts_says_the_same(ko_letter, en_letter, monkeypatch):
    """The public path (ReportLab's TTFont, no fast path) renders the same text at the same places."""
    from letters_support import pdf_text

    register_fonts()
    for name, file in fonts._FILES.items():
        # registerFont keeps the first font of a name, so the registry's entry is swapped for this test only.
        monkeypatch.setitem(pdfmetrics._fonts, name, TTFont(name, str(FONT_DIR / file)))
    public = [render_letter(make_letter("ko")), render_letter(make_letter("en"))]
    assert type(pdfmetrics.getFont(REGULAR)) is TTFont
    assert public[0] != ko_letter  # another path to the bytes …
    assert pdf_text(public[0]) == pdf_text(ko_letter)  # … to the same letter
    assert pdf_text(public[1]) == pdf_text(en_letter)


def _embedded(pdf: bytes) -> tuple[set[str], int]:
    """The characters the embedded font subsets map to (from their ToUnicode maps) and the font file bytes."""
    reader = PdfReader(io.BytesIO(pdf))
    chars: set[str] = set()
    size = 0
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
        chars |= {chr(int(code, 16)) for code in re.findall(r"<[0-9A-F]{2}> <([0-9A-F]{4})>", cmap)}
        size += len(font["/FontDescriptor"]["/FontFile2"].get_object().get_data())
    return chars, size


def test_only_used_glyphs_are_embedded(ko_letter):
    text = "".join(PdfReader(io.BytesIO(ko_letter)).pages[0].extract_text().split())
    chars, size = _embedded(ko_letter)
    ascii_ = {chr(c) for c in range(32, 128)}  # ReportLab keeps ASCII readable in the first subset
    non_ascii_used = {c for c in text if c not in ascii_}
    assert {c for c in chars if c not in ascii_ and c != "\0"} == non_ascii_used
    assert size < 400_000  # a subset: the two fonts are over 9 MB


def test_static_wording_subset_is_shared_between_letters():
    """The first font subset holds only fixed wording, so two claimants' letters embed the same one."""

    first = render_letter(make_letter("ko", claimant_name="김민준"))
    second = render_letter(
        make_letter(
            "ko", claimant_name="황보세희", claimant_address_lines=("서울특별시 종로구 세종대로 209",)
        )
    )
    streams = []
    for pdf in (first, second):
        fonts_ = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()
        streams.append(
            {
                f.get_object()["/BaseFont"]: f.get_object()["/FontDescriptor"]["/FontFile2"].get_data()
                for f in fonts_
            }
        )
    for font in ("/AAAAAA+NanumGothic", "/AAAAAA+NanumGothicBold"):
        assert streams[0][font] == streams[1][font]  # fixed wording
    for font in ("/AAAAAB+NanumGothic", "/AAAAAB+NanumGothicBold"):
        assert streams[0][font] != streams[1][font]  # the claimant's own data


def test_wrap_measures_with_the_font():
    register_fonts()
    assert (
        abs(
            text_width("지급액 11,790원", REGULAR, 10)
            - pdfmetrics.stringWidth("지급액 11,790원", REGULAR, 10)
        )
        < 1e-6
    )
    lines = wrap("가나다 라마바 사아자 차카타 파하", REGULAR, 10, 40)
    assert all(text_width(line, REGULAR, 10) <= 40 for line in lines)
    assert " ".join(lines) == "가나다 라마바 사아자 차카타 파하"
    assert wrap("x" * 50, REGULAR, 10, 30)[0] != "x" * 50  # an unbreakable word is broken between characters
    assert wrap("첫 줄\n둘째 줄", REGULAR, 10, 400) == ["첫 줄", "둘째 줄"]


def test_page_streams_with_libdeflate_decode_as_reportlabs_zlib_filter_does(monkeypatch):
    """claims.letters.flate's filter against ReportLab's own: the same pages, decoded."""
    from reportlab.pdfbase import pdfdoc

    from claims.letters import flate

    data = make_letter("ko")
    assert pdfdoc.PDFZCompress is flate.FILTER
    ours = render_letter(data)
    assert render_letter(data) == ours  # deterministic
    monkeypatch.setattr(pdfdoc, "PDFZCompress", flate.STOCK)
    stock = render_letter(data)
    assert stock != ours
    pages = [[p.get_contents().get_data() for p in PdfReader(io.BytesIO(pdf)).pages] for pdf in (ours, stock)]
    assert pages[0] == pages[1]
