"""Demo data for `make run`: one account of each kind (never created in production)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from claims.models import User
from claims.services import accounts
from claims.services.confirmation import PRIVACY_CONSENT_VERSION

DEMO_PASSWORD = "demo1234!"  # noqa: S105 — published in the README on purpose; seed-demo refuses production

DEMO_ACCOUNTS = (
    ("user@example.com", "김하늘", "claimant", "010-1000-0001"),
    ("driver@example.com", "박택시", "claimant", "010-1000-0002"),
    ("merchant@example.com", "이상점", "claimant", "010-1000-0003"),
    ("author@example.com", "정작가", "claimant", "010-1000-0004"),
    ("reviewer@example.com", "최심사", "reviewer", None),
    ("supervisor@example.com", "한감독", "supervisor", None),
    ("admin@example.com", "관리자", "admin", None),
)


def seed_demo_accounts(session: Session) -> list[User]:
    """Create the demo accounts that do not exist yet; returns all of them."""
    users = []
    for email, name, role, phone in DEMO_ACCOUNTS:
        user = accounts.find_by_email(session, email) or accounts.create_user(
            session,
            email=email,
            password=DEMO_PASSWORD,
            display_name=name,
            role=role,
            phone=phone,
            email_confirmed=True,  # demo accounts can file at once
            privacy_consent_version=PRIVACY_CONSENT_VERSION if role == "claimant" else None,
        )
        users.append(user)
    return users
