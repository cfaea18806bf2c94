"""Reviewing a claim: the lock, line and claim decisions, information requests, second signatures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import wraps

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from claims.db import utcnow
from claims.errors import ClaimConflict, DomainError, InvalidInput, NotAllowed
from claims.i18n import KST
from claims.models import Appeal, Approval, Claim, Decision, InfoRequest, User
from claims.models.claim import DECIDABLE_STATUSES
from claims.services import outcomes, reason_codes, review_notify
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
MISSING_VERSION = _l(
    "This form is out of date (it does not say which version of the claim it changes). "
    "Reload the claim and try again."
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


# ---- conflicts of interest ---------------------------------------------------------------------------

CONFLICT_REASONS = {
    "own_claim": _l("You filed this claim, so you cannot assign, decide or sign it."),
    "same_email": _l("This claim gives your e-mail address, so you cannot assign, decide or sign it."),
    "same_phone": _l("This claim gives your phone number, so you cannot assign, decide or sign it."),
    "same_account": _l(
        "This claim is paid to an account that is also on a claim you filed, so you cannot assign, decide "
        "or sign it."
    ),
}


def own_accounts(session: Session, user: User) -> frozenset[str]:
    """The digits of the payout accounts on the claims `user` filed (for Claim.conflict_of_interest)."""
    rows = session.scalars(
        select(Claim.payout_account).where(Claim.claimant_id == user.id, Claim.payout_account != "")
    )
    return frozenset(
        digits for digits in ("".join(ch for ch in row if ch.isdigit()) for row in rows) if digits
    )


def conflict_of_interest(session: Session, claim: Claim, user: User) -> str | None:
    """Why `user` may not work this claim ("own_claim", "same_email", …), or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return claim.conflict_of_interest(user, own_accounts(session, user))


def conflict_message(reason: str | None):
    return CONFLICT_REASONS.get(reason) if reason else None


def _check_no_conflict(session: Session, claim: Claim, user: User) -> None:
    reason = conflict_of_interest(session, claim, user)
    if reason is not None:
        raise NotAllowed(CONFLICT_REASONS[reason])


def _check_may_work(session: Session, claim: Claim, user: User, now: datetime) -> Appeal | None:
    _check_no_conflict(session, claim, user)
    holder = lock_holder(claim, now)
    if holder and holder != user.id:
        name = session.get(User, holder).display_name
        raise NotAllowed(_l("%(name)s is working on this claim.", name=name))
    appeal = open_appeal(session, claim)
    if appeal and user.id == (appeal.previous_reviewer_id or claim.decided_by_id):
        raise NotAllowed(_l("An appeal goes to a reviewer other than the one who decided the claim."))
    return appeal


# ---- one change at a time -----------------------------------------------------------------------------


def lock_claim(session: Session, claim: Claim, expected_version: int | None = None) -> None:
    """Lock the claim's row for this transaction and bump its version at the commit.

    PostgreSQL: SELECT … FOR UPDATE makes a concurrent change wait for this one and then see the new version
    (SQLite serialises writers itself, and the ORM's version check refuses a stale write). The claim must be
    as the caller loaded it (and as the form showed it: `expected_version`), or nothing is saved.
    """
    current = session.scalar(select(Claim.version).where(Claim.id == claim.id).with_for_update())
    if current is None or current != claim.version:
        raise ClaimConflict(CONFLICT)
    if expected_version is not None and expected_version != current:
        raise ClaimConflict(CONFLICT)
    # Every change of a claim's decision, signature, holder or status bumps its version, even when no
    # column of the claim itself changes (a decision waiting for its second signature).
    claim.updated_at = utcnow()
    flag_modified(claim, "updated_at")


def _require_version(expected_version: int | None) -> int:
    if expected_version is None:
        raise InvalidInput(MISSING_VERSION, field="version")
    return expected_version


def _commit(session: Session) -> None:
    session.commit()


