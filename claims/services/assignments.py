"""Assigning many claims at once from the queue: to oneself, or (a supervisor) to a reviewer.

Each claim is checked as a single assignment would be (a decidable status, no pending second signature,
nobody else holding it, no conflict of interest for the assignee) and audited on its own; a claim that
cannot be assigned is skipped and reported, the others are assigned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from claims.db import utcnow
from claims.errors import ClaimConflict, NotAllowed
from claims.models import Approval, Claim, User
from claims.models.claim import DECIDABLE_STATUSES
from claims.services import review
from claims.services.audit import claim_event
from claims.services.lifecycle import transition

MAX_BULK = 200


@dataclass
class BulkResult:
    assigned: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (reference, why)


def assignable_staff(session: Session) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .where(User.role.in_(("reviewer", "supervisor")), User.active.is_(True))
            .order_by(User.display_name, User.id)
        )
    )


def bulk_assign(
    session: Session, claim_ids: list[int], actor: User, assignee: User, now: datetime | None = None
) -> BulkResult:
    now = now or utcnow()
    if not actor.is_case_staff:
        raise NotAllowed(_l("Only reviewers and supervisors can do this."))
    if assignee.id != actor.id and not actor.is_supervisor:
        raise NotAllowed(_l("Only a supervisor can assign claims to someone else."))
    if not assignee.is_case_staff or not assignee.is_active:
        raise NotAllowed(_l("Claims can only be assigned to an active reviewer or supervisor."))
    ids = sorted(set(claim_ids))[:MAX_BULK]
    claims = session.scalars(select(Claim).where(Claim.id.in_(ids)).order_by(Claim.id)).all()
    waiting = set(
        session.scalars(
            select(Approval.claim_id).where(Approval.claim_id.in_(ids), Approval.status == "pending")
        )
    )
    until = now + timedelta(minutes=current_app.config["LOCK_MINUTES"])
    result = BulkResult()
    for claim in claims:
        why = None
        if claim.status not in DECIDABLE_STATUSES:
            why = _l("not open for review")
        elif claim.id in waiting:
            why = _l("waiting for a second signature")
        elif (
            claim.assigned_to_id not in (None, assignee.id)
            and claim.assigned_until
            and claim.assigned_until > now
        ):
            why = _l("held by someone else")
        elif review.conflict_of_interest(session, claim, assignee) is not None:
            why = _l("conflict of interest")
        if why is None:
            try:
                review.lock_claim(session, claim)  # its row, and a new version, as a single assignment does
            except ClaimConflict:
                why = _l("changed by someone else meanwhile")
        if why is not None:
            result.skipped.append((claim.reference, str(why)))
            continue
        before = {"status": claim.status, "assigned_to": claim.assigned_to_id}
        if claim.status in ("submitted", "appealed"):
            transition(claim, "in_review")
        claim.assigned_to_id = assignee.id
        claim.assigned_until = until
        claim_event(
            session,
            actor.id,
            "claim.assign",
            claim,
            before,
            {"status": claim.status, "assigned_to": assignee.id, "until": until.isoformat(), "bulk": True},
        )
        result.assigned.append(claim.reference)
    try:
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise ClaimConflict(review.CONFLICT) from exc
    return result
