"""Decided claims for the decision-letter tests, built directly with the models (as review.decide does)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import update
from werkzeug.security import generate_password_hash

from claims.models import Claim, Decision, User
from claims.services.review import approved_total, claim_outcome
from tests.factories import make_claim

# 16:30 UTC is 01:30 KST on the next day: the letter is dated 3 November 2022.
DECIDED_AT = datetime(2022, 11, 2, 16, 30, tzinfo=UTC)
PASSWORD = "password123"
_numbers = itertools.count(1)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return generate_password_hash(PASSWORD, method="scrypt")


def make_users(session, **specs: dict) -> dict[str, User]:
    """Users by name, e.g. make_users(session, reviewer={"role": "reviewer"}); one password hash for all
    (scrypt takes a quarter of a second per user, and these tests are about letters, not passwords)."""
    users = {}
    for name, spec in specs.items():
        n = next(_numbers)
        role = spec.get("role", "claimant")
        users[name] = User(
            email=f"{name}-{n}@letters.example",
            password_hash=_password_hash(),
            display_name=spec.get("display_name", f"{role.title()} {n}"),
            phone=spec.get("phone"),
            role=role,
            language=spec.get("language", "ko"),
            email_confirmed_at=DECIDED_AT,  # claimants receive mail only at a confirmed address
        )
        session.add(users[name])
    session.commit()
    return users


def decide(
    session,
    claim: Claim,
    reviewer: User | None = None,
    lines: dict | None = None,
    decided_at: datetime = DECIDED_AT,
) -> Claim:
    """Decide every line of the latest snapshot and the claim; `lines` maps an index to
    ("rejected", reason_code, note) or ("adjusted", amount, note); other lines are accepted."""
    lines = lines or {}
    session.execute(update(Decision).where(Decision.claim_id == claim.id).values(superseded=True))
    amounts = []
    for line in claim.latest_assessment.lines:
        choice = lines.get(line["index"], ("accepted",))
        outcome, amount, reason, note = choice[0], int(line["amount"]), None, ""
        if outcome == "rejected":
            amount, reason, note = 0, choice[1], choice[2] if len(choice) > 2 else ""
        elif outcome == "adjusted":
            amount, note = choice[1], choice[2]
        amounts.append(amount)
        session.add(
            Decision(
                claim_id=claim.id,
                line_index=line["index"],
                reviewer_id=reviewer.id if reviewer else None,
                outcome=outcome,
                approved_amount=amount,
                reason_code=reason,
                note=note,
            )
        )
    total = approved_total(claim, amounts)
    outcome = claim_outcome(total, claim.amount_computed)
    session.add(
        Decision(
            claim_id=claim.id,
            reviewer_id=reviewer.id if reviewer else None,
            outcome=outcome,
            approved_amount=total,
        )
    )
    claim.status = "decided"
    claim.decision = outcome
    claim.amount_approved = total
    claim.decided_at = decided_at
    claim.decided_by_id = reviewer.id if reviewer else None
    session.commit()
    return claim


def decided_claim(session, claimant: User, incident, reviewer: User | None = None, **fields) -> Claim:
    """The taxi driver's three lines (11,790 + 30,000 + 6,500 KRW) with the late fee rejected: 18,290 KRW.
    `fields` go to the claim (contact details and the like)."""
    claim = make_claim(session, claimant, incident, **fields)
    return decide(session, claim, reviewer, lines={1: ("rejected", "NO_EVIDENCE", "영수증이 없습니다")})
