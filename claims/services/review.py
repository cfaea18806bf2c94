"""Reviewing a claim: the lock, line and claim decisions, information requests, second signatures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import wraps

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from claims.db import utcnow
from claims.errors import ClaimConflict, InvalidInput, NotAllowed
from claims.i18n import KST
from claims.models import Appeal, Approval, Claim, Decision, InfoRequest, User
from claims.models.claim import DECIDABLE_STATUSES
from claims.services import reason_codes, review_notify
from claims.services.assessments import policy
from claims.services.audit import claim_event
from claims.services.lifecycle import transition

LINE_OUTCOMES = ("accepted", "adjusted", "rejected")
DECIDABLE = DECIDABLE_STATUSES
MAX_LINE_AMOUNT = 1_000_000_000  # a sanity bound: larger is a typing mistake, not a loss
MAX_INFO_DAYS = 90
CONFLICT = _l(
    "Someone else changed this claim while you had it open. Nothing was saved: check it and try again."
)


@dataclass(frozen=True)
class LineDecision:
    """What the reviewer chose for one line of the latest assessment."""

    index: int
    outcome: str
    amount: int | None = None
    reason_code: str | None = None
    note: str = ""


# ---- the lock --------------------------------------------------------------------------------------------


def lock_holder(claim: Claim, now: datetime | None = None) -> int | None:
    """The id of the reviewer who holds the claim now, or None when it is free (or the lock expired)."""
    now = now or utcnow()
    if claim.assigned_to_id and claim.assigned_until and claim.assigned_until > now:
        return claim.assigned_to_id
    return None


def open_appeal(session: Session, claim: Claim) -> Appeal | None:
    return session.scalar(
        select(Appeal)
        .where(Appeal.claim_id == claim.id, Appeal.resolved_at.is_(None))
        .order_by(Appeal.id.desc())
    )


def pending_approval(session: Session, claim: Claim) -> Approval | None:
    return session.scalar(select(Approval).where(Approval.claim_id == claim.id, Approval.status == "pending"))


def _check_may_work(session: Session, claim: Claim, user: User, now: datetime) -> Appeal | None:
    holder = lock_holder(claim, now)
    if holder and holder != user.id:
        name = session.get(User, holder).display_name
        raise NotAllowed(_l("%(name)s is working on this claim.", name=name))
    appeal = open_appeal(session, claim)
    if appeal and user.id == (appeal.previous_reviewer_id or claim.decided_by_id):
        raise NotAllowed(_l("An appeal goes to a reviewer other than the one who decided the claim."))
    return appeal


def _check_version(claim: Claim, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != claim.version:
        raise ClaimConflict(CONFLICT)


def _commit(session: Session) -> None:
    session.commit()


def _conflict_safe(use_case):
    """Turn the ORM's version check (a flush that matched no row) into a clear conflict; nothing is saved."""

    @wraps(use_case)
    def wrapped(session: Session, *args, **kwargs):
        try:
            return use_case(session, *args, **kwargs)
        except StaleDataError as exc:
            session.rollback()
            raise ClaimConflict(CONFLICT) from exc

    return wrapped


@_conflict_safe
def assign(session: Session, claim: Claim, user: User, now: datetime | None = None) -> Claim:
    """Take the claim for LOCK_MINUTES (again, if one already holds it); others see who holds it."""
    now = now or utcnow()
    if claim.status not in DECIDABLE:
        raise NotAllowed(_l("This cannot be done while the claim is in its current state."))
    if pending_approval(session, claim):
        raise NotAllowed(_l("This decision is waiting for a supervisor's second signature."))
    _check_may_work(session, claim, user, now)
    before = {"status": claim.status, "assigned_to": claim.assigned_to_id}
    if claim.status in ("submitted", "appealed"):
        transition(claim, "in_review")
    claim.assigned_to_id = user.id
    claim.assigned_until = now + timedelta(minutes=current_app.config["LOCK_MINUTES"])
    after = {"status": claim.status, "assigned_to": user.id, "until": claim.assigned_until.isoformat()}
    claim_event(session, user.id, "claim.assign", claim, before, after)
    _commit(session)
    return claim


@_conflict_safe
def release(session: Session, claim: Claim, user: User) -> Claim:
    """Give the claim back; only its holder (or a supervisor) may, and an expired lock is simply cleared."""
    holder = lock_holder(claim)
    if holder and holder != user.id and not user.is_supervisor:
        raise NotAllowed(_l("Only the reviewer who holds the claim can release it."))
    before = {"assigned_to": claim.assigned_to_id}
    claim.assigned_to_id = None
    claim.assigned_until = None
    claim_event(session, user.id, "claim.release", claim, before, {"assigned_to": None})
    _commit(session)
    return claim


# ---- decisions -------------------------------------------------------------------------------------------


