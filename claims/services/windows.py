"""Correcting an incident's downtime windows: the impact preview (nothing written), saving a new windows
version (every version kept as data, comparable with any other), and the public change log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from claims import rules
from claims.db import utcnow
from claims.errors import InvalidInput, NotFound
from claims.models import Incident, ServiceWindow, WindowVersion
from claims.services import impact as impact_mod
from claims.services import population
from claims.services.assessments import policy
from claims.services.audit import record
from claims.services.incidents import _incident_data, rules_incident


@dataclass(frozen=True, slots=True)
class ProposedWindow:
    start: datetime
    end: datetime
    level: str
    note: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        # One spelling of each instant (UTC), so that a window typed in KST equals the one stored.
        object.__setattr__(self, "start", self.start.astimezone(UTC))
        object.__setattr__(self, "end", self.end.astimezone(UTC))

    @property
    def key(self) -> tuple:
        return (self.start, self.end, self.level)


Proposal = dict[str, list[ProposedWindow]]


def current_windows(incident: Incident) -> Proposal:
    return {
        s.code: [ProposedWindow(w.start, w.end, w.level, w.note, w.source) for w in s.windows]
        for s in incident.services
    }


def _as_data(windows: Proposal) -> dict[str, list[dict]]:
    return {
        code: [
            {
                "start": w.start.isoformat(),
                "end": w.end.isoformat(),
                "level": w.level,
                "note": w.note,
                "source": w.source,
            }
            for w in sorted(ws, key=lambda w: w.start)
        ]
        for code, ws in windows.items()
    }


def _from_data(data: dict[str, list[dict]]) -> Proposal:
    return {
        code: [
            ProposedWindow(
                datetime.fromisoformat(w["start"]),
                datetime.fromisoformat(w["end"]),
                w["level"],
                w.get("note", ""),
                w.get("source", ""),
            )
            for w in ws
        ]
        for code, ws in data.items()
    }


def incident_with(incident: Incident, windows: Proposal) -> rules.Incident:
    """The incident as the engine reads it, with these windows; refused with the loader's message."""
    data = _incident_data(incident)
    for code, service in data["services"].items():
        service["windows"] = [
            {"start": w.start, "end": w.end, "level": w.level, "note": w.note, "source": w.source}
            for w in windows.get(code, [])
        ]
    try:
        return rules.incident_from_dict(data, source="proposal")
    except rules.IncidentError as exc:
        raise InvalidInput(
            _l("These windows cannot be used: %(problem)s", problem=f"{exc.key}: {exc.problem}")
        ) from exc


def touched_services(before: Proposal, after: Proposal) -> set[str]:
    """Services whose windows differ in time or level (a note alone changes no amount)."""
    codes = set(before) | set(after)
    return {
        code
        for code in codes
        if sorted(w.key for w in before.get(code, [])) != sorted(w.key for w in after.get(code, []))
    }


def _impact(session: Session, incident: Incident, old: rules.Incident, new: rules.Incident, codes: set[str]):
    with population.gc_paused():
        return _impact_of(session, incident, old, new, codes)


def _impact_of(
    session: Session, incident: Incident, old: rules.Incident, new: rules.Incident, codes: set[str]
):
    claim_ids = population.claim_ids_touching(session, incident.id, codes)
    pop = population.load(
        session, incident.id, only_ids=claim_ids, with_filed_at=population.needs_filed_at(incident)
    )
    # Each claim keeps its own policy; group by policy so the engine runs once per policy. Totals only (no
    # trace): the preview reads each claim's total and the sums per head of loss.
    groups: dict[str, list[int]] = {}
    for i, policy_id in enumerate(pop.policy_ids):
        groups.setdefault(policy_id, []).append(i)
    before, after = [0] * len(pop), [0] * len(pop)
    heads_before: dict[str, int] = {}
    heads_after: dict[str, int] = {}
    for policy_id, indexes in groups.items():
        applied = policy(policy_id)
        claims = [pop.claims[i] for i in indexes]
        for totals, heads, engine_incident in ((before, heads_before, old), (after, heads_after, new)):
            result = rules.assess_totals_many(claims, engine_incident, applied)
            for i, total in zip(indexes, result.totals, strict=True):
                totals[i] = total
            impact_mod.add_heads(heads, result.heads)
    return impact_mod.compare(pop, before, after, heads_before, heads_after)


