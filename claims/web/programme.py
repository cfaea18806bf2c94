"""Programme reports for supervisors: backlog and ageing, throughput, reasons, appeals, reviewers — charts
drawn on the server, the same figures as tables, and a CSV of each."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from claims.db import get_session, utcnow
from claims.i18n import won
from claims.services import programme, reason_codes
from claims.services.filing import DECISION_DAYS
from claims.web import svg_charts
from claims.web.labels import STATUS
from claims.web.permissions import roles_required
from claims.web.review_context import language

bp = Blueprint("programme", __name__, url_prefix="/oversight/reports")

AGE_LABELS = {
    "0-7": _l("Up to 7 days"),
    "8-14": _l("8 to 14 days"),
    f"15-{DECISION_DAYS}": _l("15 to %(days)s days", days=DECISION_DAYS),
    "overdue": _l("Past the promised decision date"),
}
APPEAL_LABELS = {
    "raised": _l("Amount raised"),
    "unchanged": _l("Decision unchanged"),
    "lowered": _l("Amount lowered"),
    "open": _l("Not yet decided"),
}
REPORTS = ("backlog", "throughput", "reasons", "appeals", "reviewers")


def _reason_label(code: str) -> str:
    found = reason_codes.get(code)
    return found.label(language()) if found else code


def tables() -> dict[str, tuple[list[str], list[list[object]]]]:
    """Each report as (header, rows): what the page's tables and the CSV files show."""
    session = get_session()
    backlog = programme.backlog(session, utcnow())
    appeals = programme.appeal_rows(session)
    ages = list(programme.AGE_BUCKETS)
    result = {
        "backlog": (
            [_("Status"), *[str(AGE_LABELS[a]) for a in ages], _("Total")],
            [
                [str(STATUS.get(status, status)), *[row.get(a, 0) for a in ages], sum(row.values())]
                for status, row in sorted(backlog.ageing_per_status.items())
            ],
        ),
        "throughput": (
            [_("Week (Monday, KST)"), _("Claims filed"), _("Decided by staff"), _("Decided automatically")],
            [list(row) for row in programme.throughput(session)],
        ),
        "reasons": (
            [_("Reason"), _("Code"), _("Lines rejected"), _("Claims")],
            [
                [_reason_label(code), code, lines, claims]
                for code, lines, claims in programme.reason_mix(session)
            ],
        ),
        "appeals": (
            [_("Outcome"), _("Appeals"), _("Net change of approved amounts (won)")],
            [
                [str(APPEAL_LABELS[o]), n, delta]
                for o, (n, delta) in programme.appeal_outcomes(session, appeals).items()
            ],
        ),
        "reviewers": (
            [
                _("Reviewer"),
                _("Decisions"),
                _("Lines decided"),
                _("Adjusted (%)"),
                _("Rejected (%)"),
                _("Appealed"),
                _("Overturned on appeal"),
                _("Overturn rate (%)"),
                _("Second signatures asked"),
                _("Refused (%)"),
            ],
            [
                [
                    r.name,
                    r.decisions,
                    r.lines,
                    r.adjust_rate,
                    r.reject_rate,
                    r.appealed,
                    r.overturned,
                    r.overturn_rate,
                    r.approvals,
                    r.refusal_rate,
                ]
                for r in programme.reviewers(session, appeals)
            ],
        ),
    }
    return result | {"_backlog": backlog}  # type: ignore[operator]


@bp.get("/", endpoint="reports")
@roles_required("supervisor")
def reports_page():
    data = tables()
    backlog = data.pop("_backlog")
    ages = [(str(AGE_LABELS[a]), backlog.ageing.get(a, 0)) for a in programme.AGE_BUCKETS]
    weeks = data["throughput"][1]
    charts = {
        "ageing": svg_charts.bar_chart("chart-ageing", _("Backlog by age since filing"), ages),
        "throughput": svg_charts.column_chart(
            "chart-throughput", _("Decisions per week"), [(str(w), s + a) for w, _f, s, a in weeks]
        ),
        "reasons": svg_charts.bar_chart(
            "chart-reasons", _("Rejected lines per reason"), [(r[0], r[2]) for r in data["reasons"][1]]
        ),
        "appeals": svg_charts.bar_chart(
            "chart-appeals", _("Appeal outcomes"), [(r[0], r[1]) for r in data["appeals"][1]]
        ),
        "reviewers": svg_charts.bar_chart(
            "chart-reviewers",
            _("Adjusted lines per reviewer (%)"),
            [(r[0], r[3]) for r in data["reviewers"][1]],
            fmt=lambda v: f"{v:.1f}%",
        ),
    }
    return render_template(
        "oversight/reports.html",
        backlog=backlog,
        oldest=programme.oldest_overdue(get_session()),
        now=utcnow(),
        charts=charts,
        tables=data,
        decision_days=DECISION_DAYS,
        won=won,
    )


@bp.get("/csv", endpoint="report_csv")
@roles_required("supervisor")
def report_csv():
    name = request.args.get("report", "backlog")
    if name not in REPORTS:
        abort(404)
    header, rows = tables()[name]
    return Response(
        programme.csv_bytes(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="programme-{name}.csv"'},
    )
