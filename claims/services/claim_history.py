"""A claim's dated history as its claimant sees it: filed, requests and answers, decisions, letters, appeals,
payments. Read from the rows themselves (the audit log stays the staff's record)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.models import Appeal, Claim, InfoRequest, Letter
from claims.models.payout import Payment


@dataclass(frozen=True)
class Step:
    at: datetime
    text: str


def claimant_history(session: Session, claim: Claim) -> list[Step]:
    """Every dated step of the claim, oldest first."""
    steps: list[Step] = []
    if claim.filed_at:
        steps.append(Step(claim.filed_at, str(_l("You submitted the claim."))))
    for request in session.scalars(select(InfoRequest).where(InfoRequest.claim_id == claim.id)):
        steps.append(Step(request.requested_at, str(_l("The reviewer asked for more information."))))
        if request.responded_at:
            steps.append(Step(request.responded_at, str(_l("You answered the request."))))
    for letter in session.scalars(select(Letter).where(Letter.claim_id == claim.id)):
        steps.append(Step(letter.issued_at, str(_l("The decision letter was issued."))))
    for appeal in session.scalars(select(Appeal).where(Appeal.claim_id == claim.id)):
        steps.append(Step(appeal.filed_at, str(_l("You appealed the decision."))))
        if appeal.resolved_at:
            steps.append(Step(appeal.resolved_at, str(_l("The appeal was decided."))))
    if claim.decided_at:
        steps.append(Step(claim.decided_at, str(_l("The claim was decided."))))
    payments = session.scalars(select(Payment).where(Payment.claim_id == claim.id))
    for payment in payments:
        if payment.sent_at and payment.state in ("sent", "confirmed"):
            steps.append(Step(payment.sent_at, str(_l("A payment was transferred to your account."))))
    return sorted((step for step in steps if step.at is not None), key=lambda step: step.at)
