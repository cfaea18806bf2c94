"""Oversight for supervisors (and reviewers, read-only): statistics with charts. Payouts: web/payouts.py."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template
from flask_babel import gettext as _

from claims.db import get_session
from claims.i18n import day, won
from claims.services import stats
from claims.services.incidents import default_incident
from claims.web import review_context, svg_charts
from claims.web.labels import CLAIMANT_TYPE, STATUS
from claims.web.permissions import roles_required
from claims.web.review_forms import REVIEW_LABELS

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
    # The table under the chart writes each day as people do (2022년 10월 15일); the chart keeps "10-15".
    per_day = [(day(date.fromisoformat(str(k))), v) for k, v in figures.per_day]
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
        per_day=per_day,
        per_status=per_status,
        per_type=per_type,
        per_service=per_service,
        per_review=per_review,
        amounts=amounts,
    )
