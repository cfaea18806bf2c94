"""The claim schema: reading claim JSON into `Claim` with every error named by field, and writing it back.

The web forms, the API, the database and the command line all go through `parse_claim`, so a claimant
sees the same message everywhere. Messages are a small fixed set of English templates (below) that the
web layer translates; `FieldError.template` and `.params` give the untranslated template and its values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from .catalogue import CLAIMANT_TYPES, KIND_FIELDS, KINDS, SERVICE_CHOICES
from .catalogue import OPTIONAL_FIELDS as _OPTIONAL
from .claim import (
    BusinessHours,
    Campaign,
    Claim,
    Item,
    Ride,
    Shift,
)
from .errors import RulesError
from .fastread import fast_claim
from .gcpause import cyclic_gc_paused
from .heads import declare
from .instants import parse_instant
from .registry import heads

# The messages. Keep this set small and fixed: each one has a Korean translation in the web layer.
REQUIRED = "is required"
NON_NEGATIVE_INTEGER = "must be a non-negative integer"
TOO_LARGE = "must be at most 1,000,000,000,000"
DATETIME = "must be a date and time such as 2022-10-15T15:30 (KST)"
TIME_OF_DAY = "must be a time of day such as 10:00"
UNKNOWN_SERVICE = "unknown service"
END_BEFORE_START = "must end after it starts"
NOT_ONE_OF = "is not one of: {choices}"
LIST = "must be a list"
EMPTY = "must have at least one entry"
OBJECT = "must be an object"
UNKNOWN_FIELD = "is not a known field"
PAIR = "must be a pair [start, end]"
WEEKDAY = "must be a weekday number from 0 (Monday) to 6 (Sunday)"
TEXT = "must be text"
TOO_LONG = "must be at most {max_length} characters"
MESSAGES = (
    REQUIRED,
    NON_NEGATIVE_INTEGER,
    TOO_LARGE,
    DATETIME,
    TIME_OF_DAY,
    UNKNOWN_SERVICE,
    END_BEFORE_START,
    NOT_ONE_OF,
    LIST,
    EMPTY,
    OBJECT,
    UNKNOWN_FIELD,
    PAIR,
    WEEKDAY,
    TEXT,
    TOO_LONG,
)

# No real loss reaches a trillion won; a larger number is a typing mistake, and bounding amounts keeps
# every product in the Decimal context exact.
MAX_AMOUNT = 10**12

_SERVICE_CODE = re.compile(r"[a-z][a-z0-9_]*")
_DIGITS = re.compile(r"[0-9]+")
_TIME_OF_DAY = re.compile(r"([0-9]{1,2}):([0-9]{2})")


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field: `items[2].fare: must be a non-negative integer`."""

    field: str
    message: str
    template: str = ""
    params: Mapping[str, str] = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ClaimInputError(RulesError, ValueError):
    """A claim that cannot be assessed; `.errors` lists every problem found, in field order."""

    def __init__(self, errors: list[FieldError]):
        self.errors = list(errors)
        super().__init__(str(self.errors[0]) if self.errors else "invalid claim")


