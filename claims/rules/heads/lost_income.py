"""Head of loss of taxi drivers: platform income lost during their shifts (POLICY §4 lost_income)."""

from __future__ import annotations

from ..catalogue import NO_OVERLAP
from ..claim import LostIncome
from ..incident import Incident
from ..money import hours_ratio_text
from .common import HeadParams, Result, settle, weighted_units, zero
from .declare import (
    DRIVER_SERVICES,
    PAIRS,
    HeadOfLoss,
    Input,
    bench_span,
    datetime_input,
    demo_time,
    money_input,
    service_input,
    span_seconds,
    text,
)

MONEY_CAP = "a non-negative integer (KRW) or null for no cap"


def lost_income(item: LostIncome, incident: Incident, p: HeadParams) -> Result:
    """Hourly income × weighted outage hours over the union of the shifts × replacement rate."""
    worked = item.worked
    full, partial = incident.services[item.service].spans.overlap_spans(worked)
    units = weighted_units(full, partial, p.weight)
    trace = (
        {
            "hourly_income": str(item.hourly_income),
            "shift_hours": hours_ratio_text(sum(end - start for start, end in worked)),
            "weighted_hours": hours_ratio_text(units, p.weight[1]),
            "partial_weight": p.partial_weight_text,
            "rate": p.text["rate"],
        }
        if p.traced
        else None
    )
    # NO_OVERLAP means no second in common; degraded hours with a weight of 0 still overlap (OK, 0 KRW).
    if not full and not partial:
        return zero(NO_OVERLAP, trace)
    rn, rd = p.ratios["rate"]
    return settle(item.hourly_income * units * rn, p.weight[1] * rd * 3600, p.values["line_cap"], trace)


def claimed_amount(inputs) -> int:
    """Hourly income × the hours of the shifts as entered."""
    seconds = sum(span_seconds(start, end) for start, end in inputs["shifts"])
    return int(inputs["hourly_income"]) * seconds // 3600


def _bench(rng, claimant_type: str) -> dict:
    shifts = [bench_span(rng, (4, 12)) for _ in range(rng.randint(1, 3))]
    return {
        "kind": "lost_income",
        "service": rng.choice(DRIVER_SERVICES),
        "hourly_income": rng.randrange(8000, 40000, 500),
        "shifts": shifts,
    }


def _demo(rng, claimant_type: str) -> dict:
    r = rng.randint
    start = r(6, 16)
    return {
        "kind": "lost_income",
        "service": "kakao_t_taxi",
        "hourly_income": r(10, 25) * 1000,
        "shifts": [
            [demo_time("15", start), demo_time("15", min(start + r(6, 10), 23))],
            [demo_time("16", r(6, 10)), demo_time("16", r(15, 22))],
        ],
    }


HEAD = HeadOfLoss(
    kind="lost_income",
    label=text("운행 수입 손실", "Lost driving income"),
    title=text("택시 호출 장애로 잃은 운행 수입", "Income lost while taxi calls were down"),
    short=text("운행 수입 손실", "Lost income"),
    hint=text(
        "호출로 버는 평소 시간당 수입과, 장애 기간에 운행한 각 근무 시간을 입력해 주세요.",
        "Enter your usual hourly income from calls and each shift you worked during the outage.",
    ),
    situation=text("택시 호출을 받지 못해 수입이 줄었어요", "I could not get taxi calls and lost income"),
    claimant_types=("taxi_driver",),
    inputs=(
        service_input(),
        money_input("hourly_income", "평소 시간당 수입(원)", "Usual income per hour (KRW)"),
        Input(
            "shifts",
            PAIRS,
            text("근무 시간", "Shifts"),
            entries=(
                datetime_input("start", "근무 시작", "Shift start"),
                datetime_input("end", "근무 종료", "Shift end"),
            ),
        ),
    ),
    record=LostIncome,
    formula=lost_income,
    methods={"replacement": {"line_cap": MONEY_CAP}},
    claimed_amount=claimed_amount,
    sentences={
        "lost_income": text(
            "근무 중 {service} 장애 {weighted_hours}{partial} × 시간당 {hourly_income}{rate} = {result}",
            "{weighted_hours} of {service} downtime during your shifts{partial} × {hourly_income} an hour{rate}"
            " = {result}",
        )
    },
    no_overlap=text(
        "근무 시간({shift_hours})이 {service} 장애와 겹치지 않아",
        "none of your shifts ({shift_hours}) overlaps the {service} outage",
    ),
    trace_money=frozenset({"hourly_income"}),
    trace_hours=frozenset({"weighted_hours", "shift_hours"}),
    demo_sample=_demo,
    bench_sample=_bench,
)
