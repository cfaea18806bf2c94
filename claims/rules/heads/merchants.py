"""Heads of loss of merchants: channel sales lost in business hours, ads sent into the outage (POLICY §4)."""

from __future__ import annotations

from ..catalogue import NO_OVERLAP
from ..claim import AdSpend, BusinessHours, LostSales
from ..incident import Incident
from ..intervals import union
from ..money import cents_ratio_text, hours_ratio_text
from .common import HeadParams, Result, settle, weighted_units, zero


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
            trace["tier_up_to"] = str(tier["up_to"])
            trace["tier_amount"] = str(tier["amount"])
            return settle(tier["amount"] * rn, rd, p.values["line_cap"], trace)
    # Above the last band the operator paid a share of the loss, on proof: a reviewer must see it.
    trace["above_rate"] = p.text["above_rate"]
    an, ad = p.ratios["above_rate"]
    numerator, denominator = lost_numerator * an * rn, lost_denominator * ad * rd
    return settle(numerator, denominator, p.values["line_cap"], trace, review=True)


def ad_spend(item: AdSpend, incident: Incident, p: HeadParams) -> Result:
    """The cost of channel campaigns sent while the channel was down (any level)."""
    service = incident.services.get(item.service)
    if service is None:
        counted = []
    else:
        window_at = service.spans.window_at
        counted = [c.cost for c in item.campaigns if window_at(c.sent_epoch) is not None]
    trace = {
        "campaigns": str(len(item.campaigns)),
        "campaigns_counted": str(len(counted)),
        "costs_counted": str(sum(counted)),
        "rate": p.text["rate"],
    }
    if not counted:
        return zero(NO_OVERLAP, trace)
    rn, rd = p.ratios["rate"]
    return settle(sum(counted) * rn, rd, p.values["line_cap"], trace)
