"""What a rendered decision letter says, in Korean and English, and how it behaves over several pages."""

from __future__ import annotations

import io
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from hashlib import sha256
from pathlib import Path

import pytest
from letters_support import EN_LINES, KO_LINES, make_letter, many_lines, pdf_pages_text, pdf_text
from pypdf import PdfReader

from claims.letters import LetterLine, format_amount, format_date, render_letter
from claims.letters.render import letter_pages

ROOT = Path(__file__).resolve().parents[2]


def test_korean_letter_states_decision_lines_and_total(ko_letter):
    text = pdf_text(ko_letter)
    assert ko_letter.startswith(b"%PDF-1.4")
    assert "귀하의 보상 청구(KC-2210-7F3K9Q)에 대한 결정은 일부 인정입니다. 인정액은 101,790원입니다." in text
    assert "KC-2210-7F3K9Q" in text and "V7K2-9QXM-4TJD" in text
    for line in KO_LINES:
        assert format_amount(line.computed, "ko") in text
        assert format_amount(line.approved, "ko") in text
        assert line.head in text
    assert "125,000원" in text and "120,000원" in text and "지급할 금액: 101,790원" in text
    assert "청구 금액" in text and "산정액" in text and "인정액" in text  # three amount columns
    assert "2022년 11월 3일" in text  # issued
    assert "이의 신청 기한: 2022년 12월 3일" in text
    assert "fair-2022 (params a1b2c3d4)" in text and "pangyo-2022-10-15 (rev 3)" in text
    assert "사유: 금액 조정: 정책 상한(1인당 11,790원)을 적용했습니다." in text
    assert "다음에 하실 수 있는 일: 손해가 장애 시간 중에 생겼음을 보여 주는 자료가" in text
    assert "승인" not in text and "전액 승인" not in text
    assert "https://claims.example.kr/verify/V7K2-9QXM-4TJD" in text
    assert "1 / 1" in text


def test_english_letter_states_decision_lines_and_total(en_letter):
    text = pdf_text(en_letter)
    assert "Your claim KC-2210-7F3K9Q has been approved in part. The approved amount is 101,790 KRW." in text
    for line in EN_LINES:
        assert format_amount(line.claimed, "en") in text
        assert format_amount(line.computed, "en") in text
        assert format_amount(line.approved, "en") in text
    assert "120,000 KRW" in text and "Amount to be paid: 101,790 KRW" in text
    assert "What you can do: If you have records" in text
    assert "3 November 2022" in text and "Appeal by: 3 December 2022" in text
    assert "Kim Minjun" in text and "1577-3754, claims@example.kr" in text


@pytest.mark.parametrize(
    ("language", "decision", "approved", "sentence"),
    [
        ("ko", "approved", 11_790, "귀하의 보상 청구(KC-2210-7F3K9Q)에 대한 결정은 전액 인정입니다."),
        ("ko", "rejected", 0, "결정은 불인정입니다. 지급하는 금액은 없습니다."),
        ("en", "approved", 11_790, "Your claim KC-2210-7F3K9Q has been approved in full."),
        ("en", "rejected", 0, "Your claim KC-2210-7F3K9Q has not been approved. No amount will be paid."),
    ],
)
def test_every_decision_has_its_sentence(language, decision, approved, sentence):
    reason = None if approved else "No evidence"
    line = LetterLine("Head", None, "1 × 11,790", 11_790, 11_790, approved, reason)
    data = make_letter(
        language, lines=(line,), decision=decision, total_computed=11_790, total_approved=approved, payout=""
    )
    assert sentence in pdf_text(render_letter(data))


def test_same_data_gives_the_same_bytes(ko_letter, en_letter):
    assert render_letter(make_letter("ko")) == ko_letter
    assert render_letter(make_letter("en")) == en_letter
    assert render_letter(make_letter("ko", reference="KC-2210-AAAAAA")) != ko_letter


