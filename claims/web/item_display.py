"""How a claim item's inputs read to a person: labelled fields, money in KRW, times in KST, lists as rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import Flask

from claims.i18n import kst, won
from claims.rules.heads.declare import DATETIME as DATETIME_INPUT
from claims.rules.heads.declare import LISTS
from claims.rules.heads.declare import MONEY as MONEY_INPUT
from claims.rules.instants import parse_instant
from claims.rules.registry import Derived
from claims.web.claimant_texts import CATEGORY, FIELD, WEEKDAY, _in_language

# Which inputs are lists of entries (and their columns), money or instants: as the heads of loss
# declare them (claims/rules/heads/<kind>.py).
NESTED = Derived(
    lambda heads: {
        entry.name: tuple(field.name for field in entry.entries)
        for head in heads.values()
        for entry in head.inputs
        if entry.type in LISTS
    }
)
LIST_LABEL = Derived(
    lambda heads: {
        entry.name: _in_language(entry.label)
        for head in heads.values()
        for entry in head.inputs
        if entry.type in LISTS
    }
)


def _names_of(input_type: str) -> Derived:
    return Derived(
        lambda heads: dict.fromkeys(
            field.name
            for head in heads.values()
            for entry in head.inputs
            for field in (entry, *entry.entries)
            if field.type == input_type
        )
    )


MONEY = _names_of(MONEY_INPUT)
INSTANTS = _names_of(DATETIME_INPUT)


@dataclass
class Shown:
    label: str
    text: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _instant(value) -> str:
    try:
        return kst(value if isinstance(value, datetime) else parse_instant(str(value)))
    except (TypeError, ValueError):
        return str(value)  # shown as typed: a reviewer should see an odd value, not a blank


def value_text(key: str, value, service_names: dict[str, str]) -> str:
    if value is None or value == "":
        return "—"
    if key == "service":
        return service_names.get(value, value)
    if key == "category":
        return str(CATEGORY.get(value, value))
    if key in MONEY and isinstance(value, int):
        return won(value)
    if key in INSTANTS:
        return _instant(value)
    if key == "closed_weekdays":
        return ", ".join(str(WEEKDAY[d]) for d in value if isinstance(d, int) and 0 <= d < 7) or "—"
    if key == "business_hours" and isinstance(value, dict):
        return f"{value.get('open', '?')}–{value.get('close', '?')}"
    return str(value)


def describe_inputs(inputs: dict, service_names: dict[str, str]) -> list[Shown]:
    """The item's inputs in reading order, each with its label; nested lists become small tables."""
    shown = []
    for key, value in inputs.items():
        if key in NESTED and isinstance(value, list):
            columns = NESTED[key]
            # Entries are objects ({"start": …, "end": …}) or, for shifts, pairs ([start, end]) as the rules
            # accept them; a pair is read in the columns' order.
            rows = [
                [value_text(c, entry.get(c), service_names) for c in columns]
                if isinstance(entry, dict)
                else [value_text(c, v, service_names) for c, v in zip(columns, entry, strict=True)]
                for entry in value
                if isinstance(entry, dict) or (isinstance(entry, list | tuple) and len(entry) == len(columns))
            ]
            shown.append(Shown(str(LIST_LABEL[key]), columns=[str(FIELD[c]) for c in columns], rows=rows))
        else:
            label = FIELD.get(key, key)
            shown.append(Shown(str(label), value_text(key, value, service_names)))
    return shown


def init_app(app: Flask) -> None:
    app.jinja_env.globals["describe_inputs"] = describe_inputs
