"""Confirming that an account's e-mail address reaches its owner; the privacy consent given at registration.

Until the owner follows the link sent to the address, no claim can be filed from the account and the portal
sends nothing else to that address (receipts and notices go only to confirmed addresses).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from claims.db import utcnow
from claims.errors import InvalidInput
from claims.models import User
from claims.services.audit import record

CONFIRM_SALT = "email-confirm"
# The 개인정보 수집·이용 동의 text shown at registration (templates/auth/_privacy_consent.html). Change
# the version whenever that text changes: each account stores the version it agreed to, and when.
PRIVACY_CONSENT_VERSION = "2026-11"
# How long personal data is kept after the claim's procedure ends (stated in the consent text).
RETENTION_YEARS = 5


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRM_SALT)


def confirmation_token(user: User) -> str:
    # Bound to the address: if the account's address ever changes, links sent to the old one stop working.
    return _serializer().dumps({"id": user.id, "e": user.email})


def confirm_email(session: Session, token: str) -> User:
    """Mark the account's address confirmed (following the link twice is harmless)."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["EMAIL_CONFIRM_MAX_AGE"])
    except SignatureExpired as exc:
        raise InvalidInput(_l("This confirmation link has expired. Sign in and ask for a new one.")) from exc
    except BadSignature as exc:
        raise InvalidInput(_l("This confirmation link is not valid. Sign in and ask for a new one.")) from exc
    valid = isinstance(data, dict) and isinstance(data.get("id"), int)
    user = session.get(User, data["id"]) if valid else None
    if user is None or user.email != data.get("e"):
        raise InvalidInput(_l("This confirmation link is not valid. Sign in and ask for a new one."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        record(session, user.id, "user.email_confirmed", "user", user.id, after={"email": user.email})
        session.commit()
    return user
