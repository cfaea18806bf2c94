"""Writing to the append-only audit log, inside the caller's transaction.

`claim_event` is the one way to record something that happened to a claim: always keyed by the claim's id
(never its reference), so a claim's history is one query. `record` is for other objects (users, batches…).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from claims.models import AuditEvent, Claim


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


def claim_event(
    session: Session,
    actor_id: int | None,
    action: str,
    claim: Claim,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Record `action` on `claim` (flushed first if new, so it has its id)."""
    if claim.id is None:
        session.flush()
    return record(session, actor_id, action, "claim", claim.id, before, after)
