"""Heads of loss open to every claimant (mostly users): subscriptions, charges, vouchers (POLICY §4)."""

from __future__ import annotations

from ..catalogue import BELOW_THRESHOLD, NO_OVERLAP
from ..claim import OutOfPocket, Subscription, Voucher
from ..incident import Incident
from ..instants import iso
from ..money import SECONDS_PER_HOUR
from .common import HeadParams, Result, cap_of, grace_limits, settle, whole_service, zero

_SECONDS_PER_DAY = 86400


def subscription(item: Subscription, incident: Incident, p: HeadParams) -> Result:
    """A paid plan the outage made useless: outage hours × a multiple of the fee, or fixed days."""
    spans = incident.services[item.service].spans
    v, t, r = p.values, p.text, p.ratios
    trace = {"monthly_fee": str(item.monthly_fee), "month_days": t["month_days"]}
    cap = cap_of(v["cap_months"], item.monthly_fee)
    if p.method == "fixed_days":
        trace["days"] = t["days"]
        trace["rate"] = t["rate"]
        if not spans.windows:
            return zero(NO_OVERLAP, trace)
        (dn, dd), (rn, rd), (mn, md) = r["days"], r["rate"], r["month_days"]
        return settle(item.monthly_fee * dn * rn * md, dd * rd * mn, cap, trace)
    units, weighted_text, longest_text = whole_service(incident, item.service, p.weight)
    trace["weighted_hours"] = weighted_text
    trace["partial_weight"] = p.partial_weight_text
    trace["longest_full_hours"] = longest_text
    trace["min_continuous_hours"] = t["min_continuous_hours"]
    trace["month_hours"] = t["month_hours"]
    trace["multiplier"] = t["multiplier"]
    trace["rate"] = t["rate"]
    # A service that never went down has nothing to overlap: NO_OVERLAP says so better than a threshold.
    if not spans.windows:
        return zero(NO_OVERLAP, trace)
    if spans.longest_full_seconds < v["min_continuous_hours"] * SECONDS_PER_HOUR:
        return zero(BELOW_THRESHOLD, trace)
    # fee × (units / weight denominator) seconds × multiplier × rate / (month days × 86,400 s), exactly.
    (xn, xd), (rn, rd), (mn, md) = r["multiplier"], r["rate"], r["month_days"]
    numerator = item.monthly_fee * units * xn * rn * md
    return settle(numerator, p.weight[1] * xd * rd * mn * _SECONDS_PER_DAY, cap, trace)


def out_of_pocket(item: OutOfPocket, incident: Incident, p: HeadParams) -> Result:
    """A charge the outage caused, incurred from the first window start until the grace after the last end."""
    trace = {
        "amount": str(item.amount),
        "category": item.category,
        "incurred_at": iso(item.incurred_at, incident.zone),
        "grace_hours": p.text["grace_hours"],
    }
    limits = grace_limits(incident, item.service, p.values["grace_hours"])
    if limits is None:
        return zero(NO_OVERLAP, trace)
    start, until, trace["eligible_from"], trace["eligible_until"] = limits
    trace["rate"] = p.text["rate"]
    if not start <= item.incurred_epoch < until:
        return zero(NO_OVERLAP, trace)
    rn, rd = p.ratios["rate"]
    return settle(item.amount * rn, rd, p.values["line_cap"], trace)


def voucher(item: Voucher, incident: Incident, p: HeadParams) -> Result:
    """A gift voucher that expired while the Gift shop was down, or within the grace after it came back."""
    trace = {
        "face_value": str(item.face_value),
        "expires_at": iso(item.expires_at, incident.zone),
        "voucher_grace_hours": p.text["voucher_grace_hours"],
    }
    limits = grace_limits(incident, item.service, p.values["voucher_grace_hours"])
    if limits is None:
        return zero(NO_OVERLAP, trace)
    start, until, trace["eligible_from"], trace["eligible_until"] = limits
    trace["rate"] = p.text["rate"]
    if not start <= item.expires_epoch < until:
        return zero(NO_OVERLAP, trace)
    rn, rd = p.ratios["rate"]
    return settle(item.face_value * rn, rd, p.values["line_cap"], trace)
