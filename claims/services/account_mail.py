"""E-mails about an account itself: confirm the address, "you already have an account", reset the password.

Links come from PUBLIC_BASE_URL (claims.urls), never from the request. Each message is written in the
account's language.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from claims.mail import send_mail
from claims.models import User
from claims.services.confirmation import confirmation_token
from claims.urls import public_url


def send_confirmation(user: User) -> None:
    link = public_url("auth.confirm", token=confirmation_token(user))
    with force_locale(user.language or "ko"):
        subject = _("Confirm your e-mail address")
        body = render_template("auth/confirm_email.txt", user=user, link=link)
    send_mail(user.email, subject, body)


def send_already_registered(user: User) -> None:
    """Someone registered with an address that has an account: tell its owner, not the visitor."""
    with force_locale(user.language or "ko"):
        subject = _("You already have an account")
        body = render_template(
            "auth/already_registered_email.txt",
            user=user,
            login=public_url("auth.login"),
            reset=public_url("auth.reset_request"),
        )
    send_mail(user.email, subject, body)


def send_password_reset(user: User, token: str) -> None:
    with force_locale(user.language or "ko"):
        subject = _("Reset your password")
        body = render_template("auth/reset_email.txt", user=user, link=public_url("auth.reset", token=token))
    send_mail(user.email, subject, body)
