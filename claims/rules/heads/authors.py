"""Heads of loss of webtoon and webnovel authors: a launch into the outage, ordinary earnings (POLICY §4)."""

from __future__ import annotations

from fractions import Fraction

from ..catalogue import NO_OVERLAP
from ..claim import LaunchWindow, LostEarnings
from ..incident import Incident
from ..instants import iso
from ..money import hours_ratio_text, share_ratio_text
from .common import HeadParams, Result, settle, weighted_units, whole_service, zero

_SECONDS_PER_DAY = 86400


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
    trace = {
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
    if not full and not partial:
        return zero(NO_OVERLAP, trace)
    numerator = item.expected_earnings * share_numerator * rn
    return settle(numerator, share_denominator * rd, v["line_cap"], trace)


def lost_earnings(item: LostEarnings, incident: Incident, p: HeadParams) -> Result:
    """Daily earnings × weighted outage hours of the service / 24 × replacement rate."""
    spans = incident.services[item.service].spans
    units, weighted_text, _ = whole_service(incident, item.service, p.weight)
    trace = {
        "daily_earnings": str(item.daily_earnings),
        "weighted_hours": weighted_text,
        "partial_weight": p.partial_weight_text,
        "rate": p.text["rate"],
    }
    if not spans.windows:
        return zero(NO_OVERLAP, trace)
    rn, rd = p.ratios["rate"]
    numerator = item.daily_earnings * units * rn
    return settle(numerator, p.weight[1] * rd * _SECONDS_PER_DAY, p.values["line_cap"], trace)
