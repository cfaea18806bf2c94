"""Supervisors compare two policies over every claim, draft a policy with changed parameters, and adopt a
draft with a second supervisor's signature."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from claims.db import get_session
from claims.errors import InvalidInput
from claims.services import comparison, policies, reassess
from claims.services.incidents import default_incident
from claims.web import review_context, svg_charts
from claims.web.permissions import roles_required
from claims.web.review_forms import LockForm
from claims.web.views import handle_domain_errors

bp = Blueprint("policies", __name__, url_prefix="/steer/policies")
handle_domain_errors(bp, back=lambda **_kw: url_for("policies.compare"))


@bp.context_processor
def _labels():
    return {"kind_labels": dict(review_context.kind_choices())}


def _run(a: str, b: str, keep_rows: bool = False) -> comparison.Comparison:
    session = get_session()
    incident = default_incident(session)
    if incident is None:
        abort(404)
    return comparison.compare(
        session,
        incident,
        policies.resolve(session, a),
        policies.resolve(session, b),
        current_app.config["APPROVAL_LIMIT"],
        keep_rows=keep_rows,
    )


@bp.get("", endpoint="compare")
@roles_required("supervisor")
def compare():
    session = get_session()
    a, b = request.args.get("a", "as-paid-2022")[:64], request.args.get("b", "fair-2022")[:64]
    result = _run(a, b) if request.args.get("a") and request.args.get("b") else None
    chart = None
    if result is not None:
        chart = svg_charts.bar_chart(
            "chart-diff", _("Claims by difference per claim (B − A, KRW)"), result.histogram
        )
    return render_template(
        "steer/policies.html",
        choices=policies.choices(session),
        versions=policies.versions(session),
        a=a,
        b=b,
        result=result,
        chart=chart,
        form=LockForm(),
    )


@bp.get("/compare.csv", endpoint="compare_csv")
@roles_required("supervisor")
def compare_csv():
    a, b = request.args.get("a", "as-paid-2022")[:64], request.args.get("b", "fair-2022")[:64]
    result = _run(a, b, keep_rows=True)
    return Response(
        comparison.csv_text(result),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="compare-{a}-{b}.csv"'},
    )


@bp.route("/draft", methods=["GET", "POST"], endpoint="draft")
@roles_required("supervisor")
def draft():
    session = get_session()
    base = request.values.get("base", "fair-2022")[:64]
    base_policy = policies.resolve(session, base)
    fields = policies.parameter_fields(base_policy)
    values = {f.path: f.value for f in fields}
    references = {f.path: f.reference for f in fields}
    errors: dict[str, str] = {}
    form = LockForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        # A field left out of the post keeps the base's value (the page always posts them all).
        values.update(
            {f.path: request.form[f"v-{f.path}"][:2000] for f in fields if f"v-{f.path}" in request.form}
        )
        references.update(
            {f.path: request.form[f"r-{f.path}"][:500] for f in fields if f"r-{f.path}" in request.form}
        )
        try:
            row = policies.create_draft(
                session, base, values, references, request.form.get("note", "")[:2000], current_user.id
            )
        except InvalidInput as exc:
            session.rollback()
            field = next((f.path for f in fields if (exc.field or "").startswith(f.path)), exc.field or "")
            errors[field] = str(exc)
            flash(str(exc), "error")
        else:
            flash(_("Draft %(id)s saved. A second supervisor can adopt it.", id=row.policy_id), "success")
            return redirect(url_for("policies.compare", a=base, b=row.policy_id))
    return render_template(
        "steer/draft.html",
        base=base,
        fields=fields,
        values=values,
        references=references,
        errors=errors,
        form=form,
    )


@bp.post("/<policy_id>/adopt", endpoint="adopt")
@roles_required("supervisor")
def adopt(policy_id: str):
    if not LockForm().validate_on_submit():
        abort(400)
    session = get_session()
    row = policies.adopt(session, policy_id[:64], current_user)
    run = reassess.start(
        session, default_incident(session), "policy", current_user.id, policy_id=row.policy_id
    )
    flash(
        _("Policy %(id)s adopted; the claims not yet decided are being reassessed.", id=row.policy_id),
        "success",
    )
    return redirect(url_for("windows.run", run_id=run.id))
