"""A claim's history in words: each audit event's before/after read as short phrases, times in KST.

The audit log stores JSON; reviewers read "상태: 접수됨 → 심사 중 · 인정액 146,080원", not `{"status": ...}`.
A key this module does not know is still shown (as "key: value"), never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from claims.i18n import kst, won
from claims.services import reason_codes
from claims.services.info_requests import item_labels
from claims.web.labels import STATUS
from claims.web.review_forms import FLAG_LABELS, OUTCOME_LABELS

KEY_LABELS = {
    "status": _l("Status"),
    "decision": _l("Decision"),
    "outcome": _l("Decision"),
    "amount_approved": _l("Approved amount"),
    "total": _l("Approved total"),
    "amount": _l("Amount"),
    "assigned_to": _l("Assigned to"),
    "until": _l("Until"),
    "items": _l("Asked for"),
    "due_on": _l("Due date"),
    "note": _l("Note"),
    "reason_code": _l("Reason"),
    "reminders": _l("Reminders sent"),
    "awaiting_second_signature": _l("Waits for a second signature"),
    "flags": _l("Flags"),
    "signals": _l("Signals"),
    "signal": _l("Signal"),
    "files": _l("Files"),
    "review_status": _l("Review"),
    "amount_computed": _l("Computed amount"),
    "amount_claimed": _l("Amount claimed"),
}
# Identifiers that say nothing to a person reading the history.
HIDDEN = frozenset({"request", "approval", "id", "claim", "reference", "letter_id", "sha256"})
MONEY = frozenset({"amount_approved", "total", "amount", "amount_computed", "amount_claimed"})


@dataclass
class HistoryRow:
    at: str
    actor: str
    action: str
    details: list[str]


def _value(key: str, value, names: dict[int, str]) -> str:
    if value is None or value == "":
        return "—"
    if key == "status":
        return str(STATUS.get(value, value))
    if key in ("decision", "outcome"):
        return str(OUTCOME_LABELS.get(value, value))
    if key in MONEY and isinstance(value, int):
        return won(value)
    if key == "assigned_to":
        return names.get(value, str(value)) if isinstance(value, int) else str(value)
    if key == "until" or key.endswith("_at"):
        try:
            return kst(datetime.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if key == "due_on":
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            return str(value)
    if key == "items" and isinstance(value, list):
        return ", ".join(item_labels(value))
    if key == "reason_code":
        code = reason_codes.get(value)
        return code.label(_language()) if code else str(value)
    if key in ("flags", "signals", "signal"):
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(FLAG_LABELS.get(v, v)) for v in values) or "—"
    if isinstance(value, bool):
        return str(_l("yes")) if value else str(_l("no"))
    if isinstance(value, list):
        return ", ".join(_value(key, v, names) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _language() -> str:
    from claims.web.review_context import language

    return language()


def _lines(value, names) -> list[str]:
    out = []
    for line in value if isinstance(value, list) else []:
        if not isinstance(line, dict):
            continue
        number = int(line.get("index", 0)) + 1
        text = str(_l("Line %(n)s", n=number)) + ": " + _value("outcome", line.get("outcome"), names)
        if line.get("amount") is not None:
            text += " · " + _value("amount", line.get("amount"), names)
        out.append(text)
    return out


def describe(before: dict | None, after: dict | None, names: dict[int, str]) -> list[str]:
    """The phrases of one event: a changed value as "label: before → after", a new one as "label: value"."""
    before, after = before or {}, after or {}
    phrases = []
    for key in list(dict.fromkeys([*after, *before])):
        if key in HIDDEN:
            continue
        if key == "lines":
            phrases.extend(_lines(after.get(key) or before.get(key), names))
            continue
        label = str(KEY_LABELS.get(key, key))
        if key in before and key in after and before[key] != after[key]:
            phrases.append(f"{label}: {_value(key, before[key], names)} → {_value(key, after[key], names)}")
        elif key in after:
            phrases.append(f"{label}: {_value(key, after[key], names)}")
        elif key in before and key not in after:
            phrases.append(f"{label}: {_value(key, before[key], names)}")
    return phrases


def rows(history: list[tuple], action_labels: dict) -> list[HistoryRow]:
    """`history` is review_context.history()'s (event, actor name) pairs."""
    from sqlalchemy import select

    from claims.db import get_session
    from claims.models import User

    ids = {
        e.after.get("assigned_to")
        for e, _ in history
        if isinstance(e.after, dict) and isinstance(e.after.get("assigned_to"), int)
    } | {
        e.before.get("assigned_to")
        for e, _ in history
        if isinstance(e.before, dict) and isinstance(e.before.get("assigned_to"), int)
    }
    names = (
        dict(get_session().execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())
        if ids
        else {}
    )
    return [
        HistoryRow(
            at=kst(event.at),
            actor=actor or str(_l("System")),
            action=str(action_labels.get(event.action, event.action)),
            details=describe(event.before, event.after, names),
        )
        for event, actor in history
    ]
