"""What a decision means, line by line, as pages show it: claimed, computed and approved per line, the claim
cap as its own line (so every column adds up), and the outcome in words derived from those amounts.

The letter (claims/services/letter_contents.py, claims.letters.outcome_of) derives its outcome the same way:
approved in full only when every line gets at least what was asked (or, with no amount asked, what was
computed) and the total is not cut; not approved when nothing is approved; otherwise approved in part.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from claims.models import Approval, Claim, Decision
from claims.services import reason_codes
from claims.services.assessments import policy

OUTCOME_WORDS = {
    "approved": _l("Approved in full"),
    "partly_approved": _l("Approved in part"),
    "rejected": _l("Not approved"),
}


@dataclass(frozen=True)
class OutcomeLine:
    index: int
    claimed: int | None
    computed: int
    approved: int | None
    outcome: str | None  # accepted / adjusted / rejected, None without a decision
    reason: str | None  # the reason code's words
    next_step: str | None  # what the claimant can do about it
    note: str


@dataclass(frozen=True)
class OutcomeTable:
    lines: tuple[OutcomeLine, ...]
    cap_amount: int | None  # the claim cap of the claimant type (None: no cap)
    cap_computed: int  # zero or negative: what the cap took off the computed lines
    cap_approved: int  # zero or negative: what it took off the approved lines
    total_claimed: int | None
    total_computed: int
    total_approved: int | None  # None without a decision
    outcome: str | None  # approved / partly_approved / rejected, None without a decision

    @property
    def has_cap_line(self) -> bool:
        return bool(self.cap_computed or self.cap_approved)

    @property
    def outcome_words(self):
        return OUTCOME_WORDS.get(self.outcome) if self.outcome else None


def derived_outcome(asked_and_approved: list[tuple[int, int]], total_approved: int) -> str:
    """asked_and_approved: per line, (what was asked: claimed, or computed when nothing was, and approved)."""
    if total_approved <= 0:
        return "rejected"
    full = all(approved >= asked for asked, approved in asked_and_approved)
    if full and total_approved >= sum(asked for asked, _ in asked_and_approved):
        return "approved"
    return "partly_approved"


def claim_outcome(claim: Claim, assessment_lines: list[dict], approved: dict[int, int], total: int) -> str:
    """The outcome of a decision on `claim`: approved (per line, at least what was asked), partly approved
    or rejected, as stored on the claim and its decision and as the letter says it."""
    claimed = {item.position: (item.amount_claimed or None) for item in claim.items}
    pairs = [
        (claimed.get(line["index"]) or int(line["amount"]), approved.get(line["index"], 0))
        for line in assessment_lines
    ]
    return derived_outcome(pairs, total)


def outcome_table(
    claim: Claim,
    assessment_lines: list[dict],
    total_computed: int,
    decision: Decision | None,
    line_decisions: dict[int, Decision],
    language: str,
) -> OutcomeTable:
    """The table of one decision (the one in force, or one waiting for its signature), or of the computation
    alone (decision None)."""
    claimed = {item.position: (item.amount_claimed or None) for item in claim.items}
    lines = []
    for line in sorted(assessment_lines, key=lambda row: row["index"]):
        index = line["index"]
        row = line_decisions.get(index)
        computed = int(line["amount"])
        if decision is None:
            approved = None
        elif row is not None:
            approved = int(row.approved_amount)
        else:  # an older straight-through approval without line rows
            approved = 0 if decision.outcome == "rejected" else computed
        entry = reason_codes.get(row.reason_code) if row is not None and row.outcome == "rejected" else None
        lines.append(
            OutcomeLine(
                index=index,
                claimed=claimed.get(index),
                computed=computed,
                approved=approved,
                outcome=row.outcome if row is not None else None,
                reason=entry.label(language) if entry is not None else None,
                next_step=entry.next_step(language) if entry is not None else None,
                note=(row.note or "").strip() if row is not None else "",
            )
        )
    total_approved = int(decision.approved_amount) if decision is not None else None
    cap_computed = min(0, int(total_computed) - sum(line.computed for line in lines))
    cap_approved = (
        min(0, total_approved - sum(line.approved or 0 for line in lines))
        if total_approved is not None
        else 0
    )
    claimed_values = [line.claimed for line in lines if line.claimed]
    outcome = None
    if total_approved is not None:
        pairs = [(line.claimed or line.computed, line.approved or 0) for line in lines]
        outcome = derived_outcome(pairs, total_approved)
    return OutcomeTable(
        lines=tuple(lines),
        cap_amount=policy(claim.policy_id).claim_caps.get(claim.claimant_type),
        cap_computed=cap_computed,
        cap_approved=cap_approved,
        total_claimed=sum(claimed_values) if claimed_values else None,
        total_computed=int(total_computed),
        total_approved=total_approved,
        outcome=outcome,
    )


def decision_in_force(
    session: Session, claim: Claim, language: str, in_force: tuple | None = None
) -> OutcomeTable | None:
    """The decision in force as a table, or None while the claim has none (`in_force`: what
    review.current_decisions returned, when the caller has just read it)."""
    from claims.services.review import current_decisions

    head, by_line = in_force if in_force is not None else current_decisions(session, claim)
    assessment = _decided_on(claim, head)
    if head is None or assessment is None:
        return None
    return outcome_table(claim, assessment.lines, assessment.total, head, by_line, language)


def waiting_decision(session: Session, claim: Claim, approval: Approval | None, language: str):
    """The decision waiting for `approval`'s second signature as a table, or None."""
    from claims.services.review import waiting_decision as rows

    head, by_line = rows(session, approval)
    assessment = claim.latest_assessment
    if head is None or assessment is None:
        return None
    return outcome_table(claim, assessment.lines, assessment.total, head, by_line, language)


def _decided_on(claim: Claim, head: Decision | None):
    """The assessment snapshot the decision was made on: the latest made before it."""
    if head is None or not claim.assessments:
        return None
    before = [row for row in claim.assessments if row.created_at <= head.created_at]
    return before[-1] if before else claim.assessments[-1]
