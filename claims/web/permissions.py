"""Who may reach what: role checks for routes and the landing page of each role."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, render_template, url_for
from flask_login import current_user, login_required

LANDING = {
    "claimant": "claimant.my_claims",
    "reviewer": "review.queue",
    "supervisor": "review.approvals",
    "admin": "admin.users",
}


def roles_required(*roles: str):
    """Allow a signed-in user of one of these roles; anyone else signed in gets 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def confirmed_email_required(view):
    """Filing needs a confirmed address: otherwise the page says so and offers to send the link again."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.is_authenticated and not current_user.email_confirmed:
            return render_template("auth/confirm_needed.html"), 403
        return view(*args, **kwargs)

    return wrapped


def landing_url(user) -> str:
    return url_for(LANDING.get(user.role, "public.home"))


def safe_next(target: str | None) -> str | None:
    """A `next` URL only if it stays on this site: a path, with no scheme or host, and no `//` trick."""
    if not target:
        return None
    target = target.replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
