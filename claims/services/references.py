"""Public claim references such as KC-2210-7F3K9Q, and letter verification codes."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from claims.models import Claim

# Crockford's base32 without I, L, O and U: nothing a claimant can misread over the phone.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def random_code(length: int = 6) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_reference(session: Session, incident_started_at: datetime | None) -> str:
    """KC-<yymm of the incident>-<6 random characters>, unique in the database."""
    prefix = f"KC-{incident_started_at:%y%m}-" if incident_started_at else "KC-0000-"
    while True:
        reference = prefix + random_code()
        if not session.scalar(select(exists().where(Claim.reference == reference))):
            return reference
