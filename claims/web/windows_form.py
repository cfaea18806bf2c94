"""The windows editing form: one row per window (times in KST), a few empty rows to add windows, a split
instant per row; reason and source of the change. Rows are read by hand (their number varies), the rest
with WTForms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from claims.rules.instants import KST
from claims.services.windows import Proposal, ProposedWindow

EMPTY_ROWS = 2
MAX_ROWS = 200
TIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")
LEVEL_LABELS = {"full": _l("Full outage"), "partial": _l("Partial outage")}


class WindowsForm(FlaskForm):
    reason = TextAreaField(_l("Reason for the change"), validators=[Length(max=2000)])
    source = StringField(_l("Source (a web address or a document name)"), validators=[Length(max=500)])
    # The button pressed (name="action": "preview" or "save") is read from the request, not a field here.


@dataclass
class Row:
    """One row of the form as typed (text), with its errors."""

    n: int
    service: str = ""
    start: str = ""
    end: str = ""
    level: str = "full"
    split: str = ""
    note: str = ""
    source: str = ""
    new: bool = False
    errors: dict | None = None


def kst_text(value: datetime) -> str:
    return value.astimezone(KST).strftime("%Y-%m-%dT%H:%M")


def parse_kst(text: str) -> datetime | None:
    text = (text or "").strip()
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=KST)
        except ValueError:
            continue
    return None


def rows_of(proposal: Proposal, service_order: list[str]) -> list[Row]:
    rows, n = [], 0
    for code in service_order:
        for w in sorted(proposal.get(code, []), key=lambda w: w.start):
            rows.append(Row(n, code, kst_text(w.start), kst_text(w.end), w.level, "", w.note, w.source))
            n += 1
    rows.extend(Row(n + i, new=True, level="full") for i in range(EMPTY_ROWS))
    return rows


def parse(form, services: set[str]) -> tuple[Proposal, list[Row], bool]:
    """The proposal typed in `form` (request.form); rows keep what was typed, with errors next to fields."""
    proposal: Proposal = {code: [] for code in services}
    rows: list[Row] = []
    ok = True
    for n in range(MAX_ROWS):
        prefix = f"w{n}-"
        if f"{prefix}service" not in form:
            break
        row = Row(
            n,
            service=form.get(f"{prefix}service", ""),
            start=form.get(f"{prefix}start", ""),
            end=form.get(f"{prefix}end", ""),
            level=form.get(f"{prefix}level", "full"),
            split=form.get(f"{prefix}split", ""),
            note=form.get(f"{prefix}note", "")[:500],
            source=form.get(f"{prefix}source", "")[:500],
            new=form.get(f"{prefix}new") == "1",
            errors={},
        )
        if form.get(f"{prefix}remove"):
            continue
        if row.new and not (row.start.strip() or row.end.strip()):
            rows.append(row)
            continue
        if row.service not in services:
            row.errors["service"] = str(_l("Select a service."))
        if row.level not in LEVEL_LABELS:
            row.errors["level"] = str(_l("Select full or partial."))
        start, end = parse_kst(row.start), parse_kst(row.end)
        if start is None:
            row.errors["start"] = str(_l("Enter a time such as 2022-10-15T15:30 (KST)."))
        if end is None:
            row.errors["end"] = str(_l("Enter a time such as 2022-10-15T15:30 (KST)."))
        if start and end and end <= start:
            row.errors["end"] = str(_l("The end must be after the start."))
        split = parse_kst(row.split) if row.split.strip() else None
        if row.split.strip() and (split is None or not (start and end and start < split < end)):
            row.errors["split"] = str(_l("A split time lies strictly between the start and the end."))
        rows.append(row)
        if row.errors:
            ok = False
            continue
        cuts = [start, split, end] if split else [start, end]
        for a, b in zip(cuts, cuts[1:], strict=False):
            proposal[row.service].append(ProposedWindow(a, b, row.level, row.note, row.source))
    return proposal, rows, ok
