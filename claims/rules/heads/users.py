"""Heads of loss open to every claimant (mostly users): subscriptions, charges, vouchers (POLICY §4)."""

from __future__ import annotations

from ..catalogue import BELOW_THRESHOLD, NO_OVERLAP
from ..claim import OutOfPocket, Subscription, Voucher
from ..incident import Incident
from ..instants import iso
from ..money import SECONDS_PER_HOUR
from .common import HeadParams, Result, cap_of, grace_limits, settle, whole_service, zero

_SECONDS_PER_DAY = 86400


def _subscription_basis(
    incident: Incident, code: str, p: HeadParams
) -> tuple[dict[str, str], str | None, int, int]:
    """What every subscription to one service shares under one policy: the trace after the fee, the code
    if it pays nothing whatever the fee, and the exact factor `numerator / denominator` of the fee paid.
    Memoised per (incident, service, policy head)."""
    key = ("subscription", code, p)
    found = incident.memo.get(key)
    if found is not None:
        return found
    spans = incident.services[code].spans
    t, r = p.text, p.ratios
    trace = {"month_days": t["month_days"]}
    (rn, rd), (mn, md) = r["rate"], r["month_days"]
    if p.method == "fixed_days":
        trace["days"] = t["days"]
        trace["rate"] = t["rate"]
        # fee × days × rate / month days
        dn, dd = r["days"]
        found = (trace, None if spans.windows else NO_OVERLAP, dn * rn * md, dd * rd * mn)
    else:
        units, weighted_text, longest_text = whole_service(incident, code, p.weight)
        trace["weighted_hours"] = weighted_text
        trace["partial_weight"] = p.partial_weight_text
        trace["longest_full_hours"] = longest_text
        trace["min_continuous_hours"] = t["min_continuous_hours"]
        trace["month_hours"] = t["month_hours"]
        trace["multiplier"] = t["multiplier"]
        trace["rate"] = t["rate"]
        code_if_zero = None
        # A service that never went down has nothing to overlap: NO_OVERLAP says so better than a threshold.
        if not spans.windows:
            code_if_zero = NO_OVERLAP
        elif spans.longest_full_seconds < p.values["min_continuous_hours"] * SECONDS_PER_HOUR:
            code_if_zero = BELOW_THRESHOLD
        # fee × (units / weight denominator) seconds × multiplier × rate / (month days × 86,400 s)
        xn, xd = r["multiplier"]
        found = (trace, code_if_zero, units * xn * rn * md, p.weight[1] * xd * rd * mn * _SECONDS_PER_DAY)
    incident.memo[key] = found
    return found


def subscription(item: Subscription, incident: Incident, p: HeadParams) -> Result:
    """A paid plan the outage made useless: outage hours × a multiple of the fee, or fixed days."""
    shared, code, numerator, denominator = _subscription_basis(incident, item.service, p)
    fee = item.monthly_fee
    trace = {"monthly_fee": str(fee), **shared}
    if code is not None:
        return zero(code, trace)
    return settle(fee * numerator, denominator, cap_of(p.ratios.get("cap_months"), fee), trace)


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
