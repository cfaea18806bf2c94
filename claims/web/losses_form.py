"""The losses step: repeatable rows per head of loss, read from the posted form and checked by the rules.

Without JavaScript, "add a row" and "remove" are submit buttons that redraw the form (nothing is lost);
with static/js/claim-form.js they work in place. Field names are `<kind>-<row>-<field>`; rows need not be
numbered without gaps. Kinds with a list inside one item (shifts, rides, campaigns) show the item's own
fields once and one row per entry.

A moment is entered with a phone's own pickers: a date (`<name>__date`, type=date, set to the outage's first
day) and a time (`<name>__time`, type=time), in KST; a voucher's expiry is a date alone (the end of that day).
The server still accepts the typed text "2022-10-15 15:30" in `<name>` itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from claims import rules
from claims.i18n import day
from claims.rules.heads import declare
from claims.rules.instants import KST
from claims.rules.registry import Derived, head
from claims.web.claimant_forms import RULE_MESSAGES, rule_message
from claims.web.claimant_texts import FIELD, KIND_SHORT


@dataclass(frozen=True)
class KindSpec:
    row_fields: tuple[str, ...]
    section_fields: tuple[str, ...] = ()
    nested: str | None = None  # the list inside one item, for kinds whose rows are its entries


def _spec(head) -> KindSpec:
    """The form of a head of loss, from its declared inputs: a list input (shifts, rides, campaigns)
    gives one row per entry under the head's other fields; business hours give an open and a close."""
    inputs = head.inputs
    if head.form_order:
        inputs = tuple(sorted(inputs, key=lambda entry: head.form_order.index(entry.name)))
    nested = next((entry for entry in inputs if entry.type in declare.LISTS), None)
    if nested is not None:
        others = tuple(entry.name for entry in inputs if entry is not nested)
        return KindSpec(tuple(field.name for field in nested.entries), others, nested.name)
    names: list[str] = []
    for entry in inputs:
        if entry.type == declare.BUSINESS_HOURS:
            names.extend(field.name for field in entry.entries)
        else:
            names.append(entry.name)
    return KindSpec(tuple(names))


def _names(*types: str) -> Derived:
    return Derived(
        lambda heads: dict.fromkeys(
            field.name
            for head in heads.values()
            for entry in head.inputs
            for field in (entry, *entry.entries)
            if field.type in types
        )
    )


# Derived from the heads' declarations (claims/rules/heads/<kind>.py).
SPECS = Derived(lambda heads: {kind: _spec(head) for kind, head in heads.items()})
MONEY = _names(declare.MONEY)
DATETIMES = _names(declare.DATETIME)
TIMES = _names("time")
_WEEKDAYS = _names(declare.WEEKDAYS)
_PAIRS = _names(declare.PAIRS)
_BUSINESS_HOURS = _names(declare.BUSINESS_HOURS)
# Moments people know as a day: the end of that day in KST.
DATE_ONLY = frozenset({"expires_at"})
# Plausibility: a shift is at most a day; a moment more than a week outside the incident is a typing slip.
MAX_SHIFT = timedelta(hours=24)
SLACK = timedelta(days=7)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?")


@dataclass(frozen=True)
class Days:
    """The outage's days for the date pickers: the default day and the range a picker offers."""

    default: str = ""
    first: str = ""
    last: str = ""

    @classmethod
    def of(cls, incident) -> Days:
        start = getattr(incident, "started_at", None)
        end = getattr(incident, "resolved_at", None) or start
        if start is None:
            return cls()
        start, end = start.astimezone(KST), end.astimezone(KST)
        return cls(
            start.date().isoformat(),
            (start - SLACK).date().isoformat(),
            (end + SLACK).date().isoformat(),
        )