def preview(session: Session, incident: Incident, proposal: Proposal) -> impact_mod.Impact:
    """What saving `proposal` would change, over every filed claim it touches. Writes nothing."""
    new = incident_with(incident, proposal)
    codes = touched_services(current_windows(incident), proposal)
    return _impact(session, incident, rules_incident(incident), new, codes)


def ensure_first_version(session: Session, incident: Incident) -> None:
    """Keep the windows as loaded as a version of their own, before the first correction replaces them."""
    exists = session.scalar(select(WindowVersion.id).where(WindowVersion.incident_id == incident.id).limit(1))
    if exists is None:
        session.add(
            WindowVersion(
                incident_id=incident.id,
                version=incident.windows_version,
                windows=_as_data(current_windows(incident)),
                changes=[],
                created_at=incident.created_at,
            )
        )


def _changes(before: Proposal, after: Proposal, codes: set[str]) -> list[dict]:
    log = []
    for code in sorted(codes):
        old = {w.key: w for w in before.get(code, [])}
        new = {w.key: w for w in after.get(code, [])}
        for key in sorted(old.keys() - new.keys()):
            log.append(
                {
                    "service": code,
                    "action": "removed",
                    "start": key[0].isoformat(),
                    "end": key[1].isoformat(),
                    "level": key[2],
                }
            )
        for key in sorted(new.keys() - old.keys()):
            log.append(
                {
                    "service": code,
                    "action": "added",
                    "start": key[0].isoformat(),
                    "end": key[1].isoformat(),
                    "level": key[2],
                }
            )
    return log


def save(
    session: Session, incident: Incident, proposal: Proposal, reason: str, source: str, actor_id: int
) -> WindowVersion:
    """Replace the windows of the services that changed, as a new windows version; the caller then starts
    the reassessment (claims.services.reassess.start). Commits."""
    reason, source = (reason or "").strip(), (source or "").strip()
    if not reason:
        raise InvalidInput(_l("Say why the windows change."), field="reason")
    if not source:
        raise InvalidInput(_l("Name the source: a web address or a document."), field="source")
    incident_with(incident, proposal)  # refused here, before anything is written
    before = current_windows(incident)
    codes = touched_services(before, proposal)
    if not codes:
        raise InvalidInput(_l("Nothing to save: no window changed in time or level."))
    ensure_first_version(session, incident)
    version = incident.windows_version + 1
    for service in incident.services:
        if service.code not in codes:
            continue
        kept = {w.key for w in before.get(service.code, [])}
        service.windows.clear()
        for w in sorted(proposal.get(service.code, []), key=lambda w: w.start):
            new = w.key not in kept
            service.windows.append(
                ServiceWindow(
                    start=w.start,
                    end=w.end,
                    level=w.level,
                    note=reason if new and not w.note else w.note,
                    source=source if new and not w.source else w.source,
                    version=version,
                )
            )
    incident.windows_version = version
    changes = _changes(before, proposal, codes)
    row = WindowVersion(
        incident_id=incident.id,
        version=version,
        windows=_as_data(current_windows(incident)),
        changes=changes,
        reason=reason,
        source=source,
        created_at=utcnow(),
        created_by_id=actor_id,
    )
    session.add(row)
    record(
        session,
        actor_id,
        "incident.windows_corrected",
        "incident",
        incident.id,
        before={"windows_version": version - 1},
        after={"windows_version": version, "reason": reason, "source": source, "changes": changes},
    )
    session.commit()
    return row


def versions(session: Session, incident_id: str) -> list[WindowVersion]:
    """Every saved version, newest first."""
    return list(
        session.scalars(
            select(WindowVersion)
            .where(WindowVersion.incident_id == incident_id)
            .order_by(WindowVersion.version.desc())
        )
    )


def version_windows(session: Session, incident: Incident, version: int) -> Proposal:
    if version == incident.windows_version:
        return current_windows(incident)
    row = session.scalar(
        select(WindowVersion).where(
            WindowVersion.incident_id == incident.id, WindowVersion.version == version
        )
    )
    if row is None:
        raise NotFound(_l("There is no such windows version."))
    return _from_data(row.windows)


def compare_versions(session: Session, incident: Incident, a: int, b: int) -> impact_mod.Impact:
    """The amounts of version `b` against those of version `a`, over every filed claim either touches."""
    old, new = version_windows(session, incident, a), version_windows(session, incident, b)
    codes = touched_services(old, new)
    return _impact(session, incident, incident_with(incident, old), incident_with(incident, new), codes)
