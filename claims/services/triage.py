"""Straight-through processing: after a claim is submitted, decide whether a person must review it.

A claim is eligible for approval without a person when it has no flag of the rules and no signal (a possible
duplicate, an event outside every window, an amount far above the median), it is eligible, and its computed
total is above 0 and at most STP_LIMIT. An eligible claim is still kept for a person when the random
draw falls in the STP_SAMPLE_RATE sample; the draw is stored on the claim and in the audit log, so that the
sample can be checked. The review axis: `auto_approved` (approved as computed), `selected` (eligible, drawn
for the sample), `not_selected` (not eligible for straight-through processing: a person reviews it anyway).
A total of 0 is never decided without a person: an automatic zero would be a rejection nobody looked at.
"""

from __future__ import annotations

import random

from flask import current_app
from sqlalchemy.orm import Session

from claims.db import utcnow
from claims.models import Claim, Decision
from claims.services import outcomes, signals
from claims.services.audit import claim_event
from claims.services.lifecycle import transition

_system_random = random.SystemRandom()


def stp_eligible(claim: Claim, limit: int) -> bool:
    assessment = claim.latest_assessment
    return bool(
        assessment is not None
        and assessment.eligible
        and not claim.flags
        and not claim.signals
        and 0 < claim.amount_computed <= limit
    )


def triage(session: Session, claim: Claim, rng: random.Random | None = None) -> bool:
    """Set the claim's review axis (and auto-approve where allowed); the caller commits.

    Returns True when the claim was approved without a person: after its commit, the caller issues the letter
    (review_notify.after_decision), in a request, a job or a command alike."""
    config = current_app.config
    session.flush()  # the claim needs its id, and the duplicate search must not find the claim itself
    signals.copy_line_amounts(claim)
    claim.signals = sorted({signal.code for signal in signals.detect(session, claim)})
    draw = None
    if not stp_eligible(claim, config["STP_LIMIT"]):
        claim.review_status = "not_selected"
    else:
        draw = (rng or _system_random).random()
        claim.review_draw = draw
        if draw < config["STP_SAMPLE_RATE"]:
            claim.review_status = "selected"
        else:
            claim.review_status = "auto_approved"
            _approve_as_computed(session, claim)
    after = {
        "review_status": claim.review_status,
        "draw": draw,
        "sample_rate": config["STP_SAMPLE_RATE"],
        "limit": config["STP_LIMIT"],
        "flags": list(claim.flags or ()),
        "signals": list(claim.signals),
    }
    claim_event(session, None, "claim.triage", claim, None, after)
    return claim.review_status == "auto_approved"


def _approve_as_computed(session: Session, claim: Claim) -> None:
    now = utcnow()
    transition(claim, "decided")
    lines = claim.latest_assessment.lines
    # As computed; "in part" when the claimant asked for more than the policy gives (as the letter says).
    claim.decision = outcomes.claim_outcome(
        claim, lines, {line["index"]: int(line["amount"]) for line in lines}, claim.amount_computed
    )
    claim.amount_approved = claim.amount_computed
    claim.decided_at = now
    claim.decided_by_id = None
    head = Decision(claim_id=claim.id, outcome=claim.decision, approved_amount=claim.amount_computed)
    session.add(head)
    session.flush()
    for line in claim.latest_assessment.lines:
        session.add(
            Decision(
                claim_id=claim.id,
                parent_id=head.id,
                line_index=line["index"],
                outcome="accepted",
                approved_amount=int(line["amount"]),
                note="straight-through",
            )
        )
