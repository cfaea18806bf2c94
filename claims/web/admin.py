"""Administration: staff accounts and roles."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, or_, select

from claims.db import get_session
from claims.errors import InvalidInput
from claims.models import ROLES, User
from claims.services import accounts
from claims.web.auth_forms import StaffUserForm
from claims.web.forms import MAX_PAGE, attach_error
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
    listing = _listing(session)
    if listing is None:
        abort(400)
    return render_template("admin/users.html", form=form, roles=ROLES, **listing)


PAGE_SIZE = 50
WHO = ("all", "staff", "claimant")


def _listing(session) -> dict | None:
    """One page of accounts, staff first (then by role and e-mail), searched by e-mail or name; None for a
    page number or filter out of range. Reads PAGE_SIZE + 1 rows, never every claimant account."""
    q = (request.args.get("q") or "").strip()[:100]
    who = request.args.get("who") or "all"
    raw_page = request.args.get("page") or "1"
    if (
        who not in WHO
        or not raw_page.isdigit()
        or not 1 <= int(raw_page[:7]) <= MAX_PAGE
        or len(raw_page) > 7
    ):
        return None
    number = int(raw_page)
    query = select(User)
    if who == "staff":
        query = query.where(User.role != "claimant")
    elif who == "claimant":
        query = query.where(User.role == "claimant")
    if q:
        pattern = "%" + q.replace("\\", "").replace("%", "").replace("_", "") + "%"
        query = query.where(or_(User.email.ilike(pattern), User.display_name.ilike(pattern)))
    query = query.order_by(case((User.role == "claimant", 1), else_=0), User.role, User.email, User.id)
    rows = session.scalars(query.offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    args = {k: v for k, v in (("q", q), ("who", who if who != "all" else "")) if v}
    return {
        "users": rows[:PAGE_SIZE],
        "page": number,
        "has_next": len(rows) > PAGE_SIZE,
        "q": q,
        "who": who,
        "page_args": args,
    }


@bp.post("/users/<int:user_id>")
@roles_required("admin")
def update_user(user_id: int):
    role = request.form.get("role", "")
    if role not in ROLES:
        abort(400)
    accounts.update_role(get_session(), current_user, user_id, role, request.form.get("active") == "1")
    flash(_("The account has been updated."), "success")
    return redirect(url_for("admin.users"))
