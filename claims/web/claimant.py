"""The claimant's own pages: the list of their claims."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from claims.db import get_session
from claims.models import Claim
from claims.web.permissions import roles_required

bp = Blueprint("claimant", __name__, url_prefix="/my")


@bp.get("/claims")
@roles_required("claimant")
def my_claims():
    claims = get_session().scalars(
        select(Claim).where(Claim.claimant_id == current_user.id).order_by(Claim.created_at.desc())
    )
    return render_template("claimant/claims.html", claims=list(claims))