def _approved_line(line: dict, choice: LineDecision) -> int:
    if choice.outcome not in LINE_OUTCOMES:
        raise InvalidInput(_l("Choose accept, adjust or reject."), field=f"line-{choice.index}-outcome")
    if choice.outcome == "accepted":
        return int(line["amount"])
    if choice.outcome == "rejected":
        if reason_codes.get(choice.reason_code) is None:
            raise InvalidInput(
                _l("Choose a reason for rejecting this line."), field=f"line-{choice.index}-reason_code"
            )
        return 0
    if choice.amount is None or not 0 <= choice.amount <= MAX_LINE_AMOUNT:
        raise InvalidInput(_l("Enter the approved amount in won."), field=f"line-{choice.index}-amount")
    if not choice.note.strip():
        raise InvalidInput(_l("Say why the amount is adjusted."), field=f"line-{choice.index}-note")
    return choice.amount


def claim_outcome(total_approved: int, total_computed: int) -> str:
    """approved when at least the computed total is paid, rejected when nothing is, else partly approved."""
    if total_approved <= 0:
        return "rejected"
    return "approved" if total_approved >= total_computed else "partly_approved"


def approved_total(claim: Claim, line_amounts: list[int]) -> int:
    """The sum of the approved lines, within the claim cap of the claimant type (as the rules apply it)."""
    total = sum(line_amounts)
    cap = policy(claim.policy_id).claim_caps.get(claim.claimant_type)
    return min(total, cap) if cap is not None else total


def _supersede(session: Session, claim: Claim) -> None:
    session.execute(
        update(Decision)
        .where(Decision.claim_id == claim.id, Decision.superseded.is_(False))
        .values(superseded=True)
        .execution_options(synchronize_session=False)
    )


def _take_effect(
    session: Session, claim: Claim, outcome: str, total: int, reviewer_id: int | None, now
) -> None:
    if claim.status != "in_review" and claim.status != "submitted":
        transition(claim, "in_review")
    transition(claim, "decided")
    claim.decision = outcome
    claim.amount_approved = total
    claim.decided_at = now
    claim.decided_by_id = reviewer_id
    claim.assigned_to_id = None
    claim.assigned_until = None
    appeal = open_appeal(session, claim)
    if appeal is not None:
        appeal.resolved_at = now


@_conflict_safe
def decide(
    session: Session,
    claim: Claim,
    reviewer: User,
    expected_version: int | None,
    lines: list[LineDecision],
    note: str = "",
    now: datetime | None = None,
) -> Approval | None:
    """Record a decision on every line and on the claim. Above APPROVAL_LIMIT it waits for a second signature
    (the pending Approval is returned); otherwise it takes effect at once and None is returned."""
    now = now or utcnow()
    _check_version(claim, expected_version)
    if claim.status not in DECIDABLE:
        raise NotAllowed(_l("This cannot be done while the claim is in its current state."))
    if pending_approval(session, claim):
        raise NotAllowed(_l("This decision is waiting for a supervisor's second signature."))
    _check_may_work(session, claim, reviewer, now)
    assessment = claim.latest_assessment
    if assessment is None:
        raise NotAllowed(_l("The claim has not been computed yet."))
    by_index = {choice.index: choice for choice in lines}
    if sorted(by_index) != [line["index"] for line in assessment.lines]:
        raise InvalidInput(_l("Decide every line of the claim."))
    amounts = [_approved_line(line, by_index[line["index"]]) for line in assessment.lines]
    total = approved_total(claim, amounts)
    outcome = claim_outcome(total, claim.amount_computed)
    _supersede(session, claim)
    for line, amount in zip(assessment.lines, amounts, strict=True):
        choice = by_index[line["index"]]
        session.add(
            Decision(
                claim_id=claim.id,
                line_index=line["index"],
                reviewer_id=reviewer.id,
                outcome=choice.outcome,
                approved_amount=amount,
                reason_code=choice.reason_code if choice.outcome == "rejected" else None,
                note=choice.note.strip(),
            )
        )
    session.add(
        Decision(
            claim_id=claim.id,
            reviewer_id=reviewer.id,
            outcome=outcome,
            approved_amount=total,
            note=note.strip(),
        )
    )
    before = {"status": claim.status, "decision": claim.decision, "amount_approved": claim.amount_approved}
    after = {
        "outcome": outcome,
        "total": total,
        "lines": [
            {"index": c.index, "outcome": c.outcome, "amount": a}
            for c, a in zip(lines, amounts, strict=False)
        ],
    }
    approval = None
    if total > current_app.config["APPROVAL_LIMIT"]:
        if claim.status != "in_review":
            transition(claim, "in_review")
        claim.assigned_to_id = None
        claim.assigned_until = None
        approval = Approval(claim_id=claim.id, requested_by_id=reviewer.id, amount=total, requested_at=now)
        session.add(approval)
        after["awaiting_second_signature"] = True
    else:
        _take_effect(session, claim, outcome, total, reviewer.id, now)
        after["status"] = claim.status
    claim_event(session, reviewer.id, "claim.decide", claim, before, after)
    _commit(session)
    if approval is None:
        review_notify.after_decision(claim, session.get(User, claim.claimant_id))
    return approval


