"""Head of loss of merchants: channel sales lost in business hours (POLICY §4 lost_sales)."""

from __future__ import annotations

from ..catalogue import NO_OVERLAP
from ..claim import BusinessHours, LostSales
from ..incident import Incident
from ..intervals import union
from ..money import cents_ratio_text, hours_ratio_text
from .common import HeadParams, Result, settle, weighted_units, zero
from .declare import (
    BUSINESS_HOURS,
    MERCHANT_SERVICES,
    WEEKDAYS,
    HeadOfLoss,
    Input,
    money_input,
    service_input,
    text,
)

DECIMAL, MONEY_CAP = "a non-negative number", "a non-negative integer (KRW) or null for no cap"
TIERS = "a list of {up_to, amount} in increasing order"


def _business_hours_text(item: LostSales) -> str:
    return f"{item.business_hours.open:%H:%M}-{item.business_hours.close:%H:%M}"


def _business_overlap(
    incident: Incident, code: str, hours: BusinessHours, closed: tuple[int, ...]
) -> tuple[int, int]:
    """Seconds of (full, partial) outage of the service inside the business periods (POLICY §4 lost_sales).

    Memoised per incident: merchants share a few opening hours, and the answer depends on nothing else.
    A closed weekday removes the period that *opens* that day: a bar closed on Saturdays still works
    Friday night into Saturday morning.
    """
    key = ("business_overlap", code, hours.open_seconds, hours.seconds_per_day, closed)
    found = incident.memo.get(key)
    if found is None:
        periods = union(
            (start, start + hours.seconds_per_day)
            for weekday, start in incident.business_day_starts(code, hours.open_seconds)
            if weekday not in closed
        )
        found = incident.memo[key] = incident.services[code].spans.overlap_spans(periods)
    return found


def lost_sales(item: LostSales, incident: Incident, p: HeadParams) -> Result:
    """Daily sales × weighted outage hours in business periods / hours per day; then margin or bands."""
    day_seconds = item.business_hours.seconds_per_day
    closed = item.closed_weekdays
    full, partial = _business_overlap(incident, item.service, item.business_hours, closed)
    units = weighted_units(full, partial, p.weight)
    # The lost sales are exactly lost_numerator / lost_denominator KRW: daily sales × weighted seconds
    # in business periods / seconds per business day.
    lost_numerator = item.daily_sales * units
    lost_denominator = p.weight[1] * day_seconds
    trace = None
    if p.traced:
        trace = {
            "daily_sales": str(item.daily_sales),
            "business_hours": _business_hours_text(item),
            "hours_per_day": hours_ratio_text(day_seconds),
        }
        if closed:
            trace["closed_weekdays"] = ", ".join(map(str, closed))
        trace["weighted_hours"] = hours_ratio_text(units, p.weight[1])
        trace["partial_weight"] = p.partial_weight_text
        trace["lost_sales"] = cents_ratio_text(lost_numerator, lost_denominator)
        trace["rate"] = p.text["rate"]
    if not lost_numerator:
        return zero(NO_OVERLAP, trace)
    rn, rd = p.ratios["rate"]
    if p.method == "margin":
        return settle(lost_numerator * rn, lost_denominator * rd, p.values["line_cap"], trace)
    for tier in p.values["tiers"]:
        # Bounds are inclusive, and compared without dividing (lost <= up_to, exactly).
        if lost_numerator <= tier["up_to"] * lost_denominator:
            if trace is not None:
                trace["tier_up_to"] = str(tier["up_to"])
                trace["tier_amount"] = str(tier["amount"])
            return settle(tier["amount"] * rn, rd, p.values["line_cap"], trace)
    # Above the last band the operator paid a share of the loss, on proof: a reviewer must see it.
    if trace is not None:
        trace["above_rate"] = p.text["above_rate"]
    an, ad = p.ratios["above_rate"]
    numerator, denominator = lost_numerator * an * rn, lost_denominator * ad * rd
    return settle(numerator, denominator, p.values["line_cap"], trace, review=True)


def _sentence_key(trace) -> str:
    if "tier_up_to" in trace:
        return "lost_sales.tiers"
    if "above_rate" in trace:
        return "lost_sales.above"
    return "lost_sales"


