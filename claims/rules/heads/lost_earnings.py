"""Head of loss of authors: ordinary earnings lost while readers could not read or pay (POLICY §4)."""

from __future__ import annotations

from ..catalogue import AUTHOR_SERVICES, NO_OVERLAP
from ..claim import LostEarnings
from ..incident import Incident
from .common import HeadParams, Result, settle, whole_service, zero
from .declare import HeadOfLoss, money_input, service_input, text

_SECONDS_PER_DAY = 86400
MONEY_CAP = "a non-negative integer (KRW) or null for no cap"


def lost_earnings(item: LostEarnings, incident: Incident, p: HeadParams) -> Result:
    """Daily earnings × weighted outage hours of the service / 24 × replacement rate."""
    spans = incident.services[item.service].spans
    units, weighted_text, _ = whole_service(incident, item.service, p.weight)
    trace = (
        {
            "daily_earnings": str(item.daily_earnings),
            "weighted_hours": weighted_text,
            "partial_weight": p.partial_weight_text,
            "rate": p.text["rate"],
        }
        if p.traced
        else None
    )
    if not spans.windows:
        return zero(NO_OVERLAP, trace)
    rn, rd = p.ratios["rate"]
    numerator = item.daily_earnings * units * rn
    return settle(numerator, p.weight[1] * rd * _SECONDS_PER_DAY, p.values["line_cap"], trace)


def _bench(rng, claimant_type: str) -> dict:
    return {
        "kind": "lost_earnings",
        "service": rng.choice(AUTHOR_SERVICES),
        "daily_earnings": rng.randrange(10000, 1000000, 1000),
    }


def _demo(rng, claimant_type: str) -> dict:
    return {
        "kind": "lost_earnings",
        "service": rng.choice(["kakaopage", "kakao_webtoon"]),
        "daily_earnings": rng.randint(2, 60) * 10_000,
    }


HEAD = HeadOfLoss(
    kind="lost_earnings",
    label=text("작품 수익 손실", "Lost earnings"),
    title=text(
        "독자가 읽거나 결제하지 못해 잃은 평소 수익",
        "Ordinary earnings lost while readers could not read or pay",
    ),
    short=text("작품 수익 손실", "Lost earnings"),
    hint=text(
        "플랫폼에서 얻는 평소 하루 수익을 입력해 주세요.", "Your usual daily earnings from the platform."
    ),
    situation=text("독자가 제 작품을 보거나 결제하지 못했어요", "Readers could not read or pay for my works"),
    claimant_types=("author",),
    inputs=(
        service_input(*AUTHOR_SERVICES),
        money_input("daily_earnings", "평소 하루 수익(원)", "Usual daily earnings (KRW)"),
    ),
    record=LostEarnings,
    formula=lost_earnings,
    methods={"daily_share": {"line_cap": MONEY_CAP}},
    claimed_amount=lambda inputs: int(inputs["daily_earnings"]),  # one day's earnings
    sentences={
        "lost_earnings": text(
            "{service} 장애 {weighted_hours}{partial} / 24시간 × 하루 수익 {daily_earnings}{rate} = {result}",
            "{weighted_hours} of {service} downtime{partial} / 24 hours × {daily_earnings} a day{rate} = {result}",
        )
    },
    no_overlap=text("{service}에는 이번 장애 기간이 없어", "{service} had no outage in this incident"),
    trace_money=frozenset({"daily_earnings"}),
    trace_hours=frozenset({"weighted_hours"}),
    demo_sample=_demo,
    bench_sample=_bench,
)
