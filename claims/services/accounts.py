"""Accounts: registration, staff creation, sign-in, password change and reset, language, roles.

E-mail confirmation and the privacy consent are in claims/services/confirmation.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from claims.db import utcnow
from claims.errors import InvalidInput, NotAllowed, NotFound
from claims.models import ROLES, User
from claims.services import login_sessions
from claims.services.audit import record

MIN_PASSWORD_LENGTH = 8
RESET_SALT = "password-reset"


@cache
def _dummy_hash(method: str) -> str:
    """A hash to check against when there is no account, so a failed sign-in costs the same either way."""
    return generate_password_hash("no such account", method=method)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(session: Session, email: str) -> User | None:
    """The account of this address, however it was typed. Addresses are stored normalised (create_user and
    migration users_email_lower): one look-up in the unique index, never a scan of every account."""
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def _check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(_l("Use at least 8 characters."), field="password")


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    display_name: str,
    role: str = "claimant",
    phone: str | None = None,
    language: str = "ko",
    actor_id: int | None = None,
    email_confirmed: bool = False,
    privacy_consent_version: str | None = None,
) -> User:
    """Create an account of any role (registration creates claimants; admins create staff)."""
    if role not in ROLES:
        raise InvalidInput(_l("Unknown role."), field="role")
    if find_by_email(session, email):
        raise InvalidInput(_l("An account with this e-mail address already exists."), field="email")
    _check_password_strength(password)
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip(),
        role=role,
        phone=(phone or "").strip() or None,
        language=language,
        email_confirmed_at=utcnow() if email_confirmed else None,
        privacy_consent_version=privacy_consent_version,
        privacy_consent_at=utcnow() if privacy_consent_version else None,
    )
    user.set_password(password, _hash_method())
    session.add(user)
    session.flush()
    record(
        session,
        actor_id or user.id,
        "user.create",
        "user",
        user.id,
        after={"email": user.email, "role": role, "privacy_consent": privacy_consent_version},
    )
    session.commit()
    return user


@dataclass(frozen=True)
class Registration:
    """What registering an address did: a new account, or nothing because the address is taken.

    The person sees the same page either way ("we have sent an e-mail to …"): only the e-mail differs, so
    the form cannot be used to find out who has an account.
    """

    user: User
    created: bool


def register_claimant(
    session: Session,
    *,
    email: str,
    password: str,
    display_name: str,
    phone: str | None,
    language: str,
    privacy_consent_version: str,
) -> Registration:
    existing = find_by_email(session, email)
    if existing is not None:
        _check_password_strength(password)
        generate_password_hash(password, method=_hash_method())  # the same work as a new account
        record(session, None, "user.register_existing", "user", existing.id)
        session.commit()
        return Registration(existing, created=False)
    user = create_user(
        session,
        email=email,
        password=password,
        display_name=display_name,
        phone=phone,
        language=language,
        privacy_consent_version=privacy_consent_version,
    )
    return Registration(user, created=True)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user if the credentials are right and the account active; otherwise None (no hint which).

    An unknown address is checked against a dummy hash of the same kind, so both take the same time.
    """
    user = find_by_email(session, email)
    if user is None:
        check_password_hash(_dummy_hash(_hash_method()), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
    record(session, user.id, "user.login", "user", user.id)
    session.commit()
    return user


def change_password(session: Session, user: User, current: str, new: str) -> User:
    if not user.check_password(current):
        raise InvalidInput(_l("The current password is not right."), field="current_password")
    return _replace_password(session, user, new, "user.password_change")


def set_language(session: Session, user: User, language: str) -> User:
    if language not in current_app.config["LANGUAGES"]:
        raise InvalidInput(_l("Unknown language."), field="language")
    before = user.language
    user.language = language
    record(session, user.id, "user.language", "user", user.id, {"language": before}, {"language": language})
    session.commit()
    return user


def _active_admins(session: Session, *, lock: bool) -> list[int]:
    query = select(User.id).where(User.role == "admin", User.active.is_(True)).order_by(User.id)
    return list(session.scalars(query.with_for_update() if lock else query))


def update_role(session: Session, admin: User, user_id: int, role: str, active: bool) -> User:
    """Change an account's role or active flag; at least one active administrator always remains.

    Two administrators demoting each other at the same moment must not both succeed: the active
    administrators' rows are locked (PostgreSQL: SELECT … FOR UPDATE; SQLite: the write lock taken by the
    UPDATE), and the count is checked again after the change, inside the same transaction.
    """
    if role not in ROLES:
        raise InvalidInput(_l("Unknown role."), field="role")
    _active_admins(session, lock=True)
    user = session.get(User, user_id, populate_existing=True)
    if user is None:
        session.rollback()
        raise NotFound(_l("No such user."))
    if user.id == admin.id and (role != "admin" or not active):
        session.rollback()
        raise NotAllowed(_l("You cannot remove your own administrator access."))
    before = {"role": user.role, "active": user.active}
    user.role, user.active = role, active
    user.session_epoch += 1  # a changed role takes effect at once, on every device
    login_sessions.end_all(session, user)
    session.flush()
    if not _active_admins(session, lock=False):
        session.rollback()
        raise NotAllowed(_l("At least one active administrator must remain."))
    record(session, admin.id, "user.role", "user", user.id, before, {"role": role, "active": active})
    session.commit()
    return user


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def password_reset_token(user: User) -> str:
    # The hash fragment makes a token single-use: once the password changes, the token no longer matches.
    return _serializer().dumps({"id": user.id, "h": user.password_hash[-16:]})


def request_password_reset(session: Session, email: str) -> tuple[User, str] | None:
    """A reset token for the account, or None when there is no such active account (caller says nothing)."""
    user = find_by_email(session, email)
    if user is None or not user.active:
        return None
    record(session, user.id, "user.password_reset_requested", "user", user.id)
    session.commit()
    return user, password_reset_token(user)


def user_for_reset_token(session: Session, token: str) -> User:
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except SignatureExpired as exc:
        raise InvalidInput(_l("This reset link has expired. Ask for a new one.")) from exc
    except BadSignature as exc:
        raise InvalidInput(_l("This reset link is not valid. Ask for a new one.")) from exc
    user = session.get(User, data.get("id"))
    if user is None or not user.active or user.password_hash[-16:] != data.get("h"):
        raise InvalidInput(_l("This reset link has already been used. Ask for a new one."))
    return user


def reset_password(session: Session, token: str, new: str) -> User:
    user = user_for_reset_token(session, token)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()  # the link reached its owner: that confirms the address too
    return _replace_password(session, user, new, "user.password_reset")


def _hash_method() -> str:
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")


def _replace_password(session: Session, user: User, new: str, action: str) -> User:
    """Set the new password and sign out every session (the caller signs this device in again)."""
    _check_password_strength(new)
    user.set_password(new, _hash_method())
    user.session_epoch += 1
    login_sessions.end_all(session, user)
    record(session, user.id, action, "user", user.id)
    session.commit()
    return user
