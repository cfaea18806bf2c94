"""The fast path of `parse_claim`: well-formed claim JSON straight into records, or None.

`parse_claim` first tries `fast_claim`, which accepts only input that is plainly valid (the exact types
and keys the schema asks for, e.g. what `claim_to_dict` writes and the database stores) and builds the
same records the full reader would, without collecting errors. Anything else, however slightly off,
returns None and goes to the full reader in `schema`, which names every problem or accepts what a form
sends (amounts as digit text, and so on). So the fast path can change speed, never an answer: a test
checks both paths give equal claims on a population.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time
from typing import Any

from . import registry
from .catalogue import (
    CLAIMANT_TYPES,
    OOP_CATEGORIES,
)
from .claim import (
    WORK_TITLE_MAX,
    AdSpend,
    BusinessHours,
    Campaign,
    Claim,
    LaunchWindow,
    LostEarnings,
    LostIncome,
    LostSales,
    OutOfPocket,
    Ride,
    Shift,
    Subscription,
    UnpaidFares,
    Voucher,
)
from .instants import read_instant_text
from .intervals import union

MAX_AMOUNT = 10**12
_new = object.__new__
_set = object.__setattr__
_CLAIMANT_TYPES = frozenset(CLAIMANT_TYPES)
_CATEGORIES = frozenset(OOP_CATEGORIES)
_CLAIM_KEYS = frozenset(("claimant_type", "filed_at", "items"))


class _Off(Exception):
    """The input is not plainly valid: let the full reader deal with it."""


def _amount(value: object) -> int:
    if type(value) is not int or not 0 <= value <= MAX_AMOUNT:
        raise _Off
    return value


def _instant(value: object) -> tuple[Any, int]:
    if type(value) is not str:
        raise _Off
    try:
        return read_instant_text(value)
    except (ValueError, OverflowError):
        raise _Off from None


_TIMES: dict[str, time] = {}


def _time_of_day(value: object, allow_24: bool) -> time:
    found = _TIMES.get(value) if type(value) is str else None
    if found is None:
        if type(value) is not str or len(value) not in (4, 5) or value[-3] != ":":
            raise _Off
        hours, minutes = value[:-3], value[-2:]
        if not (hours.isascii() and hours.isdigit() and minutes.isascii() and minutes.isdigit()):
            raise _Off
        if (int(hours), int(minutes)) == (24, 0):
            raise _Off  # "24:00" is read by the full reader (close only)
        if int(hours) > 23 or int(minutes) > 59:
            raise _Off
        found = _TIMES[value] = time(int(hours), int(minutes))
    return found


def _keys(data: object, expected: frozenset[str]) -> Mapping:
    if type(data) is not dict or data.keys() != expected or None in data.values():
        raise _Off
    return data


def _shift(entry: object) -> Shift:
    if type(entry) is dict:
        _keys(entry, frozenset(("start", "end")))
        start, end = entry["start"], entry["end"]
    elif type(entry) in (list, tuple) and len(entry) == 2:
        start, end = entry
    else:
        raise _Off
    (start, start_epoch), (end, end_epoch) = _instant(start), _instant(end)
    if end <= start:
        raise _Off
    shift = _new(Shift)
    _set(shift, "start", start)
    _set(shift, "end", end)
    _set(shift, "span", (start_epoch, end_epoch))
    return shift


_RIDE_KEYS = frozenset(("started_at", "ended_at", "fare"))
_CAMPAIGN_KEYS = frozenset(("sent_at", "cost"))
_HOURS_KEYS = frozenset(("open", "close"))


def _ride(entry: object) -> Ride:
    _keys(entry, _RIDE_KEYS)
    (started, _), (ended, ended_epoch) = _instant(entry["started_at"]), _instant(entry["ended_at"])
    if ended <= started:
        raise _Off
    ride = _new(Ride)
    _set(ride, "started_at", started)
    _set(ride, "ended_at", ended)
    _set(ride, "fare", _amount(entry["fare"]))
    _set(ride, "ended_epoch", ended_epoch)
    return ride


def _campaign(entry: object) -> Campaign:
    _keys(entry, _CAMPAIGN_KEYS)
    sent, sent_epoch = _instant(entry["sent_at"])
    campaign = _new(Campaign)
    _set(campaign, "sent_at", sent)
    _set(campaign, "cost", _amount(entry["cost"]))
    _set(campaign, "sent_epoch", sent_epoch)
    return campaign


def _entries(value: object) -> list | tuple:
    if type(value) not in (list, tuple) or not value:
        raise _Off
    return value


def _weekdays(value: object) -> tuple[int, ...]:
    if type(value) not in (list, tuple):
        raise _Off
    for day in value:
        if type(day) is not int or not 0 <= day <= 6:
            raise _Off
    return tuple(sorted(set(value)))


_CHOICES: dict[str, tuple[str, ...] | None] = {}
_SERVICE_CODE = re.compile(r"[a-z][a-z0-9_]*")
# Service codes already seen to be well formed (there are a few dozen).
_WELL_FORMED: set[str] = set()


def _service(value: object, kind: str, services: Mapping | None) -> str:
    if type(value) is not str:
        raise _Off
    choices = _CHOICES.get(kind)
    if choices is not None and value not in choices:
        raise _Off
    if services is None:
        if value not in _WELL_FORMED:
            if not _SERVICE_CODE.fullmatch(value):
                raise _Off
            _WELL_FORMED.add(value)
    elif value not in services:
        raise _Off
    return value


def _subscription(data, services):
    return Subscription(_service(data["service"], "subscription", services), _amount(data["monthly_fee"]))


def _out_of_pocket(data, services):
    incurred, incurred_epoch = _instant(data["incurred_at"])
    category = data["category"]
    if type(category) is not str or category not in _CATEGORIES:
        raise _Off
    item = _new(OutOfPocket)
    _set(item, "service", _service(data["service"], "out_of_pocket", services))
    _set(item, "incurred_at", incurred)
    _set(item, "amount", _amount(data["amount"]))
    _set(item, "category", category)
    _set(item, "incurred_epoch", incurred_epoch)
    return item


def _voucher(data, services):
    expires, expires_epoch = _instant(data["expires_at"])
    item = _new(Voucher)
    _set(item, "face_value", _amount(data["face_value"]))
    _set(item, "expires_at", expires)
    _set(item, "expires_epoch", expires_epoch)
    return item


def _lost_income(data, services):
    shifts = tuple([_shift(entry) for entry in _entries(data["shifts"])])
    item = _new(LostIncome)
    _set(item, "service", _service(data["service"], "lost_income", services))
    _set(item, "hourly_income", _amount(data["hourly_income"]))
    _set(item, "shifts", shifts)
    _set(item, "worked", union(shift.span for shift in shifts))
    return item


def _unpaid_fares(data, services):
    return UnpaidFares(tuple([_ride(entry) for entry in _entries(data["rides"])]))


_BUSINESS_HOURS: dict[tuple[time, time], BusinessHours] = {}


def _lost_sales(data, services):
    hours = data["business_hours"]
    _keys(hours, _HOURS_KEYS)
    opens, closes = _time_of_day(hours["open"], False), _time_of_day(hours["close"], True)
    business_hours = _BUSINESS_HOURS.get((opens, closes))
    if business_hours is None:
        business_hours = _BUSINESS_HOURS[opens, closes] = BusinessHours(opens, closes)
    return LostSales(
        _service(data["service"], "lost_sales", services),
        _amount(data["daily_sales"]),
        business_hours,
        _weekdays(data["closed_weekdays"]) if "closed_weekdays" in data else (),
    )


def _ad_spend(data, services):
    return AdSpend(tuple([_campaign(entry) for entry in _entries(data["campaigns"])]))


def _text(value: object, max_length: int) -> str:
    # Plainly valid: a string, already trimmed, not empty, not too long (else the full reader says why).
    if type(value) is not str or not 0 < len(value) <= max_length or value.strip() != value:
        raise _Off
    return value


def _launch_window(data, services):
    launch, launch_epoch = _instant(data["launch_at"])
    item = _new(LaunchWindow)
    _set(item, "service", _service(data["service"], "launch_window", services))
    _set(item, "work_title", _text(data["work_title"], WORK_TITLE_MAX))
    _set(item, "launch_at", launch)
    _set(item, "expected_earnings", _amount(data["expected_earnings"]))
    _set(item, "launch_epoch", launch_epoch)
    return item


def _lost_earnings(data, services):
    return LostEarnings(_service(data["service"], "lost_earnings", services), _amount(data["daily_earnings"]))


_READERS = {
    "subscription": _subscription,
    "out_of_pocket": _out_of_pocket,
    "voucher": _voucher,
    "lost_income": _lost_income,
    "unpaid_fares": _unpaid_fares,
    "lost_sales": _lost_sales,
    "ad_spend": _ad_spend,
    "launch_window": _launch_window,
    "lost_earnings": _lost_earnings,
}
# Per kind, the key sets a plainly valid item may have (all its fields, without the optional ones, with
# the fixed service echoed) and the services it may name; built from the registry of heads of loss on
# first use and again after a head is registered.
_SPECS: dict = {"version": None}


def _specs() -> dict:
    if _SPECS["version"] != registry.version():
        key_sets, fixed = {}, {}
        for kind, head in registry.heads().items():
            keys = frozenset(("kind", *head.fields))
            key_sets[kind] = (keys, keys - head.optional)
            fixed[kind] = head.fixed_service
        _SPECS.update(version=registry.version(), key_sets=key_sets, fixed=fixed)
        _CHOICES.clear()
        _CHOICES.update({kind: head.service_choices for kind, head in registry.heads().items()})
    return _SPECS


def _item(data: object, services: Mapping | None, specs: dict):
    if type(data) is not dict:
        raise _Off
    kind = data.get("kind")
    key_sets = specs["key_sets"].get(kind) if type(kind) is str else None
    if key_sets is None or kind not in _READERS:
        raise _Off
    keys = data.keys()
    if keys not in key_sets:
        fixed = specs["fixed"][kind]
        if fixed is None or data.get("service") != fixed or (keys - {"service"}) not in key_sets:
            raise _Off
        if services is not None and fixed not in services:
            raise _Off  # the full reader says "unknown service"
    if None in data.values():
        raise _Off
    return _READERS[kind](data, services)


def fast_claim(data: object, services: Mapping | None) -> Claim | None:
    """The claim if `data` is plainly valid (see the module's docstring), else None."""
    if type(data) is not dict or not data.keys() <= _CLAIM_KEYS:
        return None
    try:
        claimant_type = data["claimant_type"]
        if type(claimant_type) is not str or claimant_type not in _CLAIMANT_TYPES:
            return None
        filed = data.get("filed_at")
        filed_at, filed_epoch = (None, None) if filed is None else _instant(filed)
        specs = _SPECS if _SPECS["version"] == registry._state["version"] else _specs()
        items = tuple([_item(entry, services, specs) for entry in _entries(data["items"])])
    except (_Off, KeyError):
        return None
    claim = _new(Claim)
    _set(claim, "claimant_type", claimant_type)
    _set(claim, "filed_at", filed_at)
    _set(claim, "items", items)
    _set(claim, "filed_epoch", filed_epoch)
    return claim