def _bench(rng, claimant_type: str) -> dict:
    opens = rng.choice(("07:00", "09:00", "10:00", "11:30", "17:00", "18:00"))
    closes = rng.choice(("15:00", "21:00", "22:00", "23:30", "02:00", "05:00"))
    closed = rng.sample(range(7), rng.choice((0, 0, 1, 2)))
    return {
        "kind": "lost_sales",
        "service": rng.choice(MERCHANT_SERVICES),
        "daily_sales": rng.randrange(50000, 3000000, 1000),
        "business_hours": {"open": opens, "close": closes},
        "closed_weekdays": closed,
    }


def _demo(rng, claimant_type: str) -> dict:
    return {
        "kind": "lost_sales",
        "service": rng.choice(["talk_channel", "kakaotalk_gift", "kakaopay"]),
        "daily_sales": rng.randint(10, 300) * 10_000,
        "business_hours": rng.choice(
            [
                {"open": "10:00", "close": "22:00"},
                {"open": "09:00", "close": "18:00"},
                {"open": "17:00", "close": "02:00"},
            ]
        ),
        "closed_weekdays": rng.choice([[], [6], [0]]),
    }


_SALES_EN = (
    "{weighted_hours} of {service} downtime in business hours ({business_hours}){partial}"
    " / {hours_per_day} a day × {daily_sales} a day = lost sales of {lost_sales}"
)
_SALES_KO = (
    "영업시간({business_hours}) 중 {service} 장애 {weighted_hours}{partial}"
    " / 하루 {hours_per_day} × 하루 매출 {daily_sales} = 매출 손실 {lost_sales}"
)

HEAD = HeadOfLoss(
    kind="lost_sales",
    label=text("매출 손실", "Lost sales"),
    title=text(
        "영업시간 중 카카오 채널에서 잃은 매출", "Sales lost through a Kakao channel during business hours"
    ),
    short=text("매출 손실", "Lost sales"),
    hint=text(
        "채널을 통한 평소 하루 매출과 영업시간을 입력해 주세요.",
        "Your usual daily sales through the channel and your opening hours.",
    ),
    situation=text(
        "카카오톡 채널이나 선물하기 매출이 줄었어요", "I lost sales through my Kakao channel or gift shop"
    ),
    claimant_types=("merchant",),
    inputs=(
        service_input(),
        money_input(
            "daily_sales", "채널을 통한 평소 하루 매출(원)", "Usual daily sales through the channel (KRW)"
        ),
        Input(
            "business_hours",
            BUSINESS_HOURS,
            text("영업시간", "Business hours"),
            entries=(
                Input("open", "time", text("영업 시작", "Opens at")),
                Input("close", "time", text("영업 종료", "Closes at")),
            ),
        ),
        Input("closed_weekdays", WEEKDAYS, text("휴무일", "Closed on"), optional=True),
    ),
    record=LostSales,
    formula=lost_sales,
    methods={
        "margin": {"line_cap": MONEY_CAP},
        "tiers": {"tiers": TIERS, "above_rate": DECIMAL, "line_cap": MONEY_CAP},
    },
    claimed_amount=lambda inputs: int(inputs["daily_sales"]),  # one day's sales: the days lost are not said
    sentences={
        "lost_sales": text(
            _SALES_KO + " × 이익률 {rate_value} = {result}", _SALES_EN + " × margin {rate_value} = {result}"
        ),
        "lost_sales.tiers": text(
            _SALES_KO + ", {tier_up_to} 이하 구간{rate} = {result}",
            _SALES_EN + ", in the band up to {tier_up_to}{rate} = {result}",
        ),
        "lost_sales.above": text(
            _SALES_KO + ", 마지막 구간 초과: × {above_rate}{rate} = {result} (증빙 필요)",
            _SALES_EN + ", above the last band: × {above_rate}{rate} = {result}, subject to proof",
        ),
    },
    no_overlap=text(
        "영업시간({business_hours})이 {service} 장애와 겹치지 않거나 신고한 매출이 없어",
        "no business hours ({business_hours}) overlap the {service} outage, or no sales were declared",
    ),
    trace_money=frozenset({"daily_sales", "lost_sales", "tier_up_to", "tier_amount"}),
    trace_hours=frozenset({"weighted_hours", "hours_per_day"}),
    sentence_key=_sentence_key,
    demo_sample=_demo,
    bench_sample=_bench,
)
