"""Signing in and out, registering as a claimant, confirming the e-mail address, and recovering a password.

Nothing here tells a visitor whether an address has an account: a failed sign-in says the same (and takes the
same time) for known and unknown addresses, and registration and reset always answer "we have sent an e-mail".
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from claims.db import get_session
from claims.errors import InvalidInput
from claims.extensions import limiter
from claims.i18n import LANG_COOKIE
from claims.services import account_mail, accounts, confirmation
from claims.web.auth_forms import LoginForm, RegisterForm, ResetForm, ResetRequestForm
from claims.web.forms import attach_error
from claims.web.permissions import landing_url, safe_next
from claims.web.sessions import sign_in, sign_out

bp = Blueprint("auth", __name__)


def _limit(name: str):
    return lambda: current_app.config[name]


def _account_key() -> str:
    """Sign-in attempts are also counted per account (the address typed), whoever sends them."""
    return "login-account:" + accounts.normalise_email(request.form.get("email", ""))[:254]


def _failed(response) -> bool:
    return response.status_code != 302  # a successful sign-in redirects


def _user_key() -> str:
    return f"user:{current_user.get_id()}" if current_user.is_authenticated else request.remote_addr or ""


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_limit("LOGIN_RATE_LIMIT"), methods=["POST"])
@limiter.limit(
    _limit("LOGIN_ACCOUNT_RATE_LIMIT"), key_func=_account_key, methods=["POST"], deduct_when=_failed
)
def login():
    if current_user.is_authenticated:
        return redirect(landing_url(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(get_session(), form.email.data, form.password.data)
        if user is not None:
            chosen = request.cookies.get(LANG_COOKIE)
            if chosen in current_app.config["LANGUAGES"] and chosen != user.language:
                # A language picked on this device just before signing in is the person's latest choice.
                accounts.set_language(get_session(), user, chosen)
            sign_in(user)
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return redirect(safe_next(request.args.get("next")) or landing_url(user))
        flash(_("The e-mail address or the password is not right."), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    sign_out()
    flash(_("You have signed out."), "success")
    return redirect(url_for("public.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_limit("REGISTER_RATE_LIMIT"), methods=["POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            outcome = accounts.register_claimant(
                get_session(),
                email=form.email.data,
                password=form.password.data,
                display_name=form.display_name.data,
                phone=form.phone.data,
                language=form.language.data,
                privacy_consent_version=confirmation.PRIVACY_CONSENT_VERSION,
            )
        except InvalidInput as exc:
            attach_error(form, exc)
        else:
            if outcome.created:
                account_mail.send_confirmation(outcome.user)
            else:
                account_mail.send_already_registered(outcome.user)
            # Where the person was going when they chose to register (from the sign-in page): kept for the
            # sign-in that follows the confirmation link, in this browser.
            wanted = safe_next(request.args.get("next"))
            if wanted:
                session["after_register"] = wanted
            return redirect(url_for("auth.check_email"))
    return render_template(
        "auth/register.html",
        form=form,
        retention_years=confirmation.RETENTION_YEARS,
        consent_version=confirmation.PRIVACY_CONSENT_VERSION,
    )


@bp.get("/register/sent")
def check_email():
    return render_template("auth/check_email.html")


@bp.get("/confirm/<token>")
def confirm(token: str):
    try:
        user = confirmation.confirm_email(get_session(), token)
    except InvalidInput as exc:
        flash(str(exc), "error")
        return redirect(url_for("auth.login"))
    flash(_("Your e-mail address is confirmed."), "success")
    wanted = safe_next(session.pop("after_register", None))
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(wanted or landing_url(user))
    return redirect(url_for("auth.login", next=wanted) if wanted else url_for("auth.login"))


@bp.post("/confirm/resend")
@login_required
@limiter.limit(_limit("CONFIRM_RATE_LIMIT"), key_func=_user_key)
def resend_confirmation():
    if current_user.email_confirmed:
        flash(_("Your e-mail address is already confirmed."), "info")
    else:
        account_mail.send_confirmation(current_user)
        flash(_("We have sent a new link to %(email)s.", email=current_user.email), "success")
    return redirect(safe_next(request.form.get("next")) or landing_url(current_user))


@bp.route("/password/reset", methods=["GET", "POST"])
@limiter.limit(_limit("RESET_RATE_LIMIT"), methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        found = accounts.request_password_reset(get_session(), form.email.data)
        if found:
            account_mail.send_password_reset(*found)
        # The same answer whether or not the account exists, so the form cannot be used to probe addresses.
        flash(_("If an account uses that address, we have sent it a link to reset the password."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    try:
        accounts.user_for_reset_token(get_session(), token)
    except InvalidInput as exc:
        flash(str(exc), "error")
        return redirect(url_for("auth.reset_request"))
    form = ResetForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(get_session(), token, form.password.data)
        except InvalidInput as exc:
            attach_error(form, exc)
        else:
            flash(_("Your password has been changed. Sign in with the new one."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)
