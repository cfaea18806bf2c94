"""Signed-in sessions kept on the server: a copied cookie stops working once its session is ended.

The browser's (signed) session cookie carries a random token; only its SHA-256 is stored. A session is valid
while its row exists and is younger than LOGIN_SESSION_MAX_AGE; signing out deletes the row, and a password or
role change deletes every row of the person.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from claims.db import utcnow
from claims.models import LoginSession, User


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _oldest_valid():
    return utcnow() - timedelta(seconds=current_app.config["LOGIN_SESSION_MAX_AGE"])


def start(session: Session, user: User) -> str:
    """A new session for `user`; returns the token to put in the cookie. Prunes the person's expired ones."""
    token = secrets.token_urlsafe(32)
    session.execute(
        delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.created_at < _oldest_valid())
    )
    session.add(LoginSession(user_id=user.id, token_hash=_hash(token)))
    session.commit()
    return token


# Every signed-in request runs this query: built once, since building it cost more CPU than running it.
_LIVE_SESSION_USER = (
    select(User)
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(
        User.id == bindparam("user_id"),
        LoginSession.token_hash == bindparam("token_hash"),
        LoginSession.created_at >= bindparam("oldest_valid"),
    )
)


def user_for(session: Session, user_id: int, epoch: str, token: str | None) -> User | None:
    """The user of a live session (one query), or None: unknown token, ended, expired or an old epoch."""
    if not token:
        return None
    user = session.scalar(
        _LIVE_SESSION_USER,
        {"user_id": user_id, "token_hash": _hash(token), "oldest_valid": _oldest_valid()},
    )
    if user is None or str(user.session_epoch) != epoch:
        return None
    return user


def end(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))
        session.commit()


def end_all(session: Session, user: User) -> None:
    """Sign the person out everywhere (inside the caller's transaction; the caller commits)."""
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
