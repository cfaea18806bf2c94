"""The staff side: the review queue, a claim's page with its decisions, and the second-signature queue."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from claims.db import get_session, utcnow
from claims.errors import ClaimConflict, DomainError, InvalidInput
from claims.models import Approval, Claim, Evidence, User
from claims.services import assignments, info_requests, outcomes, review, signal_review
from claims.services import queue as queue_service
from claims.services.evidence import download_name, read_file
from claims.services.incidents import default_incident
from claims.web import history_words, review_context
from claims.web.downloads import file_response
from claims.web.permissions import roles_required
from claims.web.review_forms import (
    ACTION_LABELS,
    FIELD_LABELS,
    FLAG_LABELS,
    OUTCOME_LABELS,
    REVIEW_LABELS,
    SIGNATURE_REASONS,
    ClaimActionForm,
    DecisionForm,
    InfoRequestActionForm,
    InfoRequestForm,
    LockForm,
    QueueFilterForm,
    SignatureForm,
    choices,
    posted_version,
)

bp = Blueprint("review", __name__, url_prefix="/review")

STAFF = ("reviewer", "supervisor")


@bp.app_context_processor
def _review_labels() -> dict:
    return {
        "FLAG_LABELS": FLAG_LABELS,
        "REVIEW_LABELS": REVIEW_LABELS,
        "OUTCOME_LABELS": OUTCOME_LABELS,
        "OUTCOME_WORDS": outcomes.OUTCOME_WORDS,
        "SIGNATURE_REASONS": SIGNATURE_REASONS,
        "FIELD_LABELS": FIELD_LABELS,
        "ACTION_LABELS": ACTION_LABELS,
        "info_item_labels": info_requests.item_labels,
        "now": utcnow(),
    }


def _filters(form: QueueFilterForm) -> queue_service.QueueFilters:
    """The valid filters of the form; a bad value is dropped (and said so) rather than failing the page."""
    if not form.validate():
        flash(_("Some filters were not understood and are ignored."), "error")
    data = {name: (field.data if not field.errors else None) for name, field in form._fields.items()}
    return _filters_from(data)


def _filters_from(data: dict) -> queue_service.QueueFilters:
    return queue_service.QueueFilters(
        status=data["status"] or "open",
        claimant_type=data["claimant_type"] or None,
        service=data["service"] or None,
        kind=data["kind"] or None,
        flag=data["flag"] or None,
        review_status=data["review_status"] or None,
        amount_min=data["amount_min"],
        amount_max=data["amount_max"],
        filed_from=data["filed_from"],
        filed_to=data["filed_to"],
        assigned=data["assigned"] or None,
        overdue=bool(data["overdue"]),
        appeals=bool(data["appeals"]),
        q=(data["q"] or "").strip(),
        sort=data["sort"] or "age",
        page=data["page"] or 1,
    )


# The filter form's HTML by everything it depends on (language, query string, the incident's service names):
# reviewers ask for the same few variants all day, and WTForms renders its ~60 options anew each time (a
# quarter of the queue page's CPU). A form with errors is rendered afresh.
_FILTER_FORMS: dict[tuple, Markup] = {}
_FILTER_FORMS_MAX = 512


def _filter_form_html(form: QueueFilterForm, services: dict[str, str]) -> Markup:
    key = (review_context.language(), tuple(sorted(request.args.items(multi=True))), tuple(services.items()))
    html = _FILTER_FORMS.get(key)
    if html is None:
        html = Markup(render_template("review/_queue_filters.html", form=form))
        if form.errors:
            return html
        if len(_FILTER_FORMS) >= _FILTER_FORMS_MAX:
            _FILTER_FORMS.clear()
        _FILTER_FORMS[key] = html
    return html


@bp.get("/")
@roles_required(*STAFF)
def queue():
    session = get_session()
    form = QueueFilterForm(request.args)
    incident = default_incident(session)
    services = review_context.service_names(incident)
    form.service.choices = choices([("", _("Any")), *services.items()])
    form.kind.choices = choices([("", _("Any")), *review_context.kind_choices()])
    filters = _filters(form)
    result = queue_service.page(session, filters, current_user.id)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    queue_qs = urlencode([(k, v) for k, v in request.args.items() if v])[:1000]
    return render_template(
        "review/queue.html",
        filter_form=_filter_form_html(form, services),
        result=result,
        filters=filters,
        counts=queue_service.status_counts(session, ttl=current_app.config["QUEUE_COUNTS_TTL"]),
        side=queue_service.side_counts(session, ttl=current_app.config["QUEUE_COUNTS_TTL"]),
        services=services,
        kind_labels=dict(review_context.kind_choices()),
        page_args=args,
        queue_qs=queue_qs,
        lock_form=LockForm(formdata=None),
        staff=assignments.assignable_staff(session) if current_user.is_supervisor else [],
        # Labels resolved once per page, not once per row: 50 rows × 5 lazy strings add up at 100,000 claims.
        labels=review_context.resolved_labels(),
        money=review_context.money_formatter(),
        age_format=_("%(days)s d"),
        # Per row, as the template's own _() would write it (the reference escaped), translated once.
        tick_format=Markup(_("Tick %(reference)s")),
        claim_link=_claim_links(queue_qs),
    ), (400 if form.errors else 200)


def _claim_links(queue_qs: str):
    """url_for("review.claim", claim_id=…, queue=queue_qs) for every row of a page, with the route built once
    (fifty url_for calls were a tenth of the queue page's CPU); the id is the only part that changes."""
    path, question_mark, query = url_for("review.claim", claim_id=0, queue=queue_qs or None).partition("?")
    prefix = path.removesuffix("0")
    return lambda claim_id: f"{prefix}{int(claim_id)}{question_mark}{query}"


def _claim_or_404(claim_id: int) -> Claim:
    claim = get_session().get(Claim, claim_id)
    if claim is None or claim.status == "draft":
        abort(404)
    return claim


def _missing_version(claim: Claim):
    """A form that changes a claim came without the claim's version: nothing is changed."""
    get_session().rollback()
    flash(str(review.MISSING_VERSION), "error")
    return _render_claim(claim, status=400)


def _render_claim(
    claim: Claim, decision_form=None, info_form=None, lines=None, status: int = 200, action_form=None
):
    session = get_session()
    context = review_context.detail(session, claim, user=current_user, start=request.args.get("start"))
    if lines is not None:
        context["lines"] = lines  # what the reviewer entered, with the errors next to each line
    decision_form = decision_form or DecisionForm(formdata=None, version=claim.version)
    if info_form is None:
        template = info_requests.TEMPLATES.get(request.args.get("template", ""))
        info_form = InfoRequestForm(
            formdata=None,
            version=claim.version,
            due_on=review.default_due_date(),
            items=list(template.items) if template else [],
            message=str(template.message) if template else "",
        )
    return (
        render_template(
            "review/claim.html",
            decision_form=decision_form,
            info_form=info_form,
            lock_form=ClaimActionForm(formdata=None, version=claim.version),
            signature_form=SignatureForm(formdata=None, version=claim.version),
            action_form=action_form or InfoRequestActionForm(formdata=None, version=claim.version),
            info_templates=info_requests.TEMPLATES,
            queue_args=_queue_args(),
            history_rows=history_words.rows(context["history"], ACTION_LABELS),
            **context,
        ),
        status,
    )


def _queue_args() -> dict[str, str]:
    """The queue's filters the reviewer came from, carried along as one `queue` parameter (a query string)."""
    value = (request.values.get("queue") or "")[:1000]
    return {"queue": value} if value else {}


@bp.get("/claims/<int:claim_id>")
@roles_required(*STAFF)
def claim(claim_id: int):
    return _render_claim(_claim_or_404(claim_id))


@bp.post("/assign")
@roles_required(*STAFF)
def assign_many():
    """Bulk assignment from the queue: the ticked claims to oneself, or (a supervisor) to a reviewer."""
    session = get_session()
    back = url_for("review.queue") + (f"?{q}" if (q := _queue_args().get("queue")) else "")
    if not LockForm().validate_on_submit():
        return redirect(back)
    ids = [int(v) for v in request.form.getlist("claim_ids") if v.isdigit() and len(v) < 10]
    assignee_id = request.form.get("assignee") or ""
    assignee = (
        session.get(User, int(assignee_id))
        if assignee_id.isdigit() and len(assignee_id) < 10
        else session.get(User, current_user.id)
    )
    if not ids or assignee is None:
        flash(_("Tick the claims to assign and choose who takes them."), "error")
        return redirect(back)
    try:
        result = assignments.bulk_assign(session, ids, current_user, assignee)
    except DomainError as exc:
        flash(str(exc), "error")
        return redirect(back)
    if result.assigned:
        flash(
            _(
                "%(count)s claims assigned to %(name)s.",
                count=len(result.assigned),
                name=assignee.display_name,
            ),
            "success",
        )
    if result.skipped:
        listed = ", ".join(f"{reference} ({why})" for reference, why in result.skipped)
        flash(_("Not assigned: %(claims)s", claims=listed), "error")
    return redirect(back)


@bp.get("/claims/<int:claim_id>/evidence/<int:evidence_id>")
@roles_required(*STAFF)
def evidence_file(claim_id: int, evidence_id: int):
    row = get_session().get(Evidence, evidence_id)
    if row is None or row.claim_id != _claim_or_404(claim_id).id or (data := read_file(row)) is None:
        abort(404)
    # Pictures (decoded and re-encoded on upload) open in the browser, sandboxed; PDFs are downloaded.
    return file_response(
        data, row.content_type, download_name(row), inline=row.content_type.startswith("image/")
    )


@bp.post("/claims/<int:claim_id>/assign")
@roles_required(*STAFF)
def assign(claim_id: int):
    claim = _claim_or_404(claim_id)
    form = ClaimActionForm()
    if form.validate_on_submit():
        if (version := posted_version(form)) is None:
            return _missing_version(claim)
        try:
            review.assign(get_session(), claim, current_user, expected_version=version)
            flash(
                _("The claim is yours for the next %(minutes)s minutes.", minutes=_lock_minutes()), "success"
            )
        except DomainError as exc:
            flash(str(exc), "error")
    return redirect(url_for("review.claim", claim_id=claim_id))


def _lock_minutes() -> int:
    return current_app.config["LOCK_MINUTES"]


@bp.post("/claims/<int:claim_id>/release")
@roles_required(*STAFF)
def release(claim_id: int):
    claim = _claim_or_404(claim_id)
    form = ClaimActionForm()
    if form.validate_on_submit():
        if (version := posted_version(form)) is None:
            return _missing_version(claim)
        try:
            review.release(get_session(), claim, current_user, expected_version=version)
            flash(_("The claim is back in the queue."), "success")
        except DomainError as exc:
            flash(str(exc), "error")
    return redirect(url_for("review.claim", claim_id=claim_id))


def _whole_claim(claim: Claim, form: MultiDict) -> MultiDict | None:
    """ "Accept all" / "reject all with one reason": the button sets every line's outcome (and reason);
    None when "reject all" has no reason. Without either button the form is taken as posted."""
    choice = form.get("all")
    if choice not in ("accept", "reject") or claim.latest_assessment is None:
        return form
    reason = form.get("all_reason") or ""
    if choice == "reject" and not reason:
        return None
    data = MultiDict(form)
    for line in claim.latest_assessment.lines:
        prefix = f"line-{line['index']}-"
        data[prefix + "outcome"] = "accepted" if choice == "accept" else "rejected"
        data[prefix + "reason_code"] = reason if choice == "reject" else ""
        data[prefix + "amount"] = ""
    return data


def _queue_filters(query_string: str) -> queue_service.QueueFilters:
    form = QueueFilterForm(MultiDict(parse_qsl(query_string)))
    form.service.choices = choices([("", "")])
    form.validate()
    data = {name: (field.data if not field.errors else None) for name, field in form._fields.items()}
    return _filters_from(data)


def _to_next_claim(claim_id: int):
    """After saving: the next claim of the queue the reviewer came from, with its filters; else that queue."""
    query_string = _queue_args().get("queue", "")
    filters = _queue_filters(query_string)
    next_id = queue_service.next_claim_id(get_session(), filters, current_user.id, claim_id)
    if next_id is not None:
        return redirect(url_for("review.claim", claim_id=next_id, **_queue_args()))
    return redirect(url_for("review.queue") + (f"?{query_string}" if query_string else ""))


def _line_decisions(rows) -> list[review.LineDecision]:
    return [
        review.LineDecision(
            index=row.index,
            outcome=row.form.outcome.data,
            amount=row.form.amount.data,
            reason_code=row.form.reason_code.data or None,
            note=row.form.note.data or "",
        )
        for row in rows
    ]


def _attach_line_error(rows, exc: InvalidInput) -> None:
    for row in rows:
        for field in row.form:
            if field.id == exc.field:
                field.errors = [*field.errors, str(exc)]
                return
    flash(str(exc), "error")


@bp.post("/claims/<int:claim_id>/decide")
@roles_required(*STAFF)
def decide(claim_id: int):
    session = get_session()
    claim = _claim_or_404(claim_id)
    form = DecisionForm()
    formdata = _whole_claim(claim, request.form)
    if formdata is None:
        flash(_("Choose the reason for rejecting every line."), "error")
        return _render_claim(claim, decision_form=form, status=422)
    rows = review_context.line_rows(claim, review_context.detail_incident(session, claim), formdata)
    lines_ok = all([row.form.validate() and row.form.validate_for_outcome() for row in rows])
    valid, version = form.validate_on_submit(), posted_version(form)
    if valid and version is None:
        return _missing_version(claim)
    if not (valid and lines_ok):
        flash(_("The decision was not saved: correct the lines marked below."), "error")
        return _render_claim(claim, decision_form=form, lines=rows, status=422)
    try:
        approval = review.decide(
            session, claim, current_user, version, _line_decisions(rows), form.note.data or ""
        )
    except ClaimConflict as exc:
        flash(str(exc), "error")
        return redirect(url_for("review.claim", claim_id=claim_id))
    except InvalidInput as exc:
        _attach_line_error(rows, exc)
        return _render_claim(claim, decision_form=form, lines=rows, status=422)
    except DomainError as exc:
        flash(str(exc), "error")
        return redirect(url_for("review.claim", claim_id=claim_id))
    if approval is not None:
        flash(_("Saved. The decision waits for a supervisor's second signature."), "success")
    else:
        flash(_("The decision is saved and takes effect."), "success")
    return _to_next_claim(claim_id)


@bp.post("/claims/<int:claim_id>/request-information")
@roles_required(*STAFF)
def request_information(claim_id: int):
    claim = _claim_or_404(claim_id)
    form = InfoRequestForm()
    if not form.validate_on_submit():
        return _render_claim(claim, info_form=form, status=422)
    if (version := posted_version(form)) is None:
        return _missing_version(claim)
    try:
        review.request_information(
            get_session(), claim, current_user, version, form.items.data, form.message.data, form.due_on.data
        )
    except InvalidInput as exc:
        field = getattr(form, exc.field or "", None)
        if field is not None:
            field.errors = [*field.errors, str(exc)]
        else:
            flash(str(exc), "error")
        return _render_claim(claim, info_form=form, status=422)
    except DomainError as exc:
        flash(str(exc), "error")
        return redirect(url_for("review.claim", claim_id=claim_id))
    flash(_("The request is sent to the claimant."), "success")
    return _to_next_claim(claim_id)


@bp.post("/claims/<int:claim_id>/information-request")
@roles_required(*STAFF)
def info_request_action(claim_id: int):
    """Decide for no response, extend, remind or cancel the claim's open information request."""
    session = get_session()
    claim = _claim_or_404(claim_id)
    form = InfoRequestActionForm()
    action = form.action.data or ""
    if not form.validate_on_submit() or action not in info_requests.ACTIONS:
        if action not in info_requests.ACTIONS:
            flash(_("Choose what to do with the request."), "error")
        return _render_claim(claim, action_form=form, status=422)
    version = int(form.version.data) if (form.version.data or "").isdigit() else None
    try:
        if action == "no_response":
            info_requests.decide_no_response(session, claim, current_user, version)
            flash(
                _("The request is closed. Decide the claim: each line starts as rejected for no response."),
                "info",
            )
            return redirect(url_for("review.claim", claim_id=claim_id, start="no_response", **_queue_args()))
        if action == "extend":
            info_requests.extend(session, claim, current_user, version, form.due_on.data)
            flash(_("The due date is changed and the claimant is told."), "success")
        elif action == "remind":
            info_requests.remind(session, claim, current_user, version)
            flash(_("The claimant is reminded by e-mail."), "success")
        else:
            info_requests.cancel(session, claim, current_user, version, form.note.data or "")
            flash(_("The request is cancelled: the claim is back in the review queue."), "success")
    except InvalidInput as exc:
        field = getattr(form, exc.field or "", None)
        if field is not None:
            field.errors = [*field.errors, str(exc)]
            return _render_claim(claim, action_form=form, status=422)
        flash(str(exc), "error")
    except DomainError as exc:
        flash(str(exc), "error")
    return redirect(url_for("review.claim", claim_id=claim_id, **_queue_args()))


@bp.post("/claims/<int:claim_id>/signals/dismiss")
@roles_required(*STAFF)
def dismiss_signal(claim_id: int):
    """Dismiss a signal with a note ("checked: not a duplicate"), kept in the audit log."""
    claim = _claim_or_404(claim_id)
    if LockForm().validate_on_submit():
        version = request.form.get("version", "")
        try:
            signal_review.dismiss(
                get_session(),
                claim,
                current_user,
                int(version) if version.isdigit() and len(version) < 10 else None,
                request.form.get("code", ""),
                (request.form.get("note") or "")[:2000],
            )
            flash(_("The signal is dismissed; your note is in the history."), "success")
        except DomainError as exc:
            flash(str(exc), "error")
    return redirect(url_for("review.claim", claim_id=claim_id, **_queue_args()) + "#signals-title")


@bp.get("/claims/<int:claim_id>/compare")
@roles_required(*STAFF)
def compare(claim_id: int):
    """Two claims side by side (a possible duplicate): `other` is the second claim's id."""
    session = get_session()
    claim = _claim_or_404(claim_id)
    other_id = request.args.get("other", "")
    if not other_id:
        return redirect(url_for("review.claim", claim_id=claim.id))
    if not other_id.isdigit() or len(other_id) > 9:
        abort(404)
    other = _claim_or_404(int(other_id))
    incident = default_incident(session)
    return render_template(
        "review/compare.html",
        pair=[review_context.summary(session, c) for c in (claim, other)],
        services=review_context.service_names(incident),
        kind_labels=dict(review_context.kind_choices()),
    )


@bp.get("/approvals")
@roles_required("supervisor")
def approvals():
    pending = (
        get_session()
        .execute(
            select(Approval, Claim)
            .join(Claim, Claim.id == Approval.claim_id)
            .where(Approval.status == "pending")
            .order_by(Approval.requested_at)
        )
        .all()
    )
    return render_template("review/approvals.html", pending=pending)


def _approval_or_404(approval_id: int) -> Approval:
    approval = get_session().get(Approval, approval_id)
    if approval is None:
        abort(404)
    return approval


@bp.post("/approvals/<int:approval_id>/sign")
@roles_required("supervisor")
def sign(approval_id: int):
    approval = _approval_or_404(approval_id)
    form = SignatureForm()
    if form.validate_on_submit():
        if (version := posted_version(form)) is None:
            return _missing_version(get_session().get(Claim, approval.claim_id))
        try:
            review.sign(get_session(), approval, current_user, form.note.data or "", expected_version=version)
            flash(_("Signed: the decision takes effect."), "success")
            return redirect(url_for("review.approvals"))
        except DomainError as exc:
            flash(str(exc), "error")
    return redirect(url_for("review.claim", claim_id=approval.claim_id))


@bp.post("/approvals/<int:approval_id>/refuse")
@roles_required("supervisor")
def refuse(approval_id: int):
    approval = _approval_or_404(approval_id)
    form = SignatureForm()
    if form.validate_on_submit():
        if (version := posted_version(form)) is None:
            return _missing_version(get_session().get(Claim, approval.claim_id))
        try:
            review.refuse(
                get_session(), approval, current_user, form.note.data or "", expected_version=version
            )
            flash(_("Refused: the claim is back in the review queue."), "success")
            return redirect(url_for("review.approvals"))
        except DomainError as exc:
            flash(str(exc), "error")
    return redirect(url_for("review.claim", claim_id=approval.claim_id))
