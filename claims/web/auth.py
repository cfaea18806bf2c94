"""Signing in and out, registering as a claimant, and recovering a password."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from claims.db import get_session
from claims.errors import InvalidInput
from claims.extensions import limiter
from claims.i18n import LANG_COOKIE
from claims.mail import send_mail
from claims.services import accounts
from claims.web.auth_forms import LoginForm, RegisterForm, ResetForm, ResetRequestForm
from claims.web.forms import attach_error
from claims.web.permissions import landing_url, safe_next

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
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
            login_user(user)
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return redirect(safe_next(request.args.get("next")) or landing_url(user))
        flash(_("The e-mail address or the password is not right."), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("You have signed out."), "success")
    return redirect(url_for("public.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                get_session(),
                email=form.email.data,
                password=form.password.data,
                display_name=form.display_name.data,
                phone=form.phone.data,
                language=form.language.data,
            )
        except InvalidInput as exc:
            attach_error(form, exc)
        else:
            login_user(user)
            flash(_("Your account is ready. You can file a claim now."), "success")
            return redirect(landing_url(user))
    return render_template("auth/register.html", form=form)


@bp.route("/password/reset", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        found = accounts.request_password_reset(get_session(), form.email.data)
        if found:
            user, token = found
            link = url_for("auth.reset", token=token, _external=True)
            send_mail(
                user.email,
                _("Reset your password"),
                render_template("auth/reset_email.txt", user=user, link=link),
            )
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