def test_same_bytes_in_a_fresh_process(ko_letter):
    """Caches (fonts, subsets, QR) must not change the output: a cold process renders the same bytes."""
    script = (
        "import sys, hashlib; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from letters_support import make_letter\n"
        "from claims.letters import render_letter\n"
        "print(hashlib.sha256(render_letter(make_letter('ko'))).hexdigest())\n"
    )
    here = str(Path(__file__).resolve().parent)
    result = subprocess.run(
        [sys.executable, "-c", script, str(ROOT), here],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == sha256(ko_letter).hexdigest()


def test_metadata_language_and_dates(ko_letter, en_letter):
    reader = PdfReader(io.BytesIO(ko_letter))
    meta = reader.metadata
    assert meta.title == "보상 청구 결정 통지서 KC-2210-7F3K9Q"
    assert meta.author == "장애 피해 보상 센터"
    assert meta.subject == "보상 청구 KC-2210-7F3K9Q에 대한 결정 통지서"
    assert meta["/CreationDate"] == "D:20221103000000+09'00'"
    assert reader.trailer["/Root"]["/Lang"] == "ko-KR"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    english = PdfReader(io.BytesIO(en_letter))
    assert english.trailer["/Root"]["/Lang"] == "en"
    assert english.metadata.title == "Decision on a compensation claim KC-2210-7F3K9Q"
    assert english.metadata.author == "Outage Claims Office"
    assert PdfReader(
        io.BytesIO(render_letter(make_letter("en", sender="Mediation Board")))
    ).metadata.author == ("Mediation Board")


def test_forty_lines_run_over_pages_with_numbers_and_repeated_header():
    data = make_letter("ko", lines=many_lines("ko", 40))
    data = replace(data, total_computed=sum(x.computed for x in data.lines), total_approved=820_000)
    pages = pdf_pages_text(render_letter(data))
    count = len(pages)
    assert count >= 2
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {count}" in text
        assert "KC-2210-7F3K9Q" in text
    table_pages = [text for text in pages if "1,000원" in text or "40,000원" in text]
    assert len(table_pages) >= 2
    for text in table_pages:
        assert "손해 항목 / 서비스" in text and "산정 방법" in text  # header repeated
    everything = " ".join(pages)
    for i in range(1, 41):
        assert f"{i} × 1,000" in everything
    assert "820,000원" in everything
    assert "https://claims.example.kr/verify/V7K2-9QXM-4TJD" in pages[-1]  # QR block on the last page


def test_replaces_sentence_only_when_set(ko_letter, en_letter):
    assert "대체합니다" not in pdf_text(ko_letter)
    ko = make_letter("ko", replaces="KC-2210-7F3K9Q-L1", replaces_issued_on=date(2022, 10, 28))
    assert "이 통지서는 2022년 10월 28일자 통지서(KC-2210-7F3K9Q-L1)를 대체합니다." in pdf_text(
        render_letter(ko)
    )
    en = make_letter("en", replaces="KC-2210-7F3K9Q-L1", replaces_issued_on=date(2022, 10, 28))
    assert "This letter replaces letter KC-2210-7F3K9Q-L1 of 28 October 2022." in pdf_text(render_letter(en))
    assert "replaces" not in pdf_text(en_letter)


def test_long_text_wraps_within_the_page():
    """A very long computation, and a word longer than its column, wrap instead of running off the page."""
    sentence = " ".join(["장애 시간 127시간 × 시간당 평균 수입 18,000원"] * 12)
    url_like = "https://example.kr/" + "x" * 120
    computation = f"{sentence} {url_like}"
    line = LetterLine("택시", "카카오 T 택시", computation, 1_000, 1_000, 1_000, "X" * 60, sentence)
    data = make_letter("ko", lines=(line,), total_computed=1_000, total_approved=1_000)
    pages = letter_pages(data)
    for ops in pages:
        for op in ops:
            if op[0] in ("t", "s"):
                assert 0 <= op[4] <= 595.3 - 56, op  # starts inside the page, left of the right margin
    assert "x" * 20 in pdf_text(render_letter(data))


def test_a_row_taller_than_a_page_is_split_across_pages():
    sentence = " ".join(f"근거 {i}번 문장입니다." for i in range(400))
    line = LetterLine("택시", None, sentence, 1_000, 1_000, 1_000)
    data = make_letter("ko", lines=(line,), total_computed=1_000, total_approved=1_000)
    pages = letter_pages(data)
    assert len(pages) >= 3
    text = pdf_text(render_letter(data))
    assert "근거 0번 문장입니다." in text and "근거 399번 문장입니다." in text
    for ops in pages:
        for op in ops:
            if op[0] in ("t", "s"):
                assert 25 < op[5] < 842 - 20, op  # every baseline between footer and top edge


def test_no_lines_and_no_address():
    data = make_letter("en", lines=(), claimant_address_lines=(), total_computed=0, total_approved=0)
    data = replace(data, decision="rejected", payout="")
    text = pdf_text(render_letter(data))
    assert "No items were assessed." in text and "No payment will be made" in text


def test_formats():
    assert format_amount(11_790, "ko") == "11,790원"
    assert format_amount(11_790, "en") == "11,790 KRW"
    assert format_amount(0, "en") == "0 KRW"
    assert format_date(date(2022, 11, 3), "ko") == "2022년 11월 3일"
    assert format_date(date(2022, 11, 3), "en") == "3 November 2022"


def test_data_is_checked():
    with pytest.raises(ValueError):
        make_letter("ja")
    with pytest.raises(ValueError):
        make_letter("ko", decision="maybe")
    with pytest.raises(ValueError):
        make_letter("ko", total_approved=-1)
    with pytest.raises(TypeError):
        make_letter("ko", lines=list(KO_LINES))
    with pytest.raises(ValueError, match="does not add up"):
        make_letter("ko", total_approved=100_000)  # the approved column says 101,790
    with pytest.raises(ValueError, match="only lower"):
        make_letter("ko", cap_computed=10)
    with pytest.raises(ValueError, match="balance"):
        make_letter("ko", already_paid=1_000, balance=5)
    with pytest.raises(ValueError, match="verification code"):
        make_letter("ko", verification_code="")


def test_threads_render_the_same_bytes(ko_letter, en_letter):
    """Caches and the save-time stream switch are shared: concurrent renders must still be exact."""
    letters = [make_letter("ko"), make_letter("en")] * 6
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(render_letter, letters))
    assert results == [ko_letter, en_letter] * 6


