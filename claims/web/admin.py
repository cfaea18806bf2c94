"""Administration: staff accounts and roles."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from claims.db import get_session
from claims.errors import InvalidInput
from claims.models import ROLES, User
from claims.services import accounts
from claims.web.auth_forms import StaffUserForm
from claims.web.forms import attach_error
from claims.web.permissions import roles_required
from claims.web.views import handle_domain_errors

bp = Blueprint("admin", __name__, url_prefix="/admin")
handle_domain_errors(bp, back=lambda **_args: url_for("admin.users"))


@bp.route("/users", methods=["GET", "POST"])
@roles_required("admin")
def users():
    session = get_session()
    form = StaffUserForm()
    if form.validate_on_submit():
        try:
            accounts.create_user(
                session,
                email=form.email.data,
                password=form.password.data,
                display_name=form.display_name.data,
                role=form.role.data,
                phone=form.phone.data,
                actor_id=current_user.id,
            )
        except InvalidInput as exc:
            attach_error(form, exc)
        else:
            flash(_("The account has been created."), "success")
            return redirect(url_for("admin.users"))
    staff = session.scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("admin/users.html", form=form, users=staff, roles=ROLES)


@bp.post("/users/<int:user_id>")
@roles_required("admin")
def update_user(user_id: int):
    role = request.form.get("role", "")
    if role not in ROLES:
        abort(400)
    accounts.update_role(get_session(), current_user, user_id, role, request.form.get("active") == "1")
    flash(_("The account has been updated."), "success")
    return redirect(url_for("admin.users"))
