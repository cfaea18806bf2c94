"""Benchmark: render and sign 1,000 decision letters (3-6 lines each, Korean and English): letters/s.

Run: .venv/bin/python bench/letters_bench.py [--letters 1000] [--runs 3] [--profile] [--public-fonts]
One process, one core; each figure is the median of the runs, in wall-clock time and in the process's CPU time
(the machine is shared: the CPU figure is what one core does). Fonts are registered and the signing key loaded
before timing starts, as they are once per worker process in the app, and the garbage collector is settled as
a worker settles it (claims/gc_tuning.py). Printed: letters rendered per CPU-second, signatures per CPU-second
(and ms each), and signed letters (render + sign) per CPU-second — the figure of issue 12's target.
--public-fonts renders with ReportLab's stock TTFont instead of claims.letters.subset (the measure of why that
module exists).
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

from claims.gc_tuning import settle  # noqa: E402
from claims.letters import LetterData, LetterLine, format_date, outcome_of, render_letter  # noqa: E402
from claims.letters.fonts import FONT_DIR, register_fonts  # noqa: E402
from claims.letters.sign import LetterSigner, make_self_signed  # noqa: E402

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
        ("금액 조정: 정책 상한을 적용했습니다.", None),
        (
            "손해를 확인할 자료 부족 — 증빙 자료로 장애 기간 중 손실이 확인되지 않습니다.",
            "영수증, 이용 내역 캡처, 정산서 등 손해를 보여 주는 자료를 첨부해 이의를 신청할 수 있습니다.",
        ),
    ],
    "en": [
        ("Amount adjusted: capped at the policy limit.", None),
        (
            "Not enough evidence of the loss — the evidence does not show a loss during the outage.",
            "You can appeal with receipts, screenshots of your usage history or settlement statements.",
        ),
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
        claimed = computed + rng.choice((0, 0, 10_000, 1_000_000))
        kind = rng.random()
        reason = REASONS[language][0 if kind < 0.15 else 1] if kind < 0.3 else (None, None)
        approved = 0 if reason[1] else computed // 2 if reason[0] else computed
        text = computation.format(h=h, r=r, p=p, a=a)
        lines.append(LetterLine(head, service, text, claimed, computed, approved, *reason))
    total_approved = sum(line.approved for line in lines)
    total_computed = sum(line.computed for line in lines)
    decision = outcome_of(tuple(lines), total_approved)
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


def timed(work, items) -> tuple[float, float, list]:
    """(wall seconds, CPU seconds, results) of work over items."""
    wall, cpu = time.perf_counter(), time.process_time()
    results = [work(item) for item in items]
    return time.perf_counter() - wall, time.process_time() - cpu, results


def use_public_fonts() -> None:
    """Register ReportLab's stock TTFont under the letters' font names (the public path)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from claims.letters import fonts

    register_fonts()
    for name, filename in fonts._FILES.items():
        pdfmetrics._fonts[name] = TTFont(name, str(FONT_DIR / filename))  # registerFont keeps the first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the top cProfile entries of one run")
    parser.add_argument("--public-fonts", action="store_true", help="ReportLab's stock TTFont (no fast path)")
    args = parser.parse_args()
    rng = random.Random(20221015)
    letters = [make_letter(rng, i) for i in range(args.letters)]
    if args.public_fonts:
        use_public_fonts()
    register_fonts()
    signer = LetterSigner.from_pem(*make_self_signed())  # once per worker process, as in the app
    settle()  # as a worker does once it has loaded what it keeps (claims/gc_tuning.py)

    def issue(data: LetterData) -> bytes:
        return signer.sign(render_letter(data))

    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [issue(data) for data in letters])
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    rows = {"render": [], "sign": [], "render + sign": []}
    for n in range(args.runs):
        wall, cpu, bodies = timed(render_letter, letters)
        rows["render"].append((len(letters) / wall, len(letters) / cpu))
        wall, cpu, _ = timed(signer.sign, bodies)
        rows["sign"].append((wall / len(letters) * 1000, cpu / len(letters) * 1000))
        wall, cpu, _ = timed(issue, letters)
        rows["render + sign"].append((len(letters) / wall, len(letters) / cpu))
        print(
            f"run {n + 1}: render {rows['render'][-1][0]:.1f}/s, signature {rows['sign'][-1][0]:.2f} ms, "
            f"signed letters {rows['render + sign'][-1][0]:.1f}/s (wall)"
        )
    median = {key: [statistics.median(v[i] for v in values) for i in (0, 1)] for key, values in rows.items()}
    fonts_used = "ReportLab stock TTFont" if args.public_fonts else "claims.letters.subset"
    print(f"median of {args.runs} runs, {args.letters} letters, fonts: {fonts_used}")
    render = median["render"]
    print(f"  render only:      {render[0]:.1f} letters/s wall, {render[1]:.1f} per CPU-second")
    sign = median["sign"]
    print(
        f"  signature alone:  {sign[0]:.2f} ms wall, {sign[1]:.2f} ms CPU per letter "
        f"({1000 / sign[1]:.1f} signatures per CPU-second)"
    )
    print(
        f"  signed letters:   {median['render + sign'][0]:.1f} letters/s wall, "
        f"{median['render + sign'][1]:.1f} per CPU-second"
    )


if __name__ == "__main__":
    main()
