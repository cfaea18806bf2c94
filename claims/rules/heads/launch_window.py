"""Head of loss of authors: a new work launched into the outage (POLICY §4 launch_window)."""

from __future__ import annotations

from fractions import Fraction

from ..catalogue import AUTHOR_SERVICES, NO_OVERLAP
from ..claim import WORK_TITLE_MAX, LaunchWindow
from ..incident import Incident
from ..instants import iso
from ..money import hours_ratio_text, share_ratio_text
from .common import HeadParams, Result, settle, weighted_units, zero
from .declare import (
    HeadOfLoss,
    bench_time,
    datetime_input,
    demo_time,
    money_input,
    service_input,
    text,
    text_input,
)

_SECONDS_PER_DAY = 86400
DECIMAL, POSITIVE = "a non-negative number", "a positive number"
MONEY_CAP = "a non-negative integer (KRW) or null for no cap"


def launch_window(item: LaunchWindow, incident: Incident, p: HeadParams) -> Result:
    """Expected earnings × min(1, share of the launch window lost × launch multiplier)."""
    v, r = p.values, p.ratios
    (ln, ld), (mn, md), (rn, rd) = r["launch_window_days"], r["launch_multiplier"], r["rate"]
    # The window's length in seconds is ln × 86,400 / ld: whole seconds unless a policy says otherwise.
    length = Fraction(ln * _SECONDS_PER_DAY, ld)
    if length.denominator == 1:
        length = length.numerator
    start = item.launch_epoch
    full, partial = incident.services[item.service].spans.overlap(start, start + length)
    units = weighted_units(full, partial, p.weight)
    # share lost = min(1, weighted seconds × multiplier / length), as an exact fraction.
    share_numerator = units * mn * ld
    share_denominator = p.weight[1] * md * ln * _SECONDS_PER_DAY
    if share_numerator >= share_denominator:
        share_numerator = share_denominator = 1
    trace = (
        {
            "work_title": item.work_title,
            "expected_earnings": str(item.expected_earnings),
            "launch_at": iso(item.launch_at, incident.zone),
            "launch_window_days": p.text["launch_window_days"],
            "launch_window_hours": p.text["launch_window_hours"],
            "weighted_hours": hours_ratio_text(units, p.weight[1]),
            "partial_weight": p.partial_weight_text,
            "launch_multiplier": p.text["launch_multiplier"],
            "share_lost": share_ratio_text(share_numerator, share_denominator),
            "rate": p.text["rate"],
        }
        if p.traced
        else None
    )
    if not full and not partial:
        return zero(NO_OVERLAP, trace)
    numerator = item.expected_earnings * share_numerator * rn
    return settle(numerator, share_denominator * rd, v["line_cap"], trace)


def _bench(rng, claimant_type: str) -> dict:
    return {
        "kind": "launch_window",
        "service": rng.choice(AUTHOR_SERVICES),
        "work_title": "Work",
        "launch_at": bench_time(rng, 6),
        "expected_earnings": rng.randrange(100000, 10000000, 10000),
    }


def _demo(rng, claimant_type: str) -> dict:
    return {
        "kind": "launch_window",
        "service": rng.choice(["kakaopage", "kakao_webtoon"]),
        "work_title": rng.choice(["달빛 정원", "판교의 밤", "열두 번째 계절", "구름 위 편의점"]),
        "launch_at": demo_time(rng.choice(["13", "14", "15", "10"]), 0),
        "expected_earnings": rng.randint(5, 300) * 10_000,
    }


HEAD = HeadOfLoss(
    kind="launch_window",
    label=text("신작 출시 기간 손실", "New-work launch window"),
    title=text("장애 기간에 공개된 신작", "A new work that launched into the outage"),
    short=text("신작 공개 손실", "Launch into the outage"),
    hint=text(
        "신작 공개 시각과 공개 직후 기대했던 수익을 입력해 주세요.",
        "When your new work launched and what you expected it to earn in its first days.",
    ),
    situation=text("장애 중에 제 새 작품이 공개됐어요", "A new work of mine launched during the outage"),
    claimant_types=("author",),
    inputs=(
        service_input(*AUTHOR_SERVICES),
        text_input(
            "work_title",
            "작품 제목",
            "Title of the work",
            WORK_TITLE_MAX,
            help=text(
                "공개한 작품의 제목을 200자 이내로 입력하세요.",
                "The title of the work, up to 200 characters.",
            ),
        ),
        datetime_input("launch_at", "공개 일시", "Launch date and time"),
        money_input(
            "expected_earnings",
            "공개 직후 기대 수익(원)",
            "Expected earnings in the first days after launch (KRW)",
        ),
    ),
    record=LaunchWindow,
    formula=launch_window,
    methods={
        "launch_share": {"launch_window_days": POSITIVE, "launch_multiplier": DECIMAL, "line_cap": MONEY_CAP}
    },
    claimed_amount=lambda inputs: int(inputs["expected_earnings"]),
    sentences={
        "launch_window": text(
            "{work_title}의 {launch_at}부터 {launch_window_days}일의 출시 기간 중 {service} 장애"
            " {weighted_hours}{partial} / {launch_window_hours} × {launch_multiplier}(최대 1)"
            " × 예상 수익 {expected_earnings}{rate} = {result}",
            "{weighted_hours} of {service} downtime in the {launch_window_days}-day launch window"
            " of {work_title} from {launch_at}{partial} / {launch_window_hours} × {launch_multiplier} (at most 1)"
            " × {expected_earnings} expected{rate} = {result}",
        )
    },
    no_overlap=text(
        "{work_title}의 {launch_at}부터 {launch_window_days}일의 출시 기간이 {service} 장애와 겹치지 않아",
        "the {launch_window_days}-day launch window of {work_title} from {launch_at}"
        " does not overlap the {service} outage",
    ),
    trace_money=frozenset({"expected_earnings"}),
    trace_hours=frozenset({"weighted_hours", "launch_window_hours"}),
    trace_times=frozenset({"launch_at"}),
    trace_titles=frozenset({"work_title"}),
    demo_sample=_demo,
    bench_sample=_bench,
)
