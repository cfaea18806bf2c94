"""A signed-in person's own account: password change."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from claims.db import get_session
from claims.errors import InvalidInput
from claims.services import accounts
from claims.web.auth_forms import PasswordChangeForm
from claims.web.forms import attach_error
from claims.web.permissions import landing_url
from claims.web.sessions import sign_in

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            # The real object, not the proxy: sign_in() below must not store current_user in itself.
            user = accounts.change_password(
                get_session(),
                current_user._get_current_object(),
                form.current_password.data,
                form.password.data,
            )
        except InvalidInput as exc:
            attach_error(form, exc)
        else:
            sign_in(user)  # every session ended with the old password: this device starts a new one
            flash(_("Your password has been changed."), "success")
            return redirect(landing_url(user))
    return render_template("account/password.html", form=form)
