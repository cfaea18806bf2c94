"""Demo payouts: a batch sent and answered by the bank (one transfer failed), then an appeal raised after
payment (a top-up in a second batch, exported and waiting to be sent) and one lowered (a recovery item).

The payout steps go through the ledger's own services, as a supervisor would; the two appeal decisions are
written like the rest of the demo data (rows in their final state, with their audit events and new letters).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from claims.models import Appeal, Claim, Decision, Letter, User
from claims.services import payout_results, payouts
from claims.services.audit import claim_event
from claims.services.review import approved_total, claim_outcome

DEMO_CLAIMANTS = ("driver@example.com", "user@example.com", "merchant@example.com", "author@example.com")


def seed_demo_payouts(session: Session, now: datetime) -> dict[str, int]:
    """Returns the ids of what it made ({} when there is no supervisor or nothing to pay)."""
    supervisor = session.scalar(select(User).where(User.role == "supervisor").order_by(User.id).limit(1))
    reviewer = session.scalar(select(User).where(User.role == "reviewer").order_by(User.id).limit(1))
    if supervisor is None or reviewer is None or not payouts.due_list(session, limit=1):
        return {}
    first = payouts.export(session, supervisor, now=now - timedelta(hours=3))
    payouts.mark_sent(session, first, supervisor, now=now - timedelta(hours=2))

    paid = {p.claim_id: p for p in first.payments}
    claims = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(list(paid))))}
    demo_ids = set(session.scalars(select(User.id).where(User.email.in_(DEMO_CLAIMANTS))))
    limit = current_app.config["APPROVAL_LIMIT"]

    def pick(test, taken):
        candidates = [
            c for c in claims.values() if c.id not in taken and c.status == "letter_issued" and test(c)
        ]
        candidates.sort(key=lambda c: (c.claimant_id not in demo_ids, c.reference))
        return candidates[0] if candidates else None

    taken: set[int] = set()
    top_up = pick(lambda c: c.decision == "partly_approved" and c.amount_computed <= limit, taken)
    taken |= {top_up.id} if top_up else set()
    recovery = pick(lambda c: (c.amount_approved or 0) > 0 and len(_lines(c)) > 1, taken)
    taken |= {recovery.id} if recovery else set()
    failed = pick(lambda c: True, taken)

    results = [
        payout_results.Result(p.reference, "confirmed")
        for p in first.payments
        if failed is None or p.claim_id != failed.id
    ]
    if failed is not None:
        results.append(payout_results.Result(paid[failed.id].reference, "failed", "계좌번호 오류"))
    payout_results.record_results(session, first, supervisor, results, now=now - timedelta(minutes=90))

    made = {"first_batch": first.id}
    if top_up is not None:
        _appeal_decided(session, top_up, supervisor, reviewer, raise_=True, now=now - timedelta(minutes=60))
        second = payouts.export(session, supervisor, now=now - timedelta(minutes=30))
        made |= {"top_up_claim": top_up.id, "second_batch": second.id}
    if recovery is not None:
        _appeal_decided(
            session, recovery, supervisor, reviewer, raise_=False, now=now - timedelta(minutes=45)
        )
        made["recovery_claim"] = recovery.id
    if failed is not None:
        made["failed_claim"] = failed.id
    return made


def _lines(claim: Claim) -> list[dict]:
    return claim.latest_assessment.lines if claim.latest_assessment is not None else []


def _appeal_decided(
    session: Session, claim: Claim, supervisor: User, reviewer: User, *, raise_: bool, now
) -> None:
    """The claimant appealed and a second person decided again: every line accepted as computed (raise_), or
    the largest line rejected (lowered). A new letter replaces the old one."""
    from claims.services.letters import build_letter

    letter = session.scalar(
        select(Letter).where(Letter.claim_id == claim.id).order_by(Letter.id.desc()).limit(1)
    )
    decider = supervisor if claim.decided_by_id == reviewer.id else reviewer
    appeal = Appeal(
        claim_id=claim.id,
        letter_id=letter.id if letter else None,
        reason="산정액 전부를 인정해 주세요." if raise_ else "결정을 다시 확인해 주세요.",
        filed_at=now - timedelta(minutes=20),
        previous_reviewer_id=claim.decided_by_id,
        resolved_at=now,
    )
    session.add(appeal)
    claim_event(
        session, claim.claimant_id, "claim.appeal", claim, {"status": "letter_issued"}, {"status": "appealed"}
    )
    lines = _lines(claim)
    largest = max(lines, key=lambda line: int(line["amount"]))["index"]
    choices = [
        ("rejected", 0, "NO_EVIDENCE")
        if not raise_ and line["index"] == largest
        else ("accepted", int(line["amount"]), None)
        for line in lines
    ]
    total = approved_total(claim, [amount for _o, amount, _r in choices])
    outcome = claim_outcome(total, claim.amount_computed)
    session.execute(update(Decision).where(Decision.claim_id == claim.id).values(superseded=True))
    head = Decision(
        claim_id=claim.id, reviewer_id=decider.id, outcome=outcome, approved_amount=total, created_at=now
    )
    session.add(head)
    session.flush()
    for line, (line_outcome, amount, reason) in zip(lines, choices, strict=True):
        session.add(
            Decision(
                claim_id=claim.id,
                line_index=line["index"],
                reviewer_id=decider.id,
                outcome=line_outcome,
                approved_amount=amount,
                reason_code=reason,
                note="증빙이 없습니다." if reason else "",
                created_at=now,
                parent_id=head.id,
            )
        )
    before = {"status": "appealed", "decision": claim.decision, "amount_approved": claim.amount_approved}
    claim.status, claim.decision, claim.amount_approved = "decided", outcome, total
    claim.decided_at, claim.decided_by_id = now, decider.id
    claim_event(session, decider.id, "claim.decide", claim, before, {"outcome": outcome, "total": total})
    session.flush()
    language = session.scalar(select(User.language).where(User.id == claim.claimant_id)) or "ko"
    session.add(build_letter(session, claim, language))
    claim.status = "letter_issued"
    session.commit()
