"""Oversight for supervisors (and reviewers, read-only): statistics with charts, and the payout export."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from claims.db import get_session
from claims.errors import DomainError
from claims.i18n import won
from claims.models import PayoutBatch
from claims.services import payouts, stats
from claims.services.incidents import default_incident
from claims.web import review_context, svg_charts
from claims.web.labels import CLAIMANT_TYPE, STATUS
from claims.web.permissions import roles_required
from claims.web.review_forms import REVIEW_LABELS, LockForm

bp = Blueprint("oversight", __name__, url_prefix="/oversight")


@bp.get("/stats", endpoint="stats")
@roles_required("reviewer", "supervisor")
def stats_page():
    session = get_session()
    figures = stats.overview(session)
    services = review_context.service_names(default_incident(session))
    per_status = [
        (str(STATUS.get(k, k)), v) for k, v in sorted(figures.per_status.items(), key=lambda kv: -kv[1])
    ]
    per_type = [(str(CLAIMANT_TYPE.get(k, k)), v) for k, v in figures.per_type.items()]
    per_service = [(services.get(k, k), v) for k, v in figures.per_service]
    per_review = [(str(REVIEW_LABELS.get(k, _("Not triaged"))), v) for k, v in figures.per_review.items()]
    amounts = [
        (_("Claimed"), figures.amounts["claimed"]),
        (_("Computed"), figures.amounts["computed"]),
        (_("Approved"), figures.amounts["approved"]),
    ]
    charts = {
        "per_day": svg_charts.column_chart("chart-day", _("Claims filed per day"), figures.per_day),
        "per_status": svg_charts.bar_chart("chart-status", _("Claims per status"), per_status),
        "per_type": svg_charts.bar_chart("chart-type", _("Claims per claimant type"), per_type),
        "per_service": svg_charts.bar_chart("chart-service", _("Claims per service"), per_service),
        "per_review": svg_charts.bar_chart("chart-review", _("Automatic and manual review"), per_review),
        "amounts": svg_charts.bar_chart("chart-amounts", _("Amounts"), amounts, fmt=won),
    }
    return render_template(
        "oversight/stats.html",
        figures=figures,
        charts=charts,
        per_status=per_status,
        per_type=per_type,
        per_service=per_service,
        per_review=per_review,
        amounts=amounts,
    )


@bp.get("/payouts", endpoint="payouts")
@roles_required("supervisor")
def payouts_page():
    session = get_session()
    count, total = payouts.payable_summary(session)
    return render_template(
        "oversight/payouts.html", count=count, total=total, batches=payouts.batches(session), form=LockForm()
    )


@bp.post("/payouts/export")
@roles_required("supervisor")
def export():
    if not LockForm().validate_on_submit():
        abort(400)
    try:
        batch = payouts.export(get_session(), current_user)
    except DomainError as exc:
        flash(str(exc), "error")
        return redirect(url_for("oversight.payouts"))
    flash(
        _(
            "Batch %(id)s: %(count)s claims, %(total)s, marked paid.",
            id=batch.id,
            count=batch.claim_count,
            total=won(batch.total),
        ),
        "success",
    )
    return redirect(url_for("oversight.payouts"))


@bp.get("/payouts/<int:batch_id>.csv")
@roles_required("supervisor")
def download(batch_id: int):
    batch = get_session().get(PayoutBatch, batch_id)
    if batch is None:
        abort(404)
    return Response(
        payouts.csv_bytes(batch),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="payout-batch-{batch.id}.csv"'},
    )
