"""Decision letters for the demo claims that have one, made exactly as real letters are made."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from claims.demo.plan import LETTER_STATES
from claims.models import Claim, User


def issue_demo_letters(session: Session, claim_ids) -> int:
    """Store the letter of every demo claim already past its decision; returns how many.

    The demo rows were inserted in their final state (letter issued, appealed, closed), so the letters are
    built and stored without moving the claim through the lifecycle again, and nobody is e-mailed.
    """
    from claims.services.letters import build_letter

    count = 0
    ids = list(claim_ids)
    for start in range(0, len(ids), 200):
        claims = session.scalars(
            select(Claim)
            .where(Claim.id.in_(ids[start : start + 200]), Claim.status.in_(LETTER_STATES))
            .options(selectinload(Claim.items), selectinload(Claim.assessments))
        ).all()
        claimant_ids = {c.claimant_id for c in claims}
        rows = session.execute(select(User.id, User.language).where(User.id.in_(claimant_ids)))
        languages = {user_id: language for user_id, language in rows.all()}
        for claim in claims:
            session.add(build_letter(session, claim, languages.get(claim.claimant_id, "ko")))
            count += 1
        session.flush()
    session.commit()
    return count