class _Reader:
    """Collects every error of one claim instead of stopping at the first."""

    def __init__(self, services: Mapping[str, Any] | None):
        self.errors: list[FieldError] = []
        self.services = services

    def fail(self, path: str, template: str, **params: str) -> None:
        message = template.format(**params) if params else template
        self.errors.append(FieldError(path, message, template, params))

    def amount(self, value: object, path: str) -> int | None:
        # Digits as text ("39000", what a form field holds) are accepted; "39,000", 9.9 and true are not.
        if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return self.fail(path, NON_NEGATIVE_INTEGER)
        if value > MAX_AMOUNT:
            return self.fail(path, TOO_LARGE)
        return value

    def instant(self, value: object, path: str) -> datetime | None:
        try:
            return parse_instant(value)
        except (ValueError, OverflowError):
            return self.fail(path, DATETIME)

    def time_of_day(self, value: object, path: str, allow_24: bool) -> time | None:
        match = _TIME_OF_DAY.fullmatch(value.strip()) if isinstance(value, str) else None
        if match:
            hour, minute = int(match[1]), int(match[2])
            if allow_24 and (hour, minute) == (24, 0):
                return time(0, 0)  # "10:00-24:00" is a common way to write closing at midnight
            if hour < 24 and minute < 60:
                return time(hour, minute)
        return self.fail(path, TIME_OF_DAY)

    def choice(self, value: object, choices: tuple[str, ...], path: str) -> str | None:
        if value in choices and isinstance(value, str):
            return value
        return self.fail(path, NOT_ONE_OF, choices=", ".join(choices))

    def service(self, value: object, path: str, choices: tuple[str, ...] | None = None) -> str | None:
        if choices is not None and value not in choices:
            return self.fail(path, NOT_ONE_OF, choices=", ".join(choices))
        if not isinstance(value, str) or not _SERVICE_CODE.fullmatch(value):
            return self.fail(path, UNKNOWN_SERVICE)
        if self.services is not None and value not in self.services:
            return self.fail(path, UNKNOWN_SERVICE)
        return value

    def entries(self, value: object, path: str) -> list | None:
        # A claim, a list of shifts, rides or campaigns with nothing in it claims nothing: refused.
        if not isinstance(value, list | tuple):
            return self.fail(path, LIST)
        if not value:
            return self.fail(path, EMPTY)
        return list(value)

    def fields(self, value: object, path: str, known: tuple[str, ...], optional=frozenset()) -> dict | None:
        """The object's fields, after flagging missing and unknown ones (None if not an object).

        Unknown fields are refused rather than ignored: a misspelt `monthly_fees` must not silently become
        a claim without a fee.
        """
        if not isinstance(value, Mapping):
            return self.fail(path, OBJECT)
        prefix = f"{path}." if path else ""
        for name in known:
            if value.get(name) is None and name not in optional:
                self.fail(prefix + name, REQUIRED)
        for name in value:
            if name not in known:
                self.fail(prefix + str(name), UNKNOWN_FIELD)
        return dict(value)

    def span(self, start: datetime | None, end: datetime | None, path: str) -> bool:
        if start is not None and end is not None and end <= start:
            self.fail(path, END_BEFORE_START)
            return False
        return start is not None and end is not None


def _read_item(reader: _Reader, data: object, path: str) -> Item | None:
    if not isinstance(data, Mapping):
        return reader.fail(path, OBJECT)
    kind = data.get("kind")
    if kind is None:
        return reader.fail(f"{path}.kind", REQUIRED)
    if kind not in KINDS:
        return reader.fail(f"{path}.kind", NOT_ONE_OF, choices=", ".join(KINDS))
    head = heads()[kind]
    cls = head.record
    known = ("kind", *KIND_FIELDS[kind])
    inputs = dict(data)
    fixed = getattr(cls, "service", None)
    if fixed is not None and "service" not in KIND_FIELDS[kind] and "service" in inputs:
        # A client may echo the fixed service of a voucher or an ad campaign; only that one is accepted.
        reader.service(inputs.pop("service"), f"{path}.service", (fixed,))
    fields = reader.fields(inputs, path, known, _OPTIONAL.get(kind, frozenset()))
    values = {
        entry.name: _reader(entry)(reader, fields[entry.name], f"{path}.{entry.name}", kind)
        for entry in head.inputs
        if fields.get(entry.name) is not None
    }
    for entry in head.inputs:
        if entry.optional and entry.name not in values:
            values[entry.name] = () if entry.type == declare.WEEKDAYS else None
    if len(values) < len(KIND_FIELDS[kind]) or any(value is None for value in values.values()):
        return None
    return cls(**values)


def _read_service(reader: _Reader, value: object, path: str, kind: str) -> str | None:
    return reader.service(value, path, SERVICE_CHOICES.get(kind))


def _read_amount(reader: _Reader, value: object, path: str, kind: str) -> int | None:
    return reader.amount(value, path)


def _read_instant(reader: _Reader, value: object, path: str, kind: str) -> datetime | None:
    return reader.instant(value, path)


