"""Supervisors correct downtime windows: edit with an impact preview, save a version, follow the
reassessment, compare any two versions, and deal with the decided claims a correction would change."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.validators import ValidationError

from claims.db import get_session
from claims.errors import InvalidInput
from claims.models import ReassessmentRun
from claims.services import reassess, windows
from claims.services.incidents import default_incident
from claims.web import review_context, windows_form
from claims.web.forms import attach_error, bounded_id
from claims.web.permissions import roles_required
from claims.web.review_forms import LockForm
from claims.web.views import get_or_404, handle_domain_errors

bp = Blueprint("windows", __name__, url_prefix="/steer/windows")
handle_domain_errors(bp, back=lambda **_kw: url_for("windows.decided"))


@bp.context_processor
def _labels():
    return {"kind_labels": dict(review_context.kind_choices())}


def _incident():
    incident = default_incident(get_session())
    if incident is None:
        abort(404)
    return incident


@bp.route("", methods=["GET", "POST"], endpoint="edit")
@roles_required("supervisor")
def edit():
    session = get_session()
    incident = _incident()
    codes = [s.code for s in incident.services]
    form = windows_form.WindowsForm()
    impact = None
    if request.method == "POST" and form.validate_on_submit():
        proposal, rows, ok = windows_form.parse(request.form, set(codes))
        try:
            if not ok:
                raise ValidationError
            if request.form.get("action") == "save":
                version = windows.save(
                    session, incident, proposal, form.reason.data, form.source.data, current_user.id
                )
                run = reassess.start(session, default_incident(session), "windows", current_user.id)
                flash(_("Windows version %(v)s saved; open claims are being reassessed.", v=version.version))
                return redirect(url_for("windows.run", run_id=run.id))
            impact = windows.preview(session, incident, proposal)
            rows = windows_form.rows_of(proposal, codes)  # a split shows as its two parts
        except ValidationError:
            flash(_("Some rows need a correction; see the messages next to them."), "error")
        except InvalidInput as exc:
            session.rollback()
            attach_error(form, exc)
    elif request.method == "POST":
        abort(400)
    else:
        rows = windows_form.rows_of(windows.current_windows(incident), codes)
    return render_template(
        "steer/windows.html",
        incident=incident,
        form=form,
        rows=rows,
        services=incident.services,
        impact=impact,
        levels=windows_form.LEVEL_LABELS,
        runs=reassess.latest_runs(session, 5),
    )


@bp.get("/versions", endpoint="versions")
@roles_required("supervisor")
def versions():
    session = get_session()
    incident = _incident()
    rows = windows.versions(session, incident.id)
    a, b = bounded_id(request.args.get("a")), bounded_id(request.args.get("b"))
    impact = windows.compare_versions(session, incident, a, b) if a and b and a != b else None
    return render_template("steer/versions.html", incident=incident, versions=rows, a=a, b=b, impact=impact)


@bp.get("/runs/<int:run_id>", endpoint="run")
@roles_required("supervisor")
def run(run_id: int):
    row = get_or_404(ReassessmentRun, run_id)
    return render_template("steer/run.html", run=row)


@bp.get("/decided", endpoint="decided")
@roles_required("supervisor")
def decided():
    return render_template(
        "steer/decided.html", changes=reassess.pending_changes(get_session()), form=LockForm()
    )


@bp.post("/decided/<int:change_id>/reopen", endpoint="reopen")
@roles_required("supervisor")
def reopen(change_id: int):
    if not LockForm().validate_on_submit():
        abort(400)
    claim = reassess.reopen(get_session(), change_id, current_user)
    flash(_("Claim %(ref)s is back in the review queue.", ref=claim.reference), "success")
    return redirect(url_for("windows.decided"))


@bp.post("/decided/<int:change_id>/leave", endpoint="leave")
@roles_required("supervisor")
def leave(change_id: int):
    if not LockForm().validate_on_submit():
        abort(400)
    reassess.leave(get_session(), change_id, request.form.get("note", "")[:2000], current_user)
    flash(_("The decision stays as it is; your note is in the claim's history."), "success")
    return redirect(url_for("windows.decided"))
