"""What staff do with an information request the claimant has not answered: decide for no response,
extend the deadline, remind the claimant, or cancel it. Each step is audited on the claim.

Also the request templates: the common asks, each a set of catalogue items and a message the reviewer
can edit before sending (the items are named in words from the one catalogue, reason_codes.INFO_ITEMS).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.db import utcnow
from claims.errors import ClaimConflict, InvalidInput, NotAllowed
from claims.models import Claim, InfoRequest, User
from claims.services import review, review_notify
from claims.services.audit import claim_event
from claims.services.lifecycle import transition
from claims.services.reason_codes import INFO_ITEMS
from claims.services.review import _conflict_safe

NO_RESPONSE = "NO_RESPONSE"
ACTIONS = ("no_response", "extend", "remind", "cancel")


@dataclass(frozen=True)
class Template:
    code: str
    title: object
    items: tuple[str, ...]
    message: object


TEMPLATES = {
    t.code: t
    for t in (
        Template(
            "receipt",
            _l("Receipt for the amount claimed"),
            ("receipt",),
            _l(
                "Please upload the receipt or invoice for the amount you claimed, showing the date and "
                "the amount paid."
            ),
        ),
        Template(
            "usage",
            _l("Proof of use during the outage"),
            ("usage_history",),
            _l(
                "Please upload a screenshot of the app's usage or payment history that shows you used "
                "the service during the outage."
            ),
        ),
        Template(
            "driver",
            _l("Taxi driver's documents"),
            ("vehicle_registration", "settlement"),
            _l(
                "Please upload your taxi licence or vehicle registration and the platform's settlement "
                "statement for the days of the outage."
            ),
        ),
        Template(
            "merchant",
            _l("Merchant's sales records"),
            ("business_registration", "sales_records"),
            _l(
                "Please upload your business registration certificate and your sales records for the "
                "weeks before the outage and the days during it."
            ),
        ),
        Template(
            "account",
            _l("Payout account"),
            ("account_proof",),
            _l(
                "The payout account must be in your name. Please upload a copy of the bankbook or a "
                "certificate of the account."
            ),
        ),
    )
}


def item_labels(items: list[str] | tuple[str, ...]) -> list[str]:
    """The requested items in words, from the one catalogue (an unknown code is shown as it is)."""
    return [str(INFO_ITEMS.get(item, item)) for item in items]


def open_request(session: Session, claim: Claim) -> InfoRequest | None:
    return session.scalar(
        select(InfoRequest)
        .where(
            InfoRequest.claim_id == claim.id,
            InfoRequest.responded_at.is_(None),
            InfoRequest.closed_at.is_(None),
        )
        .order_by(InfoRequest.requested_at.desc(), InfoRequest.id.desc())
    )


def _open_or_refuse(session: Session, claim: Claim, user: User, expected_version: int | None):
    if not getattr(user, "is_case_staff", False):
        raise NotAllowed(_l("Only reviewers and supervisors can do this."))
    if expected_version is None or expected_version != claim.version:
        raise ClaimConflict(review.CONFLICT)
    request = open_request(session, claim)
    if claim.status != "needs_info" or request is None:
        raise NotAllowed(_l("There is no open request for information on this claim."))
    review._check_no_conflict(session, claim, user)
    return request


def _close(request: InfoRequest, user: User, closing: str, now: datetime) -> None:
    request.closed_at = now
    request.closed_by_id = user.id
    request.closing = closing


@_conflict_safe
def decide_no_response(
    session: Session, claim: Claim, user: User, expected_version: int | None, now: datetime | None = None
) -> InfoRequest:
    """The claimant did not answer by the due date: the request is closed and the claim comes back to this
    reviewer (held for LOCK_MINUTES) to decide, its lines starting as rejected with NO_RESPONSE."""
    now = now or utcnow()
    request = _open_or_refuse(session, claim, user, expected_version)
    if request.due_on >= review.today_kst(now):
        raise NotAllowed(_l("The request is not overdue yet: extend, remind or cancel it instead."))
    _close(request, user, "no_response", now)
    transition(claim, "in_review")
    claim.assigned_to_id = user.id
    claim.assigned_until = now + timedelta(minutes=current_app.config["LOCK_MINUTES"])
    claim_event(
        session,
        user.id,
        "claim.info_no_response",
        claim,
        {"status": "needs_info", "request": request.id, "due_on": request.due_on.isoformat()},
        {"status": claim.status, "reason_code": NO_RESPONSE},
    )
    session.commit()
    return request


@_conflict_safe
def extend(
    session: Session,
    claim: Claim,
    user: User,
    expected_version: int | None,
    due_on: date | None,
    now: datetime | None = None,
) -> InfoRequest:
    """A new due date, between tomorrow and 90 days from today; the claimant is told."""
    now = now or utcnow()
    request = _open_or_refuse(session, claim, user, expected_version)
    today = review.today_kst(now)
    if due_on is None or not today < due_on <= today + timedelta(days=review.MAX_INFO_DAYS):
        raise InvalidInput(_l("Choose a due date between tomorrow and 90 days from now."), field="due_on")
    if due_on == request.due_on:
        raise InvalidInput(_l("Choose a date other than the current due date."), field="due_on")
    before = {"due_on": request.due_on.isoformat(), "request": request.id}
    request.due_on = due_on
    claim.updated_at = now  # a change of the claim: its version moves, so a stale form conflicts
    claim_event(session, user.id, "claim.info_extend", claim, before, {"due_on": due_on.isoformat()})
    session.commit()
    review_notify.information_requested(
        claim, session.get(User, claim.claimant_id), request.message, due_on, list(request.items)
    )
    return request


@_conflict_safe
def remind(
    session: Session, claim: Claim, user: User, expected_version: int | None, now: datetime | None = None
) -> InfoRequest:
    """E-mail the claimant the request again (same items, same or new due date)."""
    now = now or utcnow()
    request = _open_or_refuse(session, claim, user, expected_version)
    request.reminded_at = now
    request.reminders = (request.reminders or 0) + 1
    claim.updated_at = now
    claim_event(
        session,
        user.id,
        "claim.info_remind",
        claim,
        {"request": request.id},
        {"reminders": request.reminders, "due_on": request.due_on.isoformat()},
    )
    session.commit()
    review_notify.information_requested(
        claim, session.get(User, claim.claimant_id), request.message, request.due_on, list(request.items)
    )
    return request


@_conflict_safe
def cancel(
    session: Session,
    claim: Claim,
    user: User,
    expected_version: int | None,
    note: str = "",
    now: datetime | None = None,
) -> InfoRequest:
    """The request is withdrawn (asked by mistake, or no longer needed): the claim is back in the queue."""
    now = now or utcnow()
    request = _open_or_refuse(session, claim, user, expected_version)
    _close(request, user, "cancelled", now)
    transition(claim, "submitted")
    claim_event(
        session,
        user.id,
        "claim.info_cancel",
        claim,
        {"status": "needs_info", "request": request.id},
        {"status": claim.status, "note": note.strip()},
    )
    session.commit()
    return request