def _unique_pending(exc: IntegrityError) -> bool:
    text = str(exc.orig).lower()
    return "uq_approvals_one_pending_per_claim" in text or "approvals.claim_id" in text


def _conflict_safe(use_case):
    """Turn the ORM's version check (a flush that matched no row) and the one-pending-approval index into a
    clear conflict; whatever the refused use case left in the session is rolled back (nothing is saved)."""

    @wraps(use_case)
    def wrapped(session: Session, *args, **kwargs):
        try:
            return use_case(session, *args, **kwargs)
        except StaleDataError as exc:
            session.rollback()
            raise ClaimConflict(CONFLICT) from exc
        except IntegrityError as exc:
            session.rollback()
            if _unique_pending(exc):
                raise ClaimConflict(CONFLICT) from exc
            raise
        except DomainError:
            session.rollback()
            raise

    return wrapped


@_conflict_safe
def assign(
    session: Session,
    claim: Claim,
    user: User,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Take the claim for LOCK_MINUTES (again, if one already holds it); others see who holds it."""
    now = now or utcnow()
    lock_claim(session, claim, expected_version)
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
def release(session: Session, claim: Claim, user: User, expected_version: int | None = None) -> Claim:
    """Give the claim back; only its holder (or a supervisor) may, and an expired lock is simply cleared."""
    lock_claim(session, claim, expected_version)
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
    """By totals alone (approved when at least the computed total is paid); decisions use
    outcomes.claim_outcome, line by line."""
    if total_approved <= 0:
        return "rejected"
    return "approved" if total_approved >= total_computed else "partly_approved"


def approved_total(claim: Claim, line_amounts: list[int]) -> int:
    """The sum of the approved lines, within the claim cap of the claimant type (as the rules apply it)."""
    total = sum(line_amounts)
    cap = policy(claim.policy_id).claim_caps.get(claim.claimant_type)
    return min(total, cap) if cap is not None else total


def _in_force():
    return (Decision.superseded.is_(False), Decision.pending.is_(False))


def _supersede(session: Session, claim: Claim) -> None:
    """The decision in force is replaced (a pending one is not touched)."""
    session.execute(
        update(Decision).where(Decision.claim_id == claim.id, *_in_force()).values(superseded=True)
    )


def _decision_rows(decision_id: int):
    return or_(Decision.id == decision_id, Decision.parent_id == decision_id)


def _set_aside(session: Session, approval: Approval) -> None:
    """The decision waiting for `approval` is set aside (and only that one)."""
    if approval.decision_id is None:
        return
    session.execute(
        update(Decision)
        .where(Decision.claim_id == approval.claim_id, _decision_rows(approval.decision_id))
        .values(superseded=True, pending=False)
    )


def void_pending_approvals(session: Session, claim: Claim, actor_id: int | None, now: datetime) -> list[int]:
    """Void the claim's pending approval (the claim was withdrawn) and set its decision aside; the caller
    has locked the claim and commits."""
    voided = []
    for approval in session.scalars(
        select(Approval).where(Approval.claim_id == claim.id, Approval.status == "pending")
    ):
        approval.status, approval.signed_at = "void", now
        _set_aside(session, approval)
        voided.append(approval.id)
    return voided


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


def signature_reasons(total: int, raised: list[int]) -> list[str]:
    """Why a decision needs a second signature: "limit" above APPROVAL_LIMIT, "raised" when a line is
    approved above its computed amount; empty when it takes effect at once."""
    reasons = []
    if total > current_app.config["APPROVAL_LIMIT"]:
        reasons.append("limit")
    if raised:
        reasons.append("raised")
    return reasons


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
    """Record a decision on every line and on the claim. Above APPROVAL_LIMIT, or with a line raised above its
    computed amount, it waits for a second signature (the pending Approval is returned, and the decision in
    force, if any, stays in force until then); otherwise it takes effect at once and None is returned."""
    now = now or utcnow()
    lock_claim(session, claim, _require_version(expected_version))
    if claim.status not in DECIDABLE:
        raise NotAllowed(_l("This cannot be done while the claim is in its current state."))
    if pending_approval(session, claim):
        raise NotAllowed(_l("This decision is waiting for a supervisor's second signature."))
    _check_may_work(session, claim, reviewer, now)
    assessment = claim.latest_assessment
    if assessment is None:
        raise NotAllowed(_l("The claim has not been computed yet."))
    by_index = {choice.index: choice for choice in lines}
    if len(by_index) != len(lines) or sorted(by_index) != sorted(line["index"] for line in assessment.lines):
        raise InvalidInput(_l("Decide every line of the claim."))
    # Everything by the line's index: the caller's order is not the assessment's.
    amounts = {line["index"]: _approved_line(line, by_index[line["index"]]) for line in assessment.lines}
    computed = {line["index"]: int(line["amount"]) for line in assessment.lines}
    raised = [index for index, amount in amounts.items() if amount > computed[index]]
    total = approved_total(claim, list(amounts.values()))
    # In full only when every line gets what was asked (or computed) and the cap cut nothing (as the letter).
    outcome = outcomes.claim_outcome(claim, assessment.lines, amounts, total)
    reasons = signature_reasons(total, raised)
    waits = bool(reasons)
    if not waits:
        _supersede(session, claim)
    head = Decision(
        claim_id=claim.id,
        reviewer_id=reviewer.id,
        outcome=outcome,
        approved_amount=total,
        note=note.strip(),
        pending=waits,
    )
    session.add(head)
    session.flush()
    for line in assessment.lines:
        choice = by_index[line["index"]]
        session.add(
            Decision(
                claim_id=claim.id,
                parent_id=head.id,
                line_index=line["index"],
                reviewer_id=reviewer.id,
                outcome=choice.outcome,
                approved_amount=amounts[line["index"]],
                reason_code=choice.reason_code if choice.outcome == "rejected" else None,
                note=choice.note.strip(),
                pending=waits,
            )
        )
    before = {"status": claim.status, "decision": claim.decision, "amount_approved": claim.amount_approved}
    after = {
        "decision": head.id,
        "outcome": outcome,
        "total": total,
        "lines": [
            {
                "index": line["index"],
                "outcome": by_index[line["index"]].outcome,
                "computed": computed[line["index"]],
                "amount": amounts[line["index"]],
            }
            for line in sorted(assessment.lines, key=lambda row: row["index"])
        ],
    }
    approval = None
    if waits:
        if claim.status != "in_review":
            transition(claim, "in_review")
        claim.assigned_to_id = None
        claim.assigned_until = None
        approval = Approval(
            claim_id=claim.id,
            decision_id=head.id,
            requested_by_id=reviewer.id,
            amount=total,
            requested_at=now,
            reasons=reasons,
        )
        session.add(approval)
        after["awaiting_second_signature"] = reasons
    else:
        _take_effect(session, claim, outcome, total, reviewer.id, now)
        after["status"] = claim.status
    claim_event(session, reviewer.id, "claim.decide", claim, before, after)
    _commit(session)
    if approval is None:
        review_notify.after_decision(claim, session.get(User, claim.claimant_id))
    return approval


# Built once: every claim page reads it.
_DECISIONS_IN_FORCE = (
    select(Decision).where(Decision.claim_id == bindparam("claim_id"), *_in_force()).order_by(Decision.id)
)


def current_decisions(session: Session, claim: Claim) -> tuple[Decision | None, dict[int, Decision]]:
    """The claim-level decision and the line decisions in force (neither superseded nor pending)."""
    rows = session.scalars(_DECISIONS_IN_FORCE, {"claim_id": claim.id}).all()
    # Only one claim-level row is in force at a time; should two ever be, the newer one speaks.
    claim_level = next((row for row in reversed(rows) if row.line_index is None), None)
    return claim_level, {row.line_index: row for row in rows if row.line_index is not None}


def waiting_decision(
    session: Session, approval: Approval | None
) -> tuple[Decision | None, dict[int, Decision]]:
    """The decision a pending approval waits on: its claim-level row and its line rows."""
    if approval is None or approval.decision_id is None:
        return None, {}
    rows = session.scalars(
        select(Decision).where(_decision_rows(approval.decision_id)).order_by(Decision.id)
    ).all()
    head = next((row for row in rows if row.id == approval.decision_id), None)
    return head, {row.line_index: row for row in rows if row.line_index is not None}


# ---- second signature ------------------------------------------------------------------------------------


def _check_signer(session: Session, approval: Approval, claim: Claim, supervisor: User) -> None:
    if not supervisor.is_supervisor:
        raise NotAllowed(_l("Only a supervisor can sign."))
    if approval.status != "pending":
        raise NotAllowed(_l("This decision has already been signed or refused."))
    if approval.requested_by_id == supervisor.id:
        raise NotAllowed(_l("A second signature must come from someone other than the reviewer who decided."))
    _check_no_conflict(session, claim, supervisor)


def _locked_approval(
    session: Session, approval: Approval, expected_version: int | None
) -> tuple[Approval, Claim]:
    claim = session.get(Claim, approval.claim_id)
    lock_claim(session, claim, expected_version)
    # Read again under the lock: a double click's second request sees the first one's signature.
    session.refresh(approval)
    return approval, claim


@_conflict_safe
def sign(
    session: Session,
    approval: Approval,
    supervisor: User,
    note: str = "",
    now=None,
    expected_version: int | None = None,
) -> Claim:
    """The second signature: the decision this approval points at (not the newest one) takes effect."""
    now = now or utcnow()
    approval, claim = _locked_approval(session, approval, expected_version)
    _check_signer(session, approval, claim, supervisor)
    head = session.get(Decision, approval.decision_id) if approval.decision_id else None
    if head is None or head.superseded or not head.pending:
        raise NotAllowed(_l("There is no decision to sign."))
    approval.status, approval.supervisor_id, approval.signed_at, approval.note = (
        "signed",
        supervisor.id,
        now,
        note,
    )
    _supersede(session, claim)
    session.execute(
        update(Decision).where(Decision.claim_id == claim.id, _decision_rows(head.id)).values(pending=False)
    )
    _take_effect(session, claim, head.outcome, head.approved_amount, head.reviewer_id, now)
    after = {
        "status": claim.status,
        "decision": head.id,
        "outcome": claim.decision,
        "amount_approved": claim.amount_approved,
    }
    claim_event(session, supervisor.id, "approval.sign", claim, {"approval": approval.id}, after)
    _commit(session)
    review_notify.after_decision(claim, session.get(User, claim.claimant_id))
    return claim


@_conflict_safe
def refuse(
    session: Session,
    approval: Approval,
    supervisor: User,
    note: str,
    now=None,
    expected_version: int | None = None,
) -> Claim:
    """Refuse the second signature: that decision (only) is set aside and the claim goes back to the queue;
    a decision in force before it stays in force."""
    now = now or utcnow()
    approval, claim = _locked_approval(session, approval, expected_version)
    _check_signer(session, approval, claim, supervisor)
    if not note.strip():
        raise InvalidInput(_l("Say why you refuse to sign, for the reviewer."), field="note")
    approval.status, approval.supervisor_id, approval.signed_at, approval.note = (
        "refused",
        supervisor.id,
        now,
        note,
    )
    _set_aside(session, approval)
    claim.assigned_to_id = None
    claim.assigned_until = None
    claim_event(
        session,
        supervisor.id,
        "approval.refuse",
        claim,
        {"approval": approval.id, "decision": approval.decision_id},
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
    lock_claim(session, claim, _require_version(expected_version))
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