def current_decisions(session: Session, claim: Claim) -> tuple[Decision | None, dict[int, Decision]]:
    """The claim-level decision and the line decisions in force (not superseded)."""
    rows = session.scalars(
        select(Decision)
        .where(Decision.claim_id == claim.id, Decision.superseded.is_(False))
        .order_by(Decision.id)
    ).all()
    # Only one claim-level row is in force at a time; should two ever be, the newer one speaks.
    claim_level = next((row for row in reversed(rows) if row.line_index is None), None)
    return claim_level, {row.line_index: row for row in rows if row.line_index is not None}


# ---- second signature ------------------------------------------------------------------------------------


def _check_signer(approval: Approval, supervisor: User) -> None:
    if not supervisor.is_supervisor:
        raise NotAllowed(_l("Only a supervisor can sign."))
    if approval.status != "pending":
        raise NotAllowed(_l("This decision has already been signed or refused."))
    if approval.requested_by_id == supervisor.id:
        raise NotAllowed(_l("A second signature must come from someone other than the reviewer who decided."))


@_conflict_safe
def sign(session: Session, approval: Approval, supervisor: User, note: str = "", now=None) -> Claim:
    """The second signature: the waiting decision takes effect."""
    now = now or utcnow()
    _check_signer(approval, supervisor)
    claim = session.get(Claim, approval.claim_id)
    claim_level, _lines = current_decisions(session, claim)
    if claim_level is None:
        raise NotAllowed(_l("There is no decision to sign."))
    approval.status, approval.supervisor_id, approval.signed_at, approval.note = (
        "signed",
        supervisor.id,
        now,
        note,
    )
    _take_effect(
        session, claim, claim_level.outcome, claim_level.approved_amount, claim_level.reviewer_id, now
    )
    after = {"status": claim.status, "decision": claim.decision, "amount_approved": claim.amount_approved}
    claim_event(session, supervisor.id, "approval.sign", claim, {"approval": approval.id}, after)
    _commit(session)
    review_notify.after_decision(claim, session.get(User, claim.claimant_id))
    return claim


@_conflict_safe
def refuse(session: Session, approval: Approval, supervisor: User, note: str, now=None) -> Claim:
    """Refuse the second signature: the decision is set aside and the claim goes back to the queue."""
    now = now or utcnow()
    _check_signer(approval, supervisor)
    if not note.strip():
        raise InvalidInput(_l("Say why you refuse to sign, for the reviewer."), field="note")
    claim = session.get(Claim, approval.claim_id)
    approval.status, approval.supervisor_id, approval.signed_at, approval.note = (
        "refused",
        supervisor.id,
        now,
        note,
    )
    _supersede(session, claim)
    claim.assigned_to_id = None
    claim.assigned_until = None
    claim_event(
        session,
        supervisor.id,
        "approval.refuse",
        claim,
        {"approval": approval.id},
        {"note": note},
    )
    _commit(session)
    return claim


# ---- information requests -------------------------------------------------------------------------------


def today_kst(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(KST).date()


def default_due_date(now: datetime | None = None) -> date:
    return today_kst(now) + timedelta(days=current_app.config["INFO_DUE_DAYS"])


@_conflict_safe
def request_information(
    session: Session,
    claim: Claim,
    reviewer: User,
    expected_version: int | None,
    items: list[str],
    message: str,
    due_on: date | None = None,
    now: datetime | None = None,
) -> InfoRequest:
    """Ask the claimant for missing items by a due date instead of deciding; the claimant is e-mailed."""
    now = now or utcnow()
    _check_version(claim, expected_version)
    if claim.status not in ("submitted", "in_review"):
        raise NotAllowed(_l("This cannot be done while the claim is in its current state."))
    _check_may_work(session, claim, reviewer, now)
    unknown = [item for item in items if item not in reason_codes.INFO_ITEMS]
    if not items or unknown:
        raise InvalidInput(_l("Choose at least one item the claimant should send."), field="items")
    if not message.strip():
        raise InvalidInput(_l("Write a message to the claimant."), field="message")
    due_on = due_on or default_due_date(now)
    if not today_kst(now) < due_on <= today_kst(now) + timedelta(days=MAX_INFO_DAYS):
        raise InvalidInput(_l("Choose a due date between tomorrow and 90 days from now."), field="due_on")
    before = {"status": claim.status}
    transition(claim, "needs_info")
    claim.assigned_to_id = None
    claim.assigned_until = None
    request = InfoRequest(
        claim_id=claim.id,
        requested_by_id=reviewer.id,
        items=list(items),
        message=message.strip(),
        due_on=due_on,
        requested_at=now,
    )
    session.add(request)
    after = {"status": claim.status, "items": list(items), "due_on": due_on.isoformat()}
    claim_event(session, reviewer.id, "claim.request_information", claim, before, after)
    _commit(session)
    review_notify.information_requested(
        claim, session.get(User, claim.claimant_id), request.message, due_on, items
    )
    return request
