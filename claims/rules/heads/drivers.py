"""Heads of loss of taxi drivers: platform income lost during shifts, and fares never paid (POLICY §4)."""

from __future__ import annotations

from ..catalogue import FARE_SERVICES, NO_OVERLAP
from ..claim import LostIncome, UnpaidFares
from ..incident import Incident, ServiceSpans
from ..intervals import union
from ..money import hours_ratio_text
from .common import HeadParams, Result, settle, weighted_units, zero


def lost_income(item: LostIncome, incident: Incident, p: HeadParams) -> Result:
    """Hourly income × weighted outage hours over the union of the shifts × replacement rate."""
    worked = item.worked
    full, partial = incident.services[item.service].spans.overlap_spans(worked)
    units = weighted_units(full, partial, p.weight)
    trace = {
        "hourly_income": str(item.hourly_income),
        "shift_hours": hours_ratio_text(sum(end - start for start, end in worked)),
        "weighted_hours": hours_ratio_text(units, p.weight[1]),
        "partial_weight": p.partial_weight_text,
        "rate": p.text["rate"],
    }
    # NO_OVERLAP means no second in common; degraded hours with a weight of 0 still overlap (OK, 0 KRW).
    if not full and not partial:
        return zero(NO_OVERLAP, trace)
    rn, rd = p.ratios["rate"]
    return settle(item.hourly_income * units * rn, p.weight[1] * rd * 3600, p.values["line_cap"], trace)


def _fare_windows(incident: Incident) -> ServiceSpans:
    """The union of the full windows of the taxi app and of the payment service: when a ride's payment
    could not run (as spans, so that finding an instant is one binary search)."""
    windows = incident.memo.get("fare_windows")
    if windows is None:
        full = union(
            window[:2]
            for code in FARE_SERVICES
            if code in incident.services
            for window in incident.services[code].spans.windows
            if window[2]
        )
        windows = ServiceSpans.of_spans(tuple((start, end, True) for start, end in full))
        incident.memo["fare_windows"] = windows
    return windows


def unpaid_fares(item: UnpaidFares, incident: Incident, p: HeadParams) -> Result:
    """Fares of rides whose payment ran (at `ended_at`) inside a full outage of the taxi app or KakaoPay."""
    windows = _fare_windows(incident)
    counted = [ride.fare for ride in item.rides if windows.window_at(ride.ended_epoch) is not None]
    trace = {
        "rides": str(len(item.rides)),
        "rides_counted": str(len(counted)),
        "fares_counted": str(sum(counted)),
        "rate": p.text["rate"],
    }
    if not counted:
        return zero(NO_OVERLAP, trace)
    rn, rd = p.ratios["rate"]
    return settle(sum(counted) * rn, rd, p.values["line_cap"], trace)
