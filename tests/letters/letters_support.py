"""Builders of decision-letter data for the letters tests, and PDF text helpers."""

from __future__ import annotations

import io
import os
import re
import shutil
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from claims.letters import LetterData, LetterLine

KO_LINES = (
    LetterLine(
        head="택시 운행 중단 손실",
        service="카카오 T 택시",
        computation="장애 시간 10시간 × 시간당 평균 수입 18,000원 × 인정 비율 50% = 90,000원",
        claimed=90_000,
        computed=90_000,
        approved=90_000,
    ),
    LetterLine(
        head="킥보드 추가 요금",
        service="카카오 T 바이크",
        computation="반납 불가로 부과된 추가 요금 25,000원 중 장애 기간분 전액",
        claimed=30_000,
        computed=25_000,
        approved=11_790,
        reason="금액 조정: 정책 상한(1인당 11,790원)을 적용했습니다.",
    ),
    LetterLine(
        head="선물하기 교환권 만료",
        service=None,
        computation="교환권 액면가 5,000원",
        claimed=5_000,
        computed=5_000,
        approved=0,
        reason="장애 시간 밖의 손해 — 교환권이 장애 이후에 만료되었습니다.",
        next_step="손해가 장애 시간 중에 생겼음을 보여 주는 자료가 있으면 이의를 신청할 수 있습니다.",
    ),
)

EN_LINES = (
    LetterLine(
        head="Lost taxi fares",
        service="Kakao T Taxi",
        computation="10 hours of outage × average hourly income of 18,000 KRW × 50% recognised = 90,000 KRW",
        claimed=90_000,
        computed=90_000,
        approved=90_000,
    ),
    LetterLine(
        head="Kickboard late fees",
        service="Kakao T Bike",
        computation="Late fees of 25,000 KRW charged while returns were impossible, in full",
        claimed=30_000,
        computed=25_000,
        approved=11_790,
        reason="Amount adjusted: capped at the policy limit per person.",
    ),
    LetterLine(
        head="Expired gift voucher",
        service=None,
        computation="Face value of the voucher, 5,000 KRW",
        claimed=5_000,
        computed=5_000,
        approved=0,
        reason="The loss happened outside the outage — the voucher expired after it.",
        next_step="If you have records showing the loss happened during the outage, you can appeal.",
    ),
)


def make_letter(language: str = "ko", lines: tuple[LetterLine, ...] | None = None, **changes) -> LetterData:
    """A partly approved letter for KC-2210-7F3K9Q; lines default to three plausible ones."""
    ko = language == "ko"
    lines = (KO_LINES if ko else EN_LINES) if lines is None else lines
    data = LetterData(
        language=language,
        reference="KC-2210-7F3K9Q",
        verification_code="V7K2-9QXM-4TJD",
        verify_url="https://claims.example.kr/verify/V7K2-9QXM-4TJD",
        issued_on=date(2022, 11, 3),
        claimant_name="김민준" if ko else "Kim Minjun",
        claimant_address_lines=("경기도 성남시 분당구 판교역로 235", "13494"),
        decision="partly_approved",
        lines=lines,
        total_computed=sum(line.computed for line in lines),
        total_approved=sum(line.approved for line in lines),
        payout=(
            "인정액은 2022년 11월 17일까지 등록하신 계좌로 입금됩니다."
            if ko
            else "We will transfer the approved amount to your registered account by 17 November 2022."
        ),
        policy_label="fair-2022 (params a1b2c3d4)",
        incident_label="pangyo-2022-10-15 (rev 3)",
        appeal_deadline=date(2022, 12, 3),
        contact="1577-3754, claims@example.kr",
    )
    return replace(data, **changes)


def many_lines(language: str, count: int) -> tuple[LetterLine, ...]:
    """count distinct one-line items, for letters that run over several pages."""
    head = "기타 손해" if language == "ko" else "Other loss"
    return tuple(
        LetterLine(head, None, f"{i + 1} × 1,000", (i + 1) * 1000, (i + 1) * 1000, (i + 1) * 1000)
        for i in range(count)
    )


def pdf_pages_text(pdf: bytes) -> list[str]:
    """The text of each page, whitespace collapsed to single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text()).strip() for page in reader.pages]


def pdf_text(pdf: bytes) -> str:
    """The whole document's text, whitespace collapsed."""
    return " ".join(pdf_pages_text(pdf))


def require_tools(*names: str) -> None:
    """Skip a test that needs a Debian tool (poppler-utils, zbar-tools) when it is missing, except in CI."""
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install poppler-utils zbar-tools)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
