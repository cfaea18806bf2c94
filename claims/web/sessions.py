"""Signing a browser in and out: a new session and CSRF token at each sign-in, ended server-side at sign-out.

The session cookie is Flask's signed cookie; it holds the user id with the account's session epoch and a
random token whose hash is a row in `login_sessions` (claims.services.login_sessions). Whatever the browser
held before signing in (a planted session, an old CSRF token) is discarded.
"""

from __future__ import annotations

from flask import session as cookie
from flask_login import login_user, logout_user

from claims.db import get_session
from claims.models import User
from claims.services import login_sessions

TOKEN_KEY = "sid"


def sign_in(user: User) -> None:
    cookie.clear()  # rotates the CSRF token too: Flask-WTF makes a new one on the next form
    cookie[TOKEN_KEY] = login_sessions.start(get_session(), user)
    login_user(user)


def sign_out() -> None:
    login_sessions.end(get_session(), cookie.get(TOKEN_KEY))
    logout_user()
    cookie.clear()


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user of a live server-side session whose epoch still matches."""
    uid, _sep, epoch = user_id.partition(":")
    if not uid.isdigit() or len(uid) > 10:
        return None
    return login_sessions.user_for(get_session(), int(uid), epoch, cookie.get(TOKEN_KEY))
