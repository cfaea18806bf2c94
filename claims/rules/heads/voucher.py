"""Head of loss: a gift voucher that expired while the Gift shop was down (POLICY §4 voucher)."""

from __future__ import annotations

from ..catalogue import NO_OVERLAP
from ..claim import Voucher
from ..incident import Incident
from .common import HeadParams, Result, grace_limits, iso_in, settle, zero
from .declare import HeadOfLoss, bench_time, datetime_input, demo_time, money_input, text

DECIMAL, MONEY_CAP = "a non-negative number", "a non-negative integer (KRW) or null for no cap"


def voucher(item: Voucher, incident: Incident, p: HeadParams) -> Result:
    """A gift voucher that expired while the Gift shop was down, or within the grace after it came back."""
    trace = (
        {
            "face_value": str(item.face_value),
            "expires_at": iso_in(incident, item.expires_at),
            "voucher_grace_hours": p.text["voucher_grace_hours"],
        }
        if p.traced
        else None
    )
    limits = grace_limits(incident, item.service, p.values["voucher_grace_hours"])
    if limits is None:
        return zero(NO_OVERLAP, trace)
    start, until, *eligible = limits
    if trace is not None:
        trace["eligible_from"], trace["eligible_until"] = eligible
        trace["rate"] = p.text["rate"]
    if not start <= item.expires_epoch < until:
        return zero(NO_OVERLAP, trace)
    rn, rd = p.ratios["rate"]
    return settle(item.face_value * rn, rd, p.values["line_cap"], trace)


def _bench(rng, claimant_type: str) -> dict:
    return {
        "kind": "voucher",
        "face_value": rng.choice((5000, 10000, 30000, 50000)),
        "expires_at": bench_time(rng, 14),
    }


def _demo(rng, claimant_type: str) -> dict:
    return {
        "kind": "voucher",
        "face_value": rng.choice([3000, 4500, 5000, 10000, 30000, 50000]),
        "expires_at": demo_time(rng.choice(["15", "16", "17", "19", "30"]), 23, 59),
    }


HEAD = HeadOfLoss(
    kind="voucher",
    label=text("유효기간이 지난 선물 교환권", "Expired gift voucher"),
    title=text("장애 중 유효기간이 지난 선물 교환권", "A gift voucher that expired during the outage"),
    short=text("기한이 지난 선물 교환권", "Expired gift voucher"),
    hint=text(
        "교환권 금액과 유효기간이 끝난 시각을 입력해 주세요.",
        "Enter the voucher's value and when it expired.",
    ),
    situation=text(
        "쓰지 못한 사이에 선물 교환권의 유효기간이 끝났어요",
        "A gift voucher expired while I could not use it",
    ),
    claimant_types=("user",),
    inputs=(
        money_input("face_value", "교환권 금액(원)", "Face value (KRW)"),
        datetime_input("expires_at", "유효기간 만료 시각", "Expiry date and time"),
    ),
    record=Voucher,
    formula=voucher,
    methods={"face_value": {"voucher_grace_hours": DECIMAL, "line_cap": MONEY_CAP}},
    claimed_amount=lambda inputs: int(inputs["face_value"]),
    sentences={
        "voucher": text(
            "{service} 장애 중 또는 그 뒤 {voucher_grace_hours} 안인 {expires_at}에 유효기간이 끝난 {face_value} 교환권"
            "{rate} = {result}",
            "A voucher of {face_value} that expired on {expires_at}, during the {service} outage"
            " or the {voucher_grace_hours} after it{rate} = {result}",
        )
    },
    no_overlap=text(
        "교환권의 유효기간({expires_at})이 {service} 장애 기간과 그 뒤 {voucher_grace_hours} 밖이어서",
        "the voucher expired on {expires_at}, outside the {service} outage and the {voucher_grace_hours} after it",
    ),
    trace_money=frozenset({"face_value"}),
    trace_hours=frozenset({"voucher_grace_hours"}),
    trace_times=frozenset({"expires_at", "eligible_from", "eligible_until"}),
    fixed_service=Voucher.service,
    demo_sample=_demo,
    bench_sample=_bench,
)
