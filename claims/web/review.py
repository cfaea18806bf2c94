"""The staff side: the review queue and the supervisor's second-signature queue."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import func, select

from claims.db import get_session
from claims.models import Approval, Claim
from claims.web.permissions import roles_required

bp = Blueprint("review", __name__, url_prefix="/review")

PAGE_SIZE = 50


@bp.get("/")
@roles_required("reviewer", "supervisor")
def queue():
    session = get_session()
    status = request.args.get("status") or None
    page = max(request.args.get("page", 1, type=int), 1)
    counts = dict(session.execute(select(Claim.status, func.count()).group_by(Claim.status)).all())
    query = select(Claim).where(Claim.status != "draft")
    if status:
        query = query.where(Claim.status == status)
    claims = session.scalars(
        query.order_by(Claim.filed_at, Claim.id).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)
    ).all()
    return render_template(
        "review/queue.html",
        claims=claims[:PAGE_SIZE],
        has_next=len(claims) > PAGE_SIZE,
        page=page,
        status=status,
        counts=counts,
    )


@bp.get("/approvals")
@roles_required("supervisor")
def approvals():
    pending = get_session().execute(
        select(Approval, Claim)
        .join(Claim, Claim.id == Approval.claim_id)
        .where(Approval.status == "pending")
        .order_by(Approval.requested_at)
    ).all()
    return render_template("review/approvals.html", pending=pending)
