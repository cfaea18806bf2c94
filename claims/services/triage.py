"""Straight-through processing: after a claim is submitted, decide whether a person must review it.

Placeholder until the reviewer side lands: every submitted claim is selected for review.
"""

from __future__ import annotations

import random

from sqlalchemy.orm import Session

from claims.models import Claim


def triage(session: Session, claim: Claim, rng: random.Random | None = None) -> None:
    """Set the claim's review axis (and auto-approve where allowed); the caller commits."""
    claim.review_status = "selected"
