"""Head of loss: a charge the outage caused, such as a late fee (POLICY §4 out_of_pocket)."""

from __future__ import annotations

from ..catalogue import NO_OVERLAP, OOP_CATEGORIES
from ..claim import OutOfPocket
from ..incident import Incident
from .common import HeadParams, Result, grace_limits, iso_in, settle, zero
from .declare import (
    CHOICE,
    USER_SERVICES,
    HeadOfLoss,
    Input,
    bench_time,
    datetime_input,
    demo_time,
    money_input,
    service_input,
    text,
)

DECIMAL, MONEY_CAP = "a non-negative number", "a non-negative integer (KRW) or null for no cap"


def out_of_pocket(item: OutOfPocket, incident: Incident, p: HeadParams) -> Result:
    """A charge the outage caused, incurred from the first window start until the grace after the last end."""
    trace = (
        {
            "amount": str(item.amount),
            "category": item.category,
            "incurred_at": iso_in(incident, item.incurred_at),
            "grace_hours": p.text["grace_hours"],
        }
        if p.traced
        else None
    )
    limits = grace_limits(incident, item.service, p.values["grace_hours"])
    if limits is None:
        return zero(NO_OVERLAP, trace)
    start, until, *eligible = limits
    if trace is not None:
        trace["eligible_from"], trace["eligible_until"] = eligible
        trace["rate"] = p.text["rate"]
    if not start <= item.incurred_epoch < until:
        return zero(NO_OVERLAP, trace)
    rn, rd = p.ratios["rate"]
    return settle(item.amount * rn, rd, p.values["line_cap"], trace)


def _bench(rng, claimant_type: str) -> dict:
    return {
        "kind": "out_of_pocket",
        "service": rng.choice(USER_SERVICES),
        "incurred_at": bench_time(rng, 12),
        "amount": rng.randrange(1000, 700000, 100),
        "category": rng.choice(("late_fee", "overcharge", "penalty", "other")),
    }


def _demo(rng, claimant_type: str) -> dict:
    service = rng.choice(["kakao_t_bike", "kakao_t_parking", "kakao_t_taxi", "kakaopay"])
    day = rng.choice(["15", "16", "17", "16", "16", "24"])  # the 24th is outside every window
    return {
        "kind": "out_of_pocket",
        "service": service,
        "incurred_at": demo_time(day, rng.randint(8, 22)),
        "amount": rng.randint(1, 100) * 1000,
        "category": rng.choice(["late_fee", "late_fee", "overcharge", "penalty", "other"]),
    }


HEAD = HeadOfLoss(
    kind="out_of_pocket",
    label=text("추가로 부담한 비용", "Out-of-pocket charge"),
    title=text(
        "장애 때문에 생긴 비용(연체료, 반납하지 못한 대여 요금, 위약금)",
        "A charge the outage caused (late fee, rental that could not be ended, penalty)",
    ),
    short=text("장애로 생긴 비용", "Charge caused by the outage"),
    hint=text(
        "예: 반납하지 못한 킥보드와 그 연체료. 청구된 금액과 시각을 입력해 주세요.",
        "For example a kickboard you could not return and its late fee. Enter what you were charged and when.",
    ),
    situation=text(
        "장애 때문에 추가 요금을 냈어요(연체료, 반납하지 못한 대여 요금 등)",
        "I was charged because of the outage (a late fee, a rental I could not end)",
    ),
    claimant_types=("user", "taxi_driver", "merchant"),
    inputs=(
        service_input(),
        datetime_input("incurred_at", "비용이 청구된 시각", "When you were charged"),
        money_input("amount", "청구된 금액(원)", "Amount charged (KRW)"),
        Input("category", CHOICE, text("비용 종류", "Kind of charge"), choices=OOP_CATEGORIES),
    ),
    record=OutOfPocket,
    formula=out_of_pocket,
    methods={"reimbursement": {"grace_hours": DECIMAL, "line_cap": MONEY_CAP}},
    claimed_amount=lambda inputs: int(inputs["amount"]),
    sentences={
        "out_of_pocket": text(
            "{service} 장애 중 또는 그 뒤 {grace_hours} 안인 {incurred_at}에 부담한 {category} {amount}{rate} = {result}",
            "{amount} charged on {incurred_at} ({category}), during the {service} outage"
            " or the {grace_hours} after it{rate} = {result}",
        )
    },
    no_overlap=text(
        "{incurred_at}의 {amount} 지출은 {service} 장애 기간과 그 뒤 {grace_hours} 밖이어서",
        "the charge of {amount} on {incurred_at} is outside the {service} outage and the {grace_hours} after it",
    ),
    trace_money=frozenset({"amount"}),
    trace_hours=frozenset({"grace_hours"}),
    trace_times=frozenset({"incurred_at", "eligible_from", "eligible_until"}),
    form_order=("service", "category", "incurred_at", "amount"),
    demo_sample=_demo,
    bench_sample=_bench,
)
