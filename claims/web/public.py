"""Pages for everyone: the home page and the language switch (health checks: claims/web/health.py)."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from claims.db import get_session
from claims.i18n import LANG_COOKIE
from claims.services import accounts, incidents
from claims.web.permissions import safe_next

bp = Blueprint("public", __name__)

ONE_YEAR = 365 * 24 * 3600


@bp.get("/")
def home():
    from claims.rules.policy import DEFAULT_POLICY
    from claims.services.assessments import policy
    from claims.services.filing import DECISION_DAYS
    from claims.services.letter_contents import PAYOUT_DAYS

    incident = incidents.default_incident(get_session())
    return render_template(
        "public/home.html",
        incident=incident,
        # The shipped policy as the assessments read it (parsed once per process; the file ships with the
        # code): parsing its YAML on every visit was four fifths of the home page's CPU.
        caps=policy(DEFAULT_POLICY).claim_caps,
        decision_days=DECISION_DAYS,
        payout_days=PAYOUT_DAYS,
    )


@bp.get("/privacy")
def privacy():
    """개인정보 처리방침: what is collected, why, for how long, who sees it, and the claimant's rights."""
    from claims.services import confirmation

    return render_template(
        "public/privacy.html",
        retention_years=confirmation.RETENTION_YEARS,
        consent_version=confirmation.PRIVACY_CONSENT_VERSION,
    )


@bp.get("/accessibility")
def accessibility():
    """The accessibility statement: the standard aimed at, how it is checked, what is known not to work."""
    return render_template("public/accessibility.html")


@bp.post("/language")
def switch_language():
    """Remember the chosen language: on the account when signed in, in a cookie always."""
    language = request.form.get("language", "")
    target = safe_next(request.form.get("next")) or url_for("public.home")
    if language not in current_app.config["LANGUAGES"]:
        return redirect(target)
    if current_user.is_authenticated:
        accounts.set_language(get_session(), current_user, language)
    response = redirect(target)
    response.set_cookie(
        LANG_COOKIE,
        language,
        max_age=ONE_YEAR,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
    )
    return response
