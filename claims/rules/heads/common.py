"""What every head of loss shares: its prepared parameters, weighting by level, and settling a line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..catalogue import CAPPED, NO_OVERLAP, OK
from ..incident import Incident
from ..instants import from_epoch, iso
from ..money import cents_ratio_text, hours_ratio_text, number_text, ratio, round_ratio
from ..policy import Head

# A head returns (amount in KRW, line code, trace, needs manual review).
Result = tuple[int, str, dict[str, str], bool]


@dataclass(frozen=True, slots=True, eq=False)
class HeadParams:
    """One head's parameters as the formulas use them, with their trace text computed once per policy.

    Compared and hashed by identity, so that heads can memoise per (incident, policy head) in
    `Incident.memo` what all claims share.

    `traced` False is the totals-only mode (`engine.assess_totals_many`): a formula then passes None as
    its trace and skips the trace's texts, computing the same amount by the same statements."""

    method: str
    values: Mapping[str, Any]
    text: Mapping[str, str]
    partial_weight: Decimal
    partial_weight_text: str
    # Each number parameter as an exact (numerator, denominator) pair; the partial weight likewise.
    ratios: Mapping[str, tuple[int, int]]
    weight: tuple[int, int]
    traced: bool = True

    @classmethod
    def of(cls, head: Head, partial_weight: Decimal, traced: bool = True) -> HeadParams:
        text = {name: _text(value) for name, value in head.values.items()}
        # Quantities derived from parameters alone, shown in traces as the policy text writes them (744 h).
        for days, hours in (("month_days", "month_hours"), ("launch_window_days", "launch_window_hours")):
            if days in head.values:
                text[hours] = number_text(head.values[days] * 24)
        ratios = {
            name: ratio(value)
            for name, value in head.values.items()
            if isinstance(value, Decimal | int) and not isinstance(value, bool)
        }
        return cls(
            head.method,
            head.values,
            text,
            partial_weight,
            number_text(partial_weight),
            ratios,
            ratio(partial_weight),
            traced,
        )


def _text(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, int | Decimal):
        return number_text(value)
    return str(value)


def weighted_units(full: int, partial: int, weight: tuple[int, int]) -> int:
    """Weighted outage seconds × the weight's denominator, exactly: a full second counts 1, a partial
    second `partial_weight` (POLICY §1). Divide by `weight[1]` for seconds."""
    return full * weight[1] + partial * weight[0]


def whole_service(incident: Incident, code: str, weight: tuple[int, int]) -> tuple[int, str, str]:
    """Weighted outage units (see `weighted_units`) of a service over all its windows, their hours as
    trace text, and the hours of its longest continuous full outage as trace text (memoised: they depend
    on nothing else)."""
    key = ("weighted", code, weight)
    found = incident.memo.get(key)
    if found is None:
        spans = incident.services[code].spans
        units = weighted_units(spans.full_seconds, spans.partial_seconds, weight)
        found = (units, hours_ratio_text(units, weight[1]), hours_ratio_text(spans.longest_full_seconds))
        incident.memo[key] = found
    return found


def settle(
    numerator: int, denominator: int, cap: int | None, trace: dict[str, str] | None, review: bool = False
) -> Result:
    """Round the exact amount `numerator / denominator` half up to 10 KRW, then apply the line's cap
    (POLICY §2, §4); records both in the trace (None: totals only, see `HeadParams.traced`)."""
    amount = round_ratio(numerator, denominator)
    if trace is not None:
        trace["unrounded"] = cents_ratio_text(numerator, denominator)
        if cap is not None:
            trace["line_cap"] = str(cap)
    if cap is not None and amount > cap:
        return cap, CAPPED, trace, True
    return amount, OK, trace, review


def cap_of(multiple: tuple[int, int] | None, times: int) -> int | None:
    """A cap that is an exact multiple `(numerator, denominator)` of an input (one monthly fee), in whole
    KRW rounded half up; None for no cap."""
    if multiple is None:
        return None
    numerator, denominator = multiple
    return (2 * times * numerator + denominator) // (2 * denominator)


def grace_limits(incident: Incident, code: str, grace_hours: Decimal) -> tuple[int, Decimal, str, str] | None:
    """`[first window start, last window end + grace)` of a service as epoch seconds and ISO text."""
    key = ("grace", code, grace_hours)
    limits = incident.memo.get(key)
    if limits is None:
        service = incident.services.get(code)
        spans = service.spans if service is not None else None
        if spans is None or spans.first_start is None:
            limits = ()
        else:
            until = spans.last_end + grace_hours * 3600
            # Shown to the second; a grace that is not a whole number of seconds is still compared exactly.
            until_text = iso(from_epoch(int(until), incident.zone))
            limits = (spans.first_start, until, iso(from_epoch(spans.first_start, incident.zone)), until_text)
        incident.memo[key] = limits
    return limits or None


def iso_in(incident: Incident, moment) -> str:
    """`iso(moment, incident.zone)`, memoised per incident by the instant and its time zone (claims share
    the same minutes again and again; equal aware datetimes with one tzinfo have one text). Bounded."""
    memo = incident.memo.get("iso")
    if memo is None:
        memo = incident.memo["iso"] = {}
    key = (moment, moment.tzinfo)
    found = memo.get(key)
    if found is None:
        if len(memo) >= 100_000:
            memo.clear()
        found = memo[key] = iso(moment, incident.zone)
    return found


def counted_at_rate(p: HeadParams, events: int, counted: list[int], names: tuple[str, str, str]) -> Result:
    """`rate` × the amounts of the events that fell into a window, capped at `line_cap` (NO_OVERLAP if none).

    `names` are the trace's keys for: all events, the events counted, and the sum of their amounts."""
    trace = (
        {
            names[0]: str(events),
            names[1]: str(len(counted)),
            names[2]: str(sum(counted)),
            "rate": p.text["rate"],
        }
        if p.traced
        else None
    )
    if not counted:
        return zero(NO_OVERLAP, trace)
    rn, rd = p.ratios["rate"]
    return settle(sum(counted) * rn, rd, p.values["line_cap"], trace)


def zero(code: str, trace: dict[str, str] | None) -> Result:
    return 0, code, trace, False
