"""Incidents: the downtime windows of each service, loaded from YAML or a dict and checked strictly.

Each service also carries its windows as epoch-second tuples (`Service.spans`), computed once, so that
evaluating a claim never converts a time zone or parses a time of the incident again.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from .errors import IncidentError
from .instants import epoch_seconds, from_epoch, get_zone, parse_instant
from .intervals import Window as Span3
from .intervals import longest_run, overlap_by_level
from .yamlio import read_yaml_file

DEFAULT_INCIDENT = Path(__file__).resolve().parent.parent / "data" / "incident-pangyo-2022-10-15.yaml"
LEVELS = ("full", "partial")

_CODE = re.compile(r"[a-z][a-z0-9_]*")
_TOP_KEYS = ("id", "name", "timezone", "started_at", "resolved_at", "claims", "timeline", "services")
_WINDOW_KEYS = ("start", "end", "level", "note", "note_ko", "source")
_DATETIME = "must be a date and time such as 2022-10-15T15:30:00+09:00"


@dataclass(frozen=True, slots=True)
class Window:
    """A downtime window `[start, end)` of one service."""

    start: datetime
    end: datetime
    level: str
    note: str = ""
    source: str = ""
    # The note in Korean (the timeline shows the note in the page's language); never part of equality.
    note_ko: str = field(default="", compare=False)

    @property
    def full(self) -> bool:
        return self.level == "full"


@dataclass(frozen=True, slots=True)
class ServiceSpans:
    """A service's windows as epoch seconds, with the whole-incident quantities the heads ask for.

    The windows of one service never overlap (the incident file is checked for that), so sorted by start
    they are also sorted by end. `starts`, `ends` and the prefix sums `full_before[i]`/`partial_before[i]`
    (seconds of full/partial outage in windows `0..i-1`) make the outage inside any span two binary
    searches and two subtractions (`overlap`), however many windows the service has.
    """

    windows: tuple[Span3, ...]
    first_start: int | None
    last_end: int | None
    full_seconds: int
    partial_seconds: int
    longest_full_seconds: int
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    full_before: tuple[int, ...] = (0,)
    partial_before: tuple[int, ...] = (0,)
    # False only for windows built by hand that overlap: then `overlap` walks them all instead.
    disjoint: bool = True

    @classmethod
    def of(cls, windows: tuple[Window, ...]) -> ServiceSpans:
        spans = tuple(sorted((epoch_seconds(w.start), epoch_seconds(w.end), w.full) for w in windows))
        return cls.of_spans(spans)

    @classmethod
    def of_spans(cls, spans: tuple[Span3, ...]) -> ServiceSpans:
        """From sorted windows `(start, end, is_full)` that do not overlap (they may touch)."""
        full_before, partial_before = [0], [0]
        for start, end, full in spans:
            full_before.append(full_before[-1] + (end - start if full else 0))
            partial_before.append(partial_before[-1] + (0 if full else end - start))
        return cls(
            windows=spans,
            first_start=min((s[0] for s in spans), default=None),
            last_end=max((s[1] for s in spans), default=None),
            full_seconds=full_before[-1],
            partial_seconds=partial_before[-1],
            longest_full_seconds=longest_run((start, end) for start, end, full in spans if full),
            starts=tuple(s[0] for s in spans),
            ends=tuple(s[1] for s in spans),
            full_before=tuple(full_before),
            partial_before=tuple(partial_before),
            disjoint=all(before[1] <= after[0] for before, after in zip(spans, spans[1:], strict=False)),
        )

    def overlap(self, start: int, end: int) -> tuple[int, int]:
        """Seconds of (full, partial) outage inside `[start, end)`: two binary searches.

        Windows `first..last-1` are those that end after `start` and start before `end`; all of them
        count whole except the first and the last, which are cut at `start` and `end`.
        """
        if not self.disjoint:
            return overlap_by_level(self.windows, ((start, end),))
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end)
        if first >= last:
            return 0, 0
        full = self.full_before[last] - self.full_before[first]
        partial = self.partial_before[last] - self.partial_before[first]
        w_start, _, w_full = self.windows[first]
        if w_start < start:
            if w_full:
                full -= start - w_start
            else:
                partial -= start - w_start
        _, w_end, w_full = self.windows[last - 1]
        if w_end > end:
            if w_full:
                full -= w_end - end
            else:
                partial -= w_end - end
        return full, partial

    def overlap_spans(self, spans: Iterable[tuple[int, int]]) -> tuple[int, int]:
        """Seconds of (full, partial) outage inside disjoint `spans` (see `intervals.union`)."""
        full = partial = 0
        for start, end in spans:
            more_full, more_partial = self.overlap(start, end)
            full += more_full
            partial += more_partial
        return full, partial

    def window_at(self, instant: int) -> Span3 | None:
        """The window with `start <= instant < end`, if any: one binary search."""
        if not self.disjoint:
            return next((w for w in self.windows if w[0] <= instant < w[1]), None)
        index = bisect_right(self.starts, instant) - 1
        if index >= 0 and instant < self.ends[index]:
            return self.windows[index]
        return None


@dataclass(frozen=True, eq=False)
class Service:
    code: str
    name: Mapping[str, str]
    windows: tuple[Window, ...]
    spans: ServiceSpans = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spans", ServiceSpans.of(self.windows))


@dataclass(frozen=True, eq=False)
class Incident:
    id: str
    name: Mapping[str, str]
    timezone: str
    opens_at: datetime | None
    closes_at: datetime | None
    services: Mapping[str, Service]
    started_at: datetime | None = None
    resolved_at: datetime | None = None
    timeline: tuple[dict, ...] = ()
    source: str = "<dict>"
    zone: tzinfo = field(init=False, repr=False)
    closes_at_epoch: int | None = field(init=False, repr=False)
    # Memo of derived quantities (local business days, grace limits) the heads ask for again and again;
    # derived from the frozen fields only, so it never changes an answer.
    memo: dict = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "zone", get_zone(self.timezone))
        closes = epoch_seconds(self.closes_at) if self.closes_at is not None else None
        object.__setattr__(self, "closes_at_epoch", closes)

    def business_day_starts(self, code: str, open_seconds: int) -> tuple[tuple[int, int], ...]:
        """(weekday, epoch of `open` on that local date) for each local date from the day before the earliest
        window start of the service to the day of its latest window end (POLICY §4 lost_sales).

        Memoised per (service, opening time): merchants share a handful of opening times, and the local
        calendar is the only time-zone work lost_sales needs.
        """
        key = ("business_days", code, open_seconds)
        days = self.memo.get(key)
        if days is None:
            spans = self.services[code].spans
            days = ()
            if spans.first_start is not None:
                day = from_epoch(spans.first_start, self.zone).date() - timedelta(days=1)
                last = from_epoch(spans.last_end, self.zone).date()
                found = []
                while day <= last:
                    local_open = datetime(day.year, day.month, day.day, tzinfo=self.zone) + timedelta(
                        seconds=open_seconds
                    )
                    # Adding to an aware datetime is wall-clock arithmetic, so on a day with a clock change
                    # the opening still falls at the written local time.
                    found.append((day.weekday(), epoch_seconds(local_open)))
                    day += timedelta(days=1)
                days = tuple(found)
            self.memo[key] = days
        return days


class _Checker:
    """Reads one incident dict, raising IncidentError that names the source and the key."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, key: str, problem: str):
        raise IncidentError(self.source, key, problem)

    def mapping(self, value: object, key: str, allowed: tuple[str, ...] | None = None) -> Mapping:
        if not isinstance(value, Mapping):
            self.fail(key, "must be a mapping")
        for name in value if allowed is not None else ():
            if name not in allowed:
                self.fail(f"{key}.{name}" if key else str(name), "unknown key")
        return value

    def text(self, value: object, key: str, required: bool = True) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(key, "is required" if value is None else "must be a non-empty text")
        return value

    def names(self, value: object, key: str) -> dict[str, str]:
        names = self.mapping(value, key)
        for lang in ("ko", "en"):
            self.text(names.get(lang), f"{key}.{lang}")
        return {str(lang): self.text(text, f"{key}.{lang}") for lang, text in names.items()}

    def instant(self, value: object, key: str, required: bool = True) -> datetime | None:
        if value is None:
            return self.fail(key, "is required") if required else None
        try:
            return parse_instant(value)
        except (ValueError, OverflowError):
            self.fail(key, _DATETIME)

    def window(self, value: object, key: str) -> Window:
        data = self.mapping(value, key, _WINDOW_KEYS)
        start = self.instant(data.get("start"), f"{key}.start")
        end = self.instant(data.get("end"), f"{key}.end")
        if end <= start:
            self.fail(f"{key}.end", "must be after start")
        level = data.get("level")
        if level not in LEVELS:
            self.fail(f"{key}.level", "is required" if level is None else "must be one of: full, partial")
        note = self.text(data.get("note"), f"{key}.note", required=False)
        source = self.text(data.get("source"), f"{key}.source", required=False)
        note_ko = self.text(data.get("note_ko"), f"{key}.note_ko", required=False)
        return Window(start, end, level, note, source, note_ko or "")

    def service(self, code: object, value: object, key: str) -> Service:
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            self.fail(key, "service codes are lower-case letters, digits and _")
        data = self.mapping(value, key, ("name", "windows"))
        windows_value = data.get("windows")
        if not isinstance(windows_value, list):
            self.fail(f"{key}.windows", "is required" if windows_value is None else "must be a list")
        windows = [
            self.window(entry, f"{key}.windows[{number}]") for number, entry in enumerate(windows_value)
        ]
        # Overlapping windows of one service would count the same hours twice: the file must say which
        # level applies when, with windows that at most touch.
        order = sorted(range(len(windows)), key=lambda number: windows[number].start)
        for before, after in zip(order, order[1:], strict=False):
            if windows[after].start < windows[before].end:
                self.fail(f"{key}.windows[{after}]", f"overlaps windows[{before}]")
        return Service(code, self.names(data.get("name"), f"{key}.name"), tuple(windows[n] for n in order))

    def timeline(self, value: object) -> tuple[dict, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail("timeline", "must be a list")
        entries = []
        for number, entry in enumerate(value):
            key = f"timeline[{number}]"
            data = self.mapping(entry, key, ("at", "ko", "en"))
            at = self.instant(data.get("at"), f"{key}.at")
            entries.append(
                {
                    "at": at,
                    "ko": self.text(data.get("ko"), f"{key}.ko"),
                    "en": self.text(data.get("en"), f"{key}.en"),
                }
            )
        return tuple(entries)


def incident_from_dict(data: object, source: str = "<dict>") -> Incident:
    """An Incident from the YAML structure, already parsed; times may be datetimes or ISO text."""
    check = _Checker(source)
    data = check.mapping(data, "", _TOP_KEYS)
    incident_id = check.text(data.get("id"), "id")
    name = check.names(data.get("name"), "name")
    timezone = check.text(data.get("timezone"), "timezone")
    try:
        get_zone(timezone)
    except ValueError as exc:
        check.fail("timezone", str(exc))
    claims = check.mapping(data.get("claims", {}), "claims", ("opens_at", "closes_at"))
    opens_at = check.instant(claims.get("opens_at"), "claims.opens_at", required=False)
    closes_at = check.instant(claims.get("closes_at"), "claims.closes_at", required=False)
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        check.fail("claims.closes_at", "must be after claims.opens_at")
    services_value = check.mapping(data.get("services"), "services") if "services" in data else None
    if not services_value:
        check.fail("services", "is required (at least one service)")
    services = {
        code: check.service(code, value, f"services.{code}") for code, value in services_value.items()
    }
    return Incident(
        id=incident_id,
        name=name,
        timezone=timezone,
        opens_at=opens_at,
        closes_at=closes_at,
        services=services,
        started_at=check.instant(data.get("started_at"), "started_at", required=False),
        resolved_at=check.instant(data.get("resolved_at"), "resolved_at", required=False),
        timeline=check.timeline(data.get("timeline")),
        source=source,
    )


def load_incident(path: str | Path | None = None) -> Incident:
    """Load and check an incident file (by default the shipped Pangyo incident)."""
    path = DEFAULT_INCIDENT if path is None else path
    return incident_from_dict(read_yaml_file(path, IncidentError), str(path))
