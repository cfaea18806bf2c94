"""Writing to the append-only audit log, inside the caller's transaction.

`claim_event` is the one way to record something that happened to a claim: always keyed by the claim's id
(never its reference), so a claim's history is one query; `claim_events` records one action on many claims
at once (a payout batch of thousands). `record` is for other objects (users, batches…).
"""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.orm import Session

from claims.db import utcnow
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


def claim_events(
    session: Session,
    actor_id: int | None,
    action: str,
    changes: list[tuple[int, dict | None, dict | None]],
) -> None:
    """Record `action` on many claims in one statement: `changes` is (claim id, before, after) per claim."""
    if not changes:
        return
    at = utcnow()
    session.execute(
        insert(AuditEvent),
        [
            {
                "at": at,
                "actor_id": actor_id,
                "action": action,
                "object_type": "claim",
                "object_id": str(claim_id),
                "before": before,
                "after": after,
            }
            for claim_id, before, after in changes
        ],
    )