def _read_shifts(reader: _Reader, value: object, path: str, kind: str) -> tuple[Shift, ...] | None:
    shifts, ok = [], True
    for number, entry in enumerate(reader.entries(value, path) or ()):
        here = f"{path}[{number}]"
        if isinstance(entry, Mapping):
            pair = [entry.get("start"), entry.get("end")] if set(entry) == {"start", "end"} else None
        else:
            pair = list(entry) if isinstance(entry, list | tuple) and len(entry) == 2 else None
        if pair is None:
            reader.fail(here, PAIR)
            ok = False
            continue
        start, end = reader.instant(pair[0], f"{here}.start"), reader.instant(pair[1], f"{here}.end")
        if reader.span(start, end, here):
            shifts.append(Shift(start, end))
        else:
            ok = False
    return tuple(shifts) if ok and shifts else None


def _read_rides(reader: _Reader, value: object, path: str, kind: str) -> tuple[Ride, ...] | None:
    rides, ok = [], True
    for number, entry in enumerate(reader.entries(value, path) or ()):
        here = f"{path}[{number}]"
        fields = reader.fields(entry, here, ("started_at", "ended_at", "fare"))
        if fields is None:
            ok = False
            continue
        started = (
            reader.instant(fields["started_at"], f"{here}.started_at") if "started_at" in fields else None
        )
        ended = reader.instant(fields["ended_at"], f"{here}.ended_at") if "ended_at" in fields else None
        fare = reader.amount(fields["fare"], f"{here}.fare") if "fare" in fields else None
        if reader.span(started, ended, here) and fare is not None:
            rides.append(Ride(started, ended, fare))
        else:
            ok = False
    return tuple(rides) if ok and rides else None


def _read_campaigns(reader: _Reader, value: object, path: str, kind: str) -> tuple[Campaign, ...] | None:
    campaigns, ok = [], True
    for number, entry in enumerate(reader.entries(value, path) or ()):
        here = f"{path}[{number}]"
        fields = reader.fields(entry, here, ("sent_at", "cost"))
        if fields is None:
            ok = False
            continue
        sent = reader.instant(fields["sent_at"], f"{here}.sent_at") if "sent_at" in fields else None
        cost = reader.amount(fields["cost"], f"{here}.cost") if "cost" in fields else None
        if sent is not None and cost is not None:
            campaigns.append(Campaign(sent, cost))
        else:
            ok = False
    return tuple(campaigns) if ok and campaigns else None


def _read_business_hours(reader: _Reader, value: object, path: str, kind: str) -> BusinessHours | None:
    fields = reader.fields(value, path, ("open", "close"))
    if fields is None:
        return None
    opens = reader.time_of_day(fields["open"], f"{path}.open", allow_24=False) if "open" in fields else None
    closes = (
        reader.time_of_day(fields["close"], f"{path}.close", allow_24=True) if "close" in fields else None
    )
    return BusinessHours(opens, closes) if opens is not None and closes is not None else None


def _read_weekdays(reader: _Reader, value: object, path: str, kind: str) -> tuple[int, ...] | None:
    if not isinstance(value, list | tuple):
        return reader.fail(path, LIST)
    days, ok = set(), True
    for number, entry in enumerate(value):
        if isinstance(entry, str) and _DIGITS.fullmatch(entry.strip()):
            entry = int(entry)
        if isinstance(entry, int) and not isinstance(entry, bool) and 0 <= entry <= 6:
            days.add(entry)
        else:
            reader.fail(f"{path}[{number}]", WEEKDAY)
            ok = False
    return tuple(sorted(days)) if ok else None


def _read_text(max_length: int | None):
    def read(reader: _Reader, value: object, path: str, kind: str) -> str | None:
        # Trimmed; blank is missing. Kept as typed otherwise (a title may hold any characters).
        if not isinstance(value, str):
            return reader.fail(path, TEXT)
        value = value.strip()
        if not value:
            return reader.fail(path, REQUIRED)
        if max_length is not None and len(value) > max_length:
            return reader.fail(path, TOO_LONG, max_length=str(max_length))
        return value

    return read


def _read_choice(choices: tuple[str, ...]):
    def read(reader: _Reader, value: object, path: str, kind: str) -> str | None:
        return reader.choice(value, choices, path)

    return read


