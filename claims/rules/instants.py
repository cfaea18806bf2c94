"""Instants: reading times from input, the time zones they mean, and integer epoch seconds for the maths."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# A time written without an offset means Asia/Seoul (POLICY §1). Korea has kept +09:00 all year since
# 1988 (no daylight saving), so a fixed offset is exact for every incident this portal handles, needs no
# tz database on the host and is the fastest tzinfo to convert with.
KST = timezone(timedelta(hours=9), "KST")
SEOUL = "Asia/Seoul"

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)

# A date AND a time of day are required: "2022-10-15" alone is ambiguous for a deadline (start or end of
# the day?), so the claimant must say which.
_DATETIME_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}")
# Years outside this range are typing mistakes, and would overflow when shown in another time zone.
MIN_YEAR, MAX_YEAR = 1970, 2999


def parse_instant(value: object) -> datetime:
    """An aware datetime from an ISO 8601 string or a datetime; naive means KST. Raises ValueError."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and _DATETIME_TEXT.match(value.strip()):
        moment = datetime.fromisoformat(value.strip())
    else:
        raise ValueError("not a date and time")
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=KST)
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise ValueError("year out of range")
    return moment


def epoch_seconds(moment: datetime) -> int:
    """Whole seconds since 1970 UTC, rounded down.

    The interval maths runs on integers; fractions of a second are dropped, which never moves an instant
    across a window edge as long as window edges are whole seconds (they always are in incident files).
    """
    return (moment - EPOCH) // _SECOND


def from_epoch(seconds: int, zone: tzinfo) -> datetime:
    return datetime.fromtimestamp(seconds, zone)


def get_zone(name: str) -> tzinfo:
    """The tzinfo for an IANA name; Asia/Seoul is the fixed +09:00 (see KST). Raises ValueError."""
    if name == SEOUL:
        return KST
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"unknown time zone {name!r}") from None


def local_midnight_epoch(day: date, zone: tzinfo) -> int:
    return epoch_seconds(datetime(day.year, day.month, day.day, tzinfo=zone))


def iso(moment: datetime, zone: tzinfo | None = None) -> str:
    """ISO 8601 text of an instant, in `zone` when given, without microseconds when there are none."""
    if zone is not None and moment.utcoffset() != zone.utcoffset(moment):
        moment = moment.astimezone(zone)
    return moment.isoformat()


# Instants already read, by their exact text: a population of claims repeats the same minutes again and
# again, and an aware datetime with its epoch seconds is immutable, so reading a text twice is waste.
# Bounded: emptied when full (a cache, never part of an answer).
_READ: dict[str, tuple[datetime, int]] = {}
_READ_LIMIT = 100_000


def read_instant_text(text: str) -> tuple[datetime, int]:
    """`parse_instant(text)` and its epoch seconds, memoised by the text. Raises ValueError."""
    found = _READ.get(text)
    if found is None:
        moment = parse_instant(text)
        found = (moment, epoch_seconds(moment))
        if len(_READ) >= _READ_LIMIT:
            _READ.clear()
        _READ[text] = found
    return found
