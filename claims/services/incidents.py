"""Incidents in the database: loading the shipped YAML, and handing the rules engine a live copy."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import bindparam, event, select
from sqlalchemy.orm import Session, selectinload

from claims import rules
from claims.models import Incident, IncidentService, ServiceWindow
from claims.services.audit import record
from claims.services.converted import converted

DEFAULT_INCIDENT_FILE = Path(__file__).resolve().parent.parent / "data" / "incident-pangyo-2022-10-15.yaml"


def load_incident_file(
    session: Session, path: Path | str | None = None, actor_id: int | None = None
) -> Incident:
    """Insert an incident from its YAML file; one already loaded is left as it is (corrections win)."""
    data = rules.load_incident(path or DEFAULT_INCIDENT_FILE)
    existing = session.get(Incident, data.id)
    if existing is not None:
        return existing
    incident = Incident(
        id=data.id,
        name_ko=data.name.get("ko", data.id),
        name_en=data.name.get("en", data.id),
        timezone=data.timezone,
        started_at=data.started_at,
        resolved_at=data.resolved_at,
        opens_at=data.opens_at,
        closes_at=data.closes_at,
        timeline=[
            {
                "at": entry["at"].isoformat() if hasattr(entry["at"], "isoformat") else entry["at"],
                "ko": entry.get("ko", ""),
                "en": entry.get("en", ""),
            }
            for entry in (data.timeline or [])
        ],
    )
    for position, service in enumerate(data.services.values()):
        incident.services.append(
            IncidentService(
                code=service.code,
                name_ko=service.name.get("ko", service.code),
                name_en=service.name.get("en", service.code),
                position=position,
                windows=[
                    ServiceWindow(
                        start=w.start, end=w.end, level=w.level, note=w.note or "", source=w.source or ""
                    )
                    for w in service.windows
                ],
            )
        )
    session.add(incident)
    session.flush()
    record(
        session, actor_id, "incident.load", "incident", incident.id, after={"services": len(data.services)}
    )
    session.commit()
    return incident


# One load of an incident per transaction: pages and submissions ask for it several times, and a second query
# would hand back the same identity-mapped objects anyway. Forgotten at every commit and rollback.
_LOADED = "incidents_loaded"


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_loaded(session: Session, *_args) -> None:
    session.info.pop(_LOADED, None)


def get_incident(session: Session, incident_id: str) -> Incident | None:
    loaded = session.info.setdefault(_LOADED, {})
    if loaded.get(incident_id) is None:
        loaded[incident_id] = _load(session, incident_id)
    return loaded[incident_id]


_FIRST_INCIDENT = select(Incident.id).order_by(Incident.created_at).limit(1)


def default_incident(session: Session) -> Incident | None:
    loaded = session.info.setdefault(_LOADED, {})
    if loaded.get(None) is None:
        first = session.scalar(_FIRST_INCIDENT)
        loaded[None] = get_incident(session, first) if first is not None else None
    return loaded[None]


# Across requests: each incident's rows (the incident, its services and their windows) as loaded last,
# detached, with the exact row values they were loaded from. A request reads those values (two plain
# queries) and, when they are unchanged, gets the cached objects copied into its session without a query
# (`merge(load=False)`): ~1.5 ms of CPU instead of ~5 ms for three queries and forty new ORM objects, several
# times per claim filed. Keyed by content, like the converted incidents below, so a copy is never stale.
_DETACHED: dict[str, tuple[tuple, Incident]] = {}
# Both reads are built once, with the incident as a parameter: building a select of twenty columns (and its
# cache key) for every read cost more CPU than running it.
_HEAD_ROW = select(*Incident.__table__.c).where(Incident.id == bindparam("incident_id"))
_SERVICE_ROWS = (
    select(*IncidentService.__table__.c, *ServiceWindow.__table__.c)
    .select_from(IncidentService.__table__.outerjoin(ServiceWindow.__table__))
    .where(IncidentService.incident_id == bindparam("incident_id"))
    .order_by(IncidentService.id, ServiceWindow.id)
)


def _row_values(session: Session, incident_id: str) -> tuple | None:
    params = {"incident_id": incident_id}
    head = session.execute(_HEAD_ROW, params).first()
    if head is None:
        return None
    rows = session.execute(_SERVICE_ROWS, params).all()
    return (tuple(head), tuple(tuple(row) for row in rows))


def _load(session: Session, incident_id: str) -> Incident | None:
    values = _row_values(session, incident_id)
    if values is None:
        return None
    cached = _DETACHED.get(incident_id)
    if cached is None or cached[0] != values:
        with Session(bind=session.get_bind()) as side:
            incident = side.scalar(
                select(Incident)
                .where(Incident.id == incident_id)
                .options(selectinload(Incident.services).selectinload(IncidentService.windows))
            )
            if incident is None:  # pragma: no cover - deleted between the two reads
                return None
            side.expunge_all()
        cached = _DETACHED[incident_id] = (values, incident)
    return session.merge(cached[1], load=False)


# Converted incidents by the exact data they were made from (services/converted.py): parsing and preparing
# an incident costs far more than reading its rows, and every quote, assessment and claim page needs one.
# Keyed by content, not by windows_version alone, so a copy can never be stale.


def _incident_data(incident: Incident) -> dict:
    return {
        "id": incident.id,
        "name": {"ko": incident.name_ko, "en": incident.name_en},
        "timezone": incident.timezone,
        "started_at": incident.started_at,
        "resolved_at": incident.resolved_at,
        "claims": {"opens_at": incident.opens_at, "closes_at": incident.closes_at},
        "services": {
            s.code: {
                "name": {"ko": s.name_ko, "en": s.name_en},
                "windows": [
                    {"start": w.start, "end": w.end, "level": w.level, "note": w.note, "source": w.source}
                    for w in s.windows
                ],
            }
            for s in incident.services
        },
    }


def _fingerprint(data: dict) -> tuple:
    services = tuple(
        (
            code,
            service["name"]["ko"],
            service["name"]["en"],
            tuple(tuple(w.values()) for w in service["windows"]),
        )
        for code, service in data["services"].items()
    )
    head = tuple(v for k, v in data.items() if k not in ("name", "claims", "services"))
    return (*head, data["name"]["ko"], data["name"]["en"], *data["claims"].values(), services)


def rules_incident(incident: Incident) -> rules.Incident:
    """The incident as the rules engine reads it, from the database rows (so corrections count at once)."""
    data = _incident_data(incident)
    return converted(
        ("incident", _fingerprint(data)),
        lambda: rules.incident_from_dict(data, source=f"database:{incident.id}"),
    )