# Readers by input type (heads/declare.py); the lists of records have readers of their own, by name.
_READERS_BY_TYPE = {
    declare.SERVICE: _read_service,
    declare.MONEY: _read_amount,
    declare.DATETIME: _read_instant,
    declare.WEEKDAYS: _read_weekdays,
    declare.BUSINESS_HOURS: _read_business_hours,
}
_READERS_BY_NAME = {"shifts": _read_shifts, "rides": _read_rides, "campaigns": _read_campaigns}


def _reader(entry):
    if entry.name in _READERS_BY_NAME:
        return _READERS_BY_NAME[entry.name]
    if entry.type == declare.CHOICE:
        return _read_choice(entry.choices)
    if entry.type == declare.TEXT:
        return _read_text(entry.max_length)
    return _READERS_BY_TYPE[entry.type]


def parse_claim(data: object, incident=None) -> Claim:
    """Read claim JSON (already decoded) into a `Claim`, or raise `ClaimInputError` listing every problem.

    With `incident`, service codes are checked against it ("unknown service"); without, only their form is
    (assess() checks them against the incident it is given). `filed_at` may be left out or null: the
    claim is then taken as filed in time (eligible), because the portal stamps it on submission and a
    quote or a draft has not been filed yet.
    """
    services = incident.services if incident is not None else None
    claim = fast_claim(data, services)
    if claim is not None:
        return claim
    reader = _Reader(services)
    fields = reader.fields(data, "", ("claimant_type", "filed_at", "items"), frozenset({"filed_at"}))
    if fields is None:
        raise ClaimInputError([FieldError("claim", OBJECT, OBJECT)])
    claimant_type = fields.get("claimant_type")
    if claimant_type is not None:
        claimant_type = reader.choice(claimant_type, CLAIMANT_TYPES, "claimant_type")
    filed_at = fields.get("filed_at")
    if filed_at is not None:
        filed_at = reader.instant(filed_at, "filed_at")
    entries = reader.entries(fields["items"], "items") if fields.get("items") is not None else None
    items = [_read_item(reader, entry, f"items[{number}]") for number, entry in enumerate(entries or ())]
    if reader.errors:
        raise ClaimInputError(reader.errors)
    return Claim(claimant_type, filed_at, tuple(items))


def parse_many(claims: Iterable[object], incident=None) -> list[Claim]:
    """`parse_claim` for each of many claims (say, a population read from the database for a policy
    comparison), with Python's cycle collector paused meanwhile as `assess_many` does: the records make
    no reference cycles, and the collector's passes over a large live population cost more than the
    parsing. Raises ClaimInputError for the first claim that does not read."""
    with cyclic_gc_paused():
        return [parse_claim(data, incident) for data in claims]


def parse_item(data: object, incident=None, path: str = "items[0]") -> Item:
    """Read one item (one form of the claim), with errors named as in the whole claim (`items[0].fare`)."""
    reader = _Reader(incident.services if incident is not None else None)
    item = _read_item(reader, data, path)
    if reader.errors:
        raise ClaimInputError(reader.errors)
    return item


def _dump(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, BusinessHours):
        return {"open": _dump(value.open), "close": _dump(value.close)}
    if isinstance(value, Shift):
        return [_dump(value.start), _dump(value.end)]
    if isinstance(value, Ride):
        return {"started_at": _dump(value.started_at), "ended_at": _dump(value.ended_at), "fare": value.fare}
    if isinstance(value, Campaign):
        return {"sent_at": _dump(value.sent_at), "cost": value.cost}
    if isinstance(value, tuple):
        return [_dump(entry) for entry in value]
    return value


def item_to_dict(item: Item) -> dict[str, Any]:
    """One item in the JSON shape that `parse_item` reads."""
    return {"kind": item.kind, **{name: _dump(getattr(item, name)) for name in KIND_FIELDS[item.kind]}}


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    """The claim in the JSON shape that `parse_claim` reads (what the database stores)."""
    return {
        "claimant_type": claim.claimant_type,
        "filed_at": _dump(claim.filed_at) if claim.filed_at is not None else None,
        "items": [item_to_dict(item) for item in claim.items],
    }