def combine_date_time(form_data, default_day: str = ""):
    """Posted date and time pickers (`x__date`, `x__time`) as the one text field `x` the form reads.

    A date left at the default day with no time is an untouched picker: empty. A date-only field gives the
    end of that day in KST. Without a picked value, text typed into `x` itself is read (the typed formats
    keep working, and text that could not be read is shown again with its error).
    """
    from werkzeug.datastructures import MultiDict

    data = MultiDict(form_data)
    for key in list(data.keys()):
        if not key.endswith("__date"):
            continue
        base = key[: -len("__date")]
        day = (data.get(key) or "").strip()
        clock = (data.get(base + "__time") or "").strip()
        name = base.rsplit("-", 1)[-1]
        if name in DATE_ONLY:
            value = f"{day}T23:59:59+09:00" if _DATE.fullmatch(day) else day
        elif not clock and (not day or day == default_day):
            value = ""
        else:
            value = f"{day} {clock}".strip()
        if value or not (data.get(base) or "").strip():
            data.setlist(base, [value])
    return data


def picker_parts(name: str, value) -> tuple[str, str]:
    """(date, time) for the pickers from the shown text "2022-10-15 15:30" (or from what was posted)."""
    text = str(value or "").strip()
    if name in DATE_ONLY:
        return text[:10] if _DATE.fullmatch(text[:10]) else "", ""
    day, _sep, clock = text.partition(" ")
    day = day if _DATE.fullmatch(day) else ""
    match = _TIME.fullmatch(clock)
    return day, f"{int(match[1]):02d}:{match[2]}" if match else ""


_DATETIME_TEXT = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?[ T]+(\d{1,2}):(\d{2})")


def money_value(text: str) -> int | str | None:
    """An amount typed as "39,000", "39000원" or "39 000" as an integer; other text is kept for the error."""
    cleaned = re.sub(r"[,\s원]|KRW|krw", "", text or "")
    if not cleaned:
        return None
    return int(cleaned) if cleaned.isdigit() else text.strip()


