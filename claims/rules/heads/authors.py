"""Heads of loss of webtoon and webnovel authors: a launch into the outage, ordinary earnings (POLICY §4)."""

from __future__ import annotations

from ..catalogue import NO_OVERLAP
from ..claim import LaunchWindow, LostEarnings
from ..incident import Incident
from ..instants import iso
from ..intervals import overlap_by_level
from ..money import ONE, hours_text, ratio_text
from .common import HeadParams, Result, settle, weighted_seconds, whole_service, zero

_SECONDS_PER_DAY = 86400


def launch_window(item: LaunchWindow, incident: Incident, p: HeadParams) -> Result:
    """Expected earnings × min(1, share of the launch window lost × launch multiplier)."""
    v = p.values
    length = v["launch_window_days"] * _SECONDS_PER_DAY
    start = item.launch_epoch
    full, partial = overlap_by_level(
        incident.services[item.service].spans.windows, ((start, start + length),)
    )
    weighted = weighted_seconds(full, partial, p.partial_weight)
    boosted = weighted * v["launch_multiplier"]
    share = boosted / length if boosted < length else ONE
    trace = {
        "expected_earnings": str(item.expected_earnings),
        "launch_at": iso(item.launch_at, incident.zone),
        "launch_window_days": p.text["launch_window_days"],
        "launch_window_hours": p.text["launch_window_hours"],
        "weighted_hours": hours_text(weighted),
        "partial_weight": p.partial_weight_text,
        "launch_multiplier": p.text["launch_multiplier"],
        "share_lost": ratio_text(share),
        "rate": p.text["rate"],
    }
    if not full and not partial:
        return zero(NO_OVERLAP, trace)
    # One division at the end keeps the amount exact: earnings × min(length, boosted) / length.
    raw = item.expected_earnings * min(boosted, length) * v["rate"] / length
    return settle(raw, v["line_cap"], trace)


def lost_earnings(item: LostEarnings, incident: Incident, p: HeadParams) -> Result:
    """Daily earnings × weighted outage hours of the service / 24 × replacement rate."""
    spans = incident.services[item.service].spans
    weighted, weighted_text, _ = whole_service(incident, item.service, p.partial_weight)
    trace = {
        "daily_earnings": str(item.daily_earnings),
        "weighted_hours": weighted_text,
        "partial_weight": p.partial_weight_text,
        "rate": p.text["rate"],
    }
    if not spans.windows:
        return zero(NO_OVERLAP, trace)
    raw = item.daily_earnings * weighted * p.values["rate"] / _SECONDS_PER_DAY
    return settle(raw, p.values["line_cap"], trace)
