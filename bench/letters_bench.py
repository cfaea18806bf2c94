"""Benchmark: render 1,000 decision letters (3-6 lines each, Korean and English) and print letters per second.

Run: .venv/bin/python bench/letters_bench.py [--letters 1000] [--runs 3] [--profile]
One process, one core; the figure is the median of the runs. Fonts are registered before timing starts,
as they are once per worker process in the app.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.letters import LetterData, LetterLine, format_date, render_letter  # noqa: E402
from claims.letters.fonts import register_fonts  # noqa: E402

HEADS = {
    "ko": [
        (
            "택시 운행 중단 손실",
            "카카오 T 택시",
            "장애 시간 {h}시간 × 시간당 평균 수입 {r:,}원 × 인정 비율 {p}%",
        ),
        ("킥보드 추가 요금", "카카오 T 바이크", "반납 불가로 부과된 추가 요금 {a:,}원 중 장애 기간분 전액"),
        ("선물하기 교환권 만료", "카카오톡 선물하기", "장애 기간 중 만료된 교환권 액면가 {a:,}원"),
        ("채널 매출 손실", "카카오톡 채널", "지난 4주 같은 요일 평균 매출 {a:,}원 × 장애 시간 비율 {p}%"),
        ("광고비 손실", "카카오모먼트", "장애 시간 동안 집행되지 못한 광고비 {a:,}원"),
        ("연재 순위 손실", "카카오페이지", "신작 공개 주말 {h}시간 중단 × 회차당 평균 수익 {r:,}원"),
    ],
    "en": [
        (
            "Lost taxi fares",
            "Kakao T Taxi",
            "{h} hours of outage × average hourly income {r:,} KRW × {p}% recognised",
        ),
        (
            "Kickboard late fees",
            "Kakao T Bike",
            "Late fees of {a:,} KRW charged while returns were impossible",
        ),
        (
            "Expired gift voucher",
            "KakaoTalk Gift",
            "Face value of a voucher that expired during the outage, {a:,} KRW",
        ),
        (
            "Lost channel sales",
            "KakaoTalk Channel",
            "Average sales of the same weekday {a:,} KRW × {p}% of hours down",
        ),
        (
            "Wasted advertising",
            "Kakao Moment",
            "Advertising paid for but not shown during the outage, {a:,} KRW",
        ),
        (
            "Lost ranking days",
            "KakaoPage",
            "{h} hours down on a launch weekend × average income {r:,} KRW per episode",
        ),
    ],
}
REASONS = {
    "ko": [
        ("R-CAP", "정책 상한을 적용했습니다."),
        ("R-EVID", "증빙 자료로 장애 기간 중 손실이 확인되지 않습니다."),
    ],
    "en": [
        ("R-CAP", "Capped at the policy limit."),
        ("R-EVID", "The evidence does not show a loss during the outage."),
    ],
}
NAMES = {
    "ko": ["김민준", "이서연", "박지호", "최수아", "정도윤"],
    "en": ["Kim Minjun", "Lee Seoyeon", "Park Jiho"],
}


def make_letter(rng: random.Random, i: int) -> LetterData:
    """One seeded, plausible letter."""
    language = "ko" if rng.random() < 0.6 else "en"
    lines = []
    for head, service, computation in rng.sample(HEADS[language], rng.randint(3, 6)):
        h, r, p = rng.randint(1, 127), rng.randrange(5_000, 40_000, 10), rng.choice((50, 70, 100))
        a = rng.randrange(1_000, 500_000, 10)
        computed = a if "{a" in computation else h * r * p // 100
        reason = rng.choice(REASONS[language]) if rng.random() < 0.3 else (None, None)
        approved = 0 if reason[0] == "R-EVID" else computed // 2 if reason[0] else computed
        text = computation.format(h=h, r=r, p=p, a=a)
        lines.append(LetterLine(head, service, text, computed, approved, reason[0], reason[1]))
    total_approved = sum(line.approved for line in lines)
    total_computed = sum(line.computed for line in lines)
    decision = (
        "rejected"
        if total_approved == 0
        else "approved"
        if total_approved == total_computed
        else "partly_approved"
    )
    code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(12))
    code = f"{code[:4]}-{code[4:8]}-{code[8:]}"
    issued = date(2022, 11, 1) + timedelta(days=rng.randint(0, 60))
    pay_by = format_date(issued + timedelta(days=14), language)
    payout = (
        f"{pay_by}까지 등록하신 계좌로 입금됩니다."
        if language == "ko"
        else f"We will transfer the amount to your registered account by {pay_by}."
    )
    return LetterData(
        language=language,
        reference=f"KC-2210-{i:06X}",
        verification_code=code,
        verify_url=f"https://claims.example.kr/verify/{code}",
        issued_on=issued,
        claimant_name=rng.choice(NAMES[language]),
        claimant_address_lines=("경기도 성남시 분당구 판교역로 235", "13494"),
        decision=decision,
        lines=tuple(lines),
        total_computed=total_computed,
        total_approved=total_approved,
        payout=payout if total_approved else "",
        policy_label="fair-2022 (params a1b2c3d4)",
        incident_label="pangyo-2022-10-15 (rev 3)",
        appeal_deadline=issued + timedelta(days=30),
        contact="1577-3754, claims@example.kr",
    )


def run(letters: list[LetterData]) -> float:
    start = time.perf_counter()
    for data in letters:
        render_letter(data)
    return len(letters) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the top cProfile entries of one run")
    args = parser.parse_args()
    rng = random.Random(20221015)
    letters = [make_letter(rng, i) for i in range(args.letters)]
    register_fonts()
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run, letters)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    rates = []
    for n in range(args.runs):
        rates.append(run(letters))
        print(f"run {n + 1}: {rates[-1]:.1f} letters/s")
    print(f"median: {statistics.median(rates):.1f} letters/s ({args.letters} letters, {args.runs} runs)")


if __name__ == "__main__":
    main()