# ---- honest on paper: the claim cap line, amounts inside their columns, previews, balance after appeals ----

CAPPED = (
    LetterLine("Lost sales", "KakaoTalk Gift", "lost sales × 30%", 6_000_000, 3_000_000, 3_000_000),
    LetterLine("Lost earnings", "KakaoPage", "3 days × 930,000 KRW", 2_790_000, 2_790_000, 2_790_000),
)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_capped_claim_shows_the_cap_as_a_line_and_the_columns_add_up(language):
    data = make_letter(
        language,
        lines=CAPPED,
        cap_label="Claim cap" if language == "en" else "보상 한도 적용",
        cap_computed=-790_000,
        cap_approved=-790_000,
        total_computed=5_000_000,
        total_approved=5_000_000,
    )
    text = pdf_text(render_letter(data))
    unit = "원" if language == "ko" else " KRW"
    for line in CAPPED:  # claimed, computed, approved on each line …
        assert f"{line.claimed:,}{unit} {line.computed:,}{unit} {line.approved:,}{unit}" in text
    assert f"-790,000{unit} -790,000{unit}" in text  # … the cap line in both columns …
    assert f"8,790,000{unit} 5,000,000{unit} 5,000,000{unit}" in text  # … add up to the totals
    assert sum(line.computed for line in CAPPED) + data.cap_computed == data.total_computed


def _amount_ops(data) -> list[tuple]:
    from claims.letters.table import AMOUNT_COLUMNS, EDGES

    found = []
    for ops in letter_pages(data):
        for op in ops:
            is_amount = op[0] in ("t", "s") and op[6].endswith(("원", "KRW")) and op[6][0] in "-0123456789"
            if is_amount:
                for column in AMOUNT_COLUMNS:
                    if EDGES[column] < op[4] + 1 < EDGES[column + 1] + 1:
                        found.append((op, EDGES[column], EDGES[column + 1]))
    return found


@pytest.mark.parametrize("language", ["ko", "en"])
def test_amounts_stay_inside_their_columns(language):
    """Seven- to nine-digit amounts in every column, measured with the font's own metrics."""
    from claims.letters.fonts import text_width

    big = tuple(LetterLine(f"Head {i}", None, "x", 999_999_999, 9_999_999, 1_234_567) for i in range(3))
    data = make_letter(language, lines=big, total_computed=29_999_997, total_approved=3_703_701)
    found = _amount_ops(data)
    assert len(found) == 3 * 3 + 3  # every amount of every line and the total row
    for op, left, right in found:
        _, font, size, _color, x, _y, text = op
        assert left + 2 <= x and x + text_width(text, font, size) <= right - 2, (text, x, left, right)


def test_a_preview_is_marked_and_has_no_code():
    data = make_letter("en", preview=True, verification_code="", verify_url="")
    text = pdf_text(render_letter(data))
    assert "Preview: this is not an issued letter and has no effect." in text
    assert "PREVIEW" in text and "Verification code" not in text and "V7K2" not in text
    assert "/verify/" not in text
    ko = pdf_text(render_letter(make_letter("ko", preview=True, verification_code="", verify_url="")))
    assert "미리보기: 발급된 통지서가 아니며 효력이 없습니다." in ko
    assert "V7K2" not in ko and "/verify/" not in ko and "확인코드 " not in ko.replace("확인코드와", "")


@pytest.mark.parametrize(
    ("paid", "expected"),
    [
        (
            60_000,
            ["이번 결정의 인정액: 101,790원", "이미 지급한 금액: 60,000원", "추가로 지급할 금액: 41,790원"],
        ),
        (150_000, ["이미 지급한 금액: 150,000원", "돌려받을 금액: 48,210원"]),
        (101_790, ["추가로 지급하거나 돌려받을 금액은 없습니다."]),
    ],
)
def test_a_letter_after_a_payment_states_paid_and_balance(paid, expected):
    data = make_letter("ko", already_paid=paid, balance=101_790 - paid, payout="")
    text = pdf_text(render_letter(data))
    for sentence in expected:
        assert sentence in text
    assert "지급할 금액: 101,790원" not in text