def datetime_value(text: str) -> str | None:
    """ "2022-10-15 15:30" (or with dots or slashes) as ISO text in KST; other text is kept for the error."""
    text = (text or "").strip()
    if not text:
        return None
    match = _DATETIME_TEXT.fullmatch(text)
    if match is None:
        return text
    year, month, day, hour, minute = (int(part) for part in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00+09:00"


def datetime_text(value: str | None) -> str:
    """Stored ISO text back into what the claimant typed: "2022-10-15 15:30", in KST."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).astimezone(KST).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


def _moment(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass
class Row:
    kind: str
    index: int
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)

    def id(self, name: str) -> str:
        return f"{self.kind}-{self.index}-{name}"

    def blank(self) -> bool:
        return not any(value for value in self.values.values())


@dataclass
class Section:
    kind: str
    spec: KindSpec
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    def id(self, name: str) -> str:
        return f"{self.kind}-{name}"

    def blank(self) -> bool:
        return not any(self.values.values()) and all(row.blank() for row in self.rows)

    def template_row(self) -> Row:
        """An empty row numbered `__index__`, for the <template> that claim-form.js copies."""
        return Row(self.kind, "__index__")  # type: ignore[arg-type]


class LossesForm:
    """The posted rows of every head of loss allowed for the claimant type, and their errors."""

    def __init__(self, claimant_type: str):
        self.claimant_type = claimant_type
        self.days = Days()
        self.kinds = rules.ALLOWED_KINDS[claimant_type]
        self.sections = {kind: Section(kind, SPECS[kind]) for kind in self.kinds}
        self.form_errors: list[str] = []
        self._origin: list[tuple[str, Row | None]] = []

    # Reading ---------------------------------------------------------------------------------------------

    @classmethod
    def from_items(cls, claimant_type: str, items) -> LossesForm:
        """The form as the saved items fill it, with one blank row where a kind has none yet."""
        form = cls(claimant_type)
        for item in items:
            section = form.sections.get(item.kind)
            if section is None:
                continue
            inputs = item.inputs
            if section.spec.nested:
                section.values = {
                    name: _shown(name, inputs.get(name)) for name in section.spec.section_fields
                }
                for entry in inputs.get(section.spec.nested, []):
                    if section.spec.nested in _PAIRS:
                        entry = {"start": entry[0], "end": entry[1]}
                    section.rows.append(form._row(item.kind, entry))
            elif any(name in _BUSINESS_HOURS for name in inputs):
                values = dict(inputs)
                for name in [name for name in inputs if name in _BUSINESS_HOURS]:
                    values.update(inputs.get(name) or {})
                section.rows.append(form._row(item.kind, values))
            else:
                section.rows.append(form._row(item.kind, inputs))
        form.pad()
        return form

    def _row(self, kind: str, data: dict) -> Row:
        section = self.sections[kind]
        row = Row(kind, len(section.rows))
        row.values = {name: _shown(name, data.get(name)) for name in SPECS[kind].row_fields}
        return row

    @classmethod
    def from_post(cls, claimant_type: str, form_data, days: Days | None = None) -> LossesForm:
        form = cls(claimant_type)
        form.days = days or Days()
        form_data = combine_date_time(form_data, form.days.default)
        found: dict[tuple[str, int], Row] = {}
        for key in form_data:
            parts = key.split("-")
            if len(parts) == 2 and parts[0] in form.sections:
                if parts[1] in SPECS[parts[0]].section_fields:
                    form.sections[parts[0]].values[parts[1]] = form_data.get(key, "").strip()
            elif len(parts) == 3 and parts[0] in form.sections and parts[1].isdigit():
                kind, number, name = parts[0], int(parts[1]), parts[2]
                if name not in SPECS[kind].row_fields:
                    continue
                row = found.setdefault((kind, number), Row(kind, number))
                row.values[name] = form_data.getlist(key) if name in _WEEKDAYS else form_data.get(key, "")
        for (kind, _number), row in sorted(found.items(), key=lambda pair: pair[0]):
            form.sections[kind].rows.append(row)
        action_add = form_data.get("add")
        action_remove = form_data.get("remove", "")
        form.action = None
        if action_add in form.sections:
            form.action = "add"
            section = form.sections[action_add]
            section.rows.append(Row(action_add, max((r.index for r in section.rows), default=-1) + 1))
        elif action_remove.count(":") == 1:
            kind, _sep, number = action_remove.partition(":")
            if kind in form.sections and number.isdigit():
                form.action = "remove"
                section = form.sections[kind]
                section.rows = [row for row in section.rows if row.index != int(number)]
        form.pad()
        return form

    def pad(self) -> None:
        """Renumber rows 0..n-1 and leave at least one row per kind to type into."""
        for section in self.sections.values():
            if not section.rows:
                section.rows.append(Row(section.kind, 0))
            for number, row in enumerate(section.rows):
                row.index = number

    # Checking --------------------------------------------------------------------------------------------

    def items(self) -> list[dict]:
        """The filled-in rows as rules claim items (blank rows left out), remembering where each came from."""
        items: list[dict] = []
        self._origin = []
        for kind, section in self.sections.items():
            spec = section.spec
            if spec.nested:
                if section.blank():
                    continue
                item = {"kind": kind}
                for name in spec.section_fields:
                    item[name] = _posted(name, section.values.get(name, ""))
                rows = [row for row in section.rows if not row.blank()]
                item[spec.nested] = [_entry(kind, row) for row in rows]
                items.append(item)
                self._origin.append((kind, None, rows))
                continue
            for row in section.rows:
                if row.blank():
                    continue
                item = {
                    "kind": kind,
                    **{name: _posted(name, row.values.get(name)) for name in spec.row_fields},
                }
                _regroup(kind, item, row)
                items.append(item)
                self._origin.append((kind, row, [row]))
        return items

    def validate(self, incident=None) -> bool:
        """Check the rows with the rules' own schema; put each error next to its field."""
        items = self.items()
        if not items:
            self.form_errors.append(str(_l("Add at least one loss: fill in at least one row.")))
            return False
        try:
            rules.parse_claim({"claimant_type": self.claimant_type, "items": items}, incident)
        except rules.ClaimInputError as exc:
            for error in exc.errors:
                self._place(error)
            return False
        return self._plausible(incident)

    def _plausible(self, incident) -> bool:
        """Catch typing slips the rules accept: a shift over 24 hours, a moment far from the outage."""
        start = getattr(incident, "started_at", None)
        end = getattr(incident, "resolved_at", None) or start
        ok = True
        for kind, section in self.sections.items():
            for row in section.rows:
                if row.blank():
                    continue
                moments = {
                    name: _moment(_posted(name, row.values.get(name)))
                    for name in section.spec.row_fields
                    if name in DATETIMES
                }
                shift = (moments.get("start"), moments.get("end"))
                if kind == "lost_income" and all(shift) and shift[1] - shift[0] > MAX_SHIFT:
                    row.errors.setdefault(
                        "end", str(_l("A shift cannot be longer than 24 hours. Check the dates."))
                    )
                    ok = False
                if start is None:
                    continue
                for name, moment in moments.items():
                    if moment is not None and not start - SLACK <= moment <= end + SLACK:
                        row.errors.setdefault(
                            name,
                            str(
                                _l(
                                    "This is more than a week away from the outage (%(first)s to %(last)s). "
                                    "Check the date.",
                                    first=day(start.astimezone(KST).date()),
                                    last=day(end.astimezone(KST).date()),
                                )
                            ),
                        )
                        ok = False
        return ok

    def _place(self, error) -> None:
        match = re.match(r"items\[(\d+)\](?:\.(\w+))?(?:\[(\d+)\])?(?:\.(\w+))?", error.field)
        message = rule_message(error)
        if match is None or int(match[1]) >= len(self._origin):
            self.form_errors.append(message)
            return
        kind, row, rows = self._origin[int(match[1])]
        name, sub, leaf = match[2], match[3], match[4]
        section = self.sections[kind]
        if section.spec.nested:
            if name == section.spec.nested and sub is not None and int(sub) < len(rows):
                target = rows[int(sub)]
                default = section.spec.row_fields[-1] if kind != "unpaid_fares" else "ended_at"
                target.errors.setdefault(leaf or default, message)
            elif name in section.spec.section_fields:
                section.errors.setdefault(name, message)
            else:
                self.form_errors.append(message)
            return
        if name == "business_hours":
            name = leaf or "open"
        if name not in section.spec.row_fields:
            name = section.spec.row_fields[0]
        row.errors.setdefault(name, message)

    def error_links(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary at the top, each saying which field of which entry."""
        links = [("losses", message) for message in self.form_errors]
        for kind, section in self.sections.items():
            for name, message in section.errors.items():
                links.append((section.id(name), f"{KIND_SHORT[kind]} — {FIELD[name]}: {message}"))
            for row in section.rows:
                for name, message in row.errors.items():
                    where = f"{KIND_SHORT[kind]} {row.index + 1} — {FIELD[name]}"
                    links.append((row.id(name), f"{where}: {message}"))
        return links

    @property
    def has_errors(self) -> bool:
        return bool(self.error_links())

    @property
    def errors(self) -> list[tuple[str, str]]:
        """Like a WTForms form's: empty when there is nothing to correct (the page title says "Error:")."""
        return self.error_links()


def _posted(name: str, value):
    if name in MONEY:
        return money_value(value or "")
    if name in DATETIMES:
        return datetime_value(value or "")
    if isinstance(value, str):
        return value.strip() or None
    return value


def _regroup(kind: str, item: dict, row: Row) -> None:
    """Business hours typed as two fields become one {open, close}; weekdays ticked become numbers."""
    for entry in head(kind).inputs:
        if entry.type == declare.BUSINESS_HOURS:
            item[entry.name] = {field.name: item.pop(field.name) for field in entry.entries}
        elif entry.type == declare.WEEKDAYS:
            item[entry.name] = [int(d) for d in row.values.get(entry.name) or [] if d.isdigit()]


def _entry(kind: str, row: Row):
    values = {name: _posted(name, row.values.get(name)) for name in SPECS[kind].row_fields}
    if SPECS[kind].nested in _PAIRS:
        return [values[name] for name in SPECS[kind].row_fields]
    return values


def _shown(name: str, value) -> str | list:
    if value is None:
        return ""
    if name in DATETIMES:
        return datetime_text(value)
    if name in _WEEKDAYS:
        return [str(day) for day in value]
    return str(value)


__all__ = [
    "RULE_MESSAGES",
    "SPECS",
    "Days",
    "LossesForm",
    "combine_date_time",
    "datetime_value",
    "money_value",
    "picker_parts",
]
