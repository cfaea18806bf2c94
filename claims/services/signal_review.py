"""A reviewer's answer to a signal: "checked, not a duplicate". The dismissal and its note are an audit event
of the claim (the one place it is kept); the signal leaves the claim's stored signals, so the queue's flag
filter and count stop showing it, and the claim page shows it as dismissed, with who, when and why."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.errors import ClaimConflict, InvalidInput, NotAllowed
from claims.models import AuditEvent, Claim, User
from claims.services import review
from claims.services.audit import claim_event
from claims.services.review import _conflict_safe
from claims.services.signals import SIGNALS

DISMISS = "claim.signal_dismiss"


def dismissals(session: Session, claim: Claim) -> dict[str, tuple[AuditEvent, str]]:
    """The latest dismissal of each signal code: (event, who) by code."""
    rows = session.execute(
        select(AuditEvent, User.display_name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(
            AuditEvent.object_type == "claim",
            AuditEvent.object_id == str(claim.id),
            AuditEvent.action == DISMISS,
        )
        .order_by(AuditEvent.id)
    ).all()
    return {(event.after or {}).get("signal"): (event, name or "") for event, name in rows}


@_conflict_safe
def dismiss(
    session: Session, claim: Claim, user: User, expected_version: int | None, code: str, note: str
) -> AuditEvent:
    if not getattr(user, "is_case_staff", False):
        raise NotAllowed(_l("Only reviewers and supervisors can do this."))
    if expected_version is None or expected_version != claim.version:
        raise ClaimConflict(review.CONFLICT)
    if code not in SIGNALS:
        raise InvalidInput(_l("Choose the signal to dismiss."), field="code")
    if not note.strip():
        raise InvalidInput(_l("Say what you checked, for the record."), field="note")
    review._check_no_conflict(session, claim, user)
    before = {"signals": list(claim.signals or [])}
    claim.signals = [s for s in (claim.signals or []) if s != code]
    event = claim_event(session, user.id, DISMISS, claim, before, {"signal": code, "note": note.strip()})
    session.commit()
    return event
