"""Writing to the append-only audit log, inside the caller's transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from claims.models import AuditEvent


def record(
    session: Session,
    actor_id: int | None,
    action: str,
    obj_type: str,
    obj_id: object,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    event = AuditEvent(
        actor_id=actor_id,
        action=action,
        object_type=obj_type,
        object_id=str(obj_id),
        before=before,
        after=after,
    )
    session.add(event)
    return event
