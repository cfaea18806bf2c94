"""Head of loss of merchants: channel ads sent into the outage (POLICY §4 ad_spend)."""

from __future__ import annotations

from ..claim import AdSpend
from ..incident import Incident
from .common import HeadParams, Result, counted_at_rate
from .declare import ENTRIES, HeadOfLoss, Input, bench_time, datetime_input, demo_time, money_input, text

MONEY_CAP = "a non-negative integer (KRW) or null for no cap"


def ad_spend(item: AdSpend, incident: Incident, p: HeadParams) -> Result:
    """The cost of channel campaigns sent while the channel was down (any level)."""
    service = incident.services.get(item.service)
    if service is None:
        counted = []
    else:
        window_at = service.spans.window_at
        counted = [c.cost for c in item.campaigns if window_at(c.sent_epoch) is not None]
    return counted_at_rate(
        p, len(item.campaigns), counted, ("campaigns", "campaigns_counted", "costs_counted")
    )


def _bench(rng, claimant_type: str) -> dict:
    campaigns = [
        {"sent_at": bench_time(rng), "cost": rng.randrange(10000, 500000, 1000)}
        for _ in range(rng.randint(1, 4))
    ]
    return {"kind": "ad_spend", "campaigns": campaigns}


def _demo(rng, claimant_type: str) -> dict:
    r = rng.randint
    return {
        "kind": "ad_spend",
        "campaigns": [
            {"sent_at": demo_time(rng.choice(["15", "16", "14"]), r(9, 20)), "cost": r(5, 200) * 1000}
            for _ in range(r(1, 3))
        ],
    }


HEAD = HeadOfLoss(
    kind="ad_spend",
    label=text("채널 광고 메시지 비용", "Channel ad spend"),
    title=text("장애 중 발송된 채널 광고", "Channel ads sent into the outage"),
    short=text("채널 광고", "Channel ads"),
    hint=text(
        "유료 채널 메시지마다 한 줄씩, 발송 시각과 비용을 입력해 주세요.",
        "One row per paid channel message: when it was sent and what it cost.",
    ),
    situation=text(
        "장애 중에 나간 채널 광고비를 냈어요", "I paid for channel ads that went out during the outage"
    ),
    claimant_types=("merchant",),
    inputs=(
        Input(
            "campaigns",
            ENTRIES,
            text("채널 메시지", "Channel messages"),
            entries=(
                datetime_input("sent_at", "발송 시각", "Sent at"),
                money_input("cost", "비용(원)", "Cost (KRW)"),
            ),
        ),
    ),
    record=AdSpend,
    formula=ad_spend,
    methods={"costs": {"line_cap": MONEY_CAP}},
    claimed_amount=lambda inputs: sum(int(c["cost"]) for c in inputs["campaigns"]),
    sentences={
        "ad_spend": text(
            "캠페인 {campaigns}건 중 {campaigns_counted}건이 {service} 장애 중에 발송된 비용 {costs_counted}{rate} = {result}",
            "{campaigns_counted} of {campaigns} campaigns sent during the {service} outage,"
            " costing {costs_counted}{rate} = {result}",
        )
    },
    no_overlap=text(
        "캠페인 {campaigns}건 중 {service} 장애 중에 발송된 것이 없어",
        "none of the {campaigns} campaigns was sent during the {service} outage",
    ),
    trace_money=frozenset({"costs_counted"}),
    fixed_service=AdSpend.service,
    demo_sample=_demo,
    bench_sample=_bench,
)
