"""Assessment lines as the claimant reads them: title, amount, outcome and one plain sentence each.

The sentences come from the rules engine's own explanations (claims.rules.explain), so the preview, the
reviewer's screen and the decision letter say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from claims import rules
from claims.rules.explain import explain_stored_line
from claims.rules.labels import CODE_LABELS, FLAG_LABELS, KIND_LABELS


@dataclass(frozen=True)
class LineView:
    number: int
    kind: str
    title: str
    service: str
    amount: int
    code: str
    outcome: str
    explanation: str
    paid: bool


def line_views(lines, incident: rules.Incident, lang: str) -> list[LineView]:
    """Views of assessment lines (rules Lines, or the dicts stored in a snapshot)."""
    lang = lang if lang in ("ko", "en") else "ko"
    views = []
    for data in lines:
        line = data if isinstance(data, rules.Line) else rules.Line.from_dict(data)
        service = incident.services.get(line.service) if line.service else None
        text = explain_stored_line(line, incident, lang) or ""
        views.append(
            LineView(
                number=line.index + 1,
                kind=line.kind,
                title=KIND_LABELS[line.kind][lang],
                service=service.name.get(lang, line.service) if service is not None else "",
                amount=line.amount,
                code=line.code,
                outcome=CODE_LABELS.get(line.code, {}).get(lang, line.code),
                explanation=text,
                paid=line.amount > 0,
            )
        )
    return views


def flag_labels(flags, lang: str) -> list[str]:
    lang = lang if lang in ("ko", "en") else "ko"
    return [FLAG_LABELS.get(flag, {}).get(lang, flag) for flag in flags]
