"""The claimant's own pages: my claims, starting a claim, the four steps of the claim form, the receipt.

Following a claim (withdraw, answer, appeal, files, letters) is in claims/web/claimant_follow.py, on the
same blueprint. Every route loads the claim by reference *and* claimant: another person's claim is a 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import load_only

from claims import rules
from claims.db import get_session
from claims.errors import DomainError, InvalidInput
from claims.i18n import won_formatter
from claims.models import Claim, Letter
from claims.services import assessments, claim_history, evidence, filing, outcomes, payouts
from claims.services.incidents import get_incident, rules_incident
from claims.web.claimant_forms import ContactForm, EvidenceForm, ReviewForm
from claims.web.claimant_texts import NEXT_STEP, STEPS
from claims.web.explain import flag_labels, line_views
from claims.web.forms import attach_error
from claims.web.labels import CLAIMANT_TYPE as CLAIMANT_TYPE_LABELS
from claims.web.labels import STATUS as STATUS_LABELS
from claims.web.losses_form import Days, LossesForm
from claims.web.permissions import confirmed_email_required, roles_required

bp = Blueprint("claimant", __name__, url_prefix="/my")


# Built once: every step of the claim form loads its claim with it.
_OWN_CLAIM = select(Claim).where(
    Claim.reference == bindparam("reference"), Claim.claimant_id == bindparam("claimant_id")
)


# The list of a claimant's claims, built once, with the columns its cards show.
_MY_CLAIMS = (
    select(Claim)
    .options(
        load_only(
            Claim.reference,
            Claim.claimant_id,
            Claim.claimant_type,
            Claim.status,
            Claim.filed_at,
            Claim.created_at,
            Claim.amount_claimed,
            Claim.amount_computed,
            Claim.amount_approved,
        )
    )
    .where(Claim.claimant_id == bindparam("claimant_id"))
    .order_by(Claim.created_at.desc())
)


def own_claim(reference: str) -> Claim:
    """The signed-in claimant's claim with this reference, or 404 (never 403: it does not exist for them)."""
    claim = get_session().scalar(_OWN_CLAIM, {"reference": reference, "claimant_id": current_user.id})
    if claim is None:
        abort(404)
    return claim


def flash_uploads(stored, rejected) -> None:
    """One message per file: added, or not added and why."""
    for row in stored:
        flash(_("%(name)s has been added.", name=row.original_name), "success")
    for rejection in rejected:
        message = _("%(name)s was not added: %(reason)s", name=rejection.filename, reason=rejection.reason)
        flash(message, "error")


def _lang() -> str:
    from flask_babel import get_locale

    return str(get_locale())


@bp.get("/claims")
@roles_required("claimant")
def my_claims():
    claims = get_session().scalars(_MY_CLAIMS, {"claimant_id": current_user.id})
    return render_template(
        "claimant/claims.html",
        claims=list(claims),
        allowed=rules.ALLOWED_KINDS,
        # Resolved once per page, not once per claim: lazy labels, the amount format and the signed-in user
        # (a proxy, looked up anew on every attribute) cost more than the rest of a card.
        labels={
            "status": {code: str(label) for code, label in STATUS_LABELS.items()},
            "type": {code: str(label) for code, label in CLAIMANT_TYPE_LABELS.items()},
            "next": {code: str(label) for code, label in NEXT_STEP.items()},
        },
        money=won_formatter(),
        user=current_user._get_current_object(),
    )


@bp.route("/claims/new", methods=["GET", "POST"])
@roles_required("claimant")
@confirmed_email_required
def new_claim():
    claimant_type = request.values.get("type", "")
    estimate = _estimate_for(claimant_type) if request.values.get("from_estimate") else None
    if request.method == "POST":
        situations = request.form.getlist(f"kinds-{claimant_type}") or request.form.getlist("kinds")
        if estimate:
            situations = [*situations, *(item["kind"] for item in estimate["items"])]
        try:
            claim = filing.start_draft(get_session(), current_user, claimant_type, situations)
            if estimate and not claim.items:
                # The quick estimate's losses, carried into the new claim (checked by the rules again).
                filing.save_items(get_session(), claim, current_user, estimate["items"])
                session.pop("estimate", None)
        except DomainError as exc:
            flash(str(exc), "error")
            return redirect(url_for("claimant.new_claim"))
        return redirect(url_for("claimant.edit", reference=claim.reference, step="contact"))
    if claimant_type not in rules.CLAIMANT_TYPES:
        claimant_type = None
    return render_template(
        "claimant/new.html",
        claimant_type=claimant_type,
        allowed=rules.ALLOWED_KINDS,
        estimate_kinds=[item["kind"] for item in estimate["items"]] if estimate else [],
    )


def _estimate_for(claimant_type: str) -> dict | None:
    """The quick estimate made in this browser for this claimant type, if any."""
    estimate = session.get("estimate")
    if isinstance(estimate, dict) and estimate.get("type") == claimant_type and estimate.get("items"):
        return estimate
    return None


@bp.route("/claims/<reference>/edit/<step>", methods=["GET", "POST"])
@roles_required("claimant")
def edit(reference: str, step: str):
    claim = own_claim(reference)
    if step not in STEPS:
        abort(404)
    if step == "review":
        return _review(claim)
    editable = claim.can_edit(current_user) or (claim.can_correct(current_user) and step != "evidence")
    if not editable or (claim.status == "needs_info" and step == "contact"):
        flash(_("This claim can no longer be changed."), "info")
        return redirect(url_for("claimant.detail", reference=claim.reference))
    return {"contact": _contact, "losses": _losses, "evidence": _evidence}[step](claim)


def _next(claim: Claim, step: str):
    if claim.status == "submitted":
        # A correction of a filed claim: the new amount is on the claim page.
        flash(_("Your correction is saved and the amount has been computed again."), "success")
        return redirect(url_for("claimant.detail", reference=claim.reference))
    if claim.status == "needs_info":
        # Corrections while answering a reviewer go back to the answer page.
        return redirect(url_for("claimant.respond", reference=claim.reference))
    # Evidence is optional and chosen on the losses step: from the losses the claimant goes to the review
    # (the evidence step stays in the task list for adding or removing files).
    following = "review" if step == "losses" else STEPS[STEPS.index(step) + 1]
    return redirect(url_for("claimant.edit", reference=claim.reference, step=following))


def _contact(claim: Claim):
    form = ContactForm(claim.claimant_type, obj=claim)
    if form.validate_on_submit():
        try:
            filing.save_contact(get_session(), claim, current_user, form.details())
        except InvalidInput as exc:
            attach_error(form, exc)
        except DomainError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Saved."), "success")
            return _next(claim, "contact")
    return render_template("claimant/step_contact.html", claim=claim, form=form, step="contact")


def _services(incident) -> list[tuple[str, str]]:
    return [(s.code, s.name(_lang())) for s in incident.services]


def _losses_files(claim: Claim, kinds) -> bool:
    """Store the files chosen on the losses step, each group with the kind of loss it shows.

    Done before the rows are checked, so that a typing slip never costs the claimant their chosen files.
    Returns False when a file was refused (the claimant chooses it again).
    """
    ok = True
    for about in (*kinds, None):
        key = f"evidence-{about or 'claim'}"
        uploads = [
            evidence.Upload(f.filename or "", f.stream) for f in request.files.getlist(key) if f.filename
        ]
        if not uploads:
            continue
        try:
            stored, rejected = evidence.add_files(get_session(), claim, current_user.id, uploads, about)
        except DomainError as exc:
            flash(str(exc), "error")
            return False
        flash_uploads(stored, rejected)
        ok = ok and not rejected
    return ok


def _losses(claim: Claim):
    incident = get_incident(get_session(), claim.incident_id)
    show_all = bool(request.values.get("all"))
    what_error = None
    if request.method == "POST":
        form = LossesForm.from_post(claim.claimant_type, request.form, Days.of(incident))
        files_ok = _losses_files(claim, form.kinds) if claim.status in evidence.UPLOAD_STATUSES else True
        what_happened = request.form.get("what_happened", claim.what_happened or "")
        if form.action is None and form.validate(rules_incident(incident)) and files_ok:
            try:
                filing.save_items(get_session(), claim, current_user, form.items())
                filing.save_what_happened(get_session(), claim, current_user, what_happened)
            except InvalidInput as exc:
                what_error = str(exc)
            except DomainError as exc:
                flash(str(exc), "error")
            else:
                flash(_("Saved."), "success")
                return _next(claim, "losses")
    else:
        form = LossesForm.from_items(claim.claimant_type, claim.items)
        form.days = Days.of(incident)
        what_happened = claim.what_happened or ""
    return render_template(
        "claimant/step_losses.html",
        claim=claim,
        form=form,
        services=_services(incident),
        step="losses",
        only=None if show_all or not claim.situations else claim.situations,
        what_happened=what_happened,
        what_error=what_error,
        what_max=filing.WHAT_HAPPENED_MAX,
        accept=evidence.ACCEPT,
        files_by_kind=_files_by_kind(claim) if claim.status in evidence.UPLOAD_STATUSES else None,
    )


def _files_by_kind(claim: Claim) -> dict:
    grouped: dict = {}
    for row in claim.evidence:
        grouped.setdefault(row.about, []).append(row)
    return grouped


def _evidence(claim: Claim):
    form = EvidenceForm()
    if form.validate_on_submit():
        uploads = [
            evidence.Upload(f.filename or "", f.stream) for f in request.files.getlist("files") if f.filename
        ]
        if uploads:
            try:
                stored, rejected = evidence.add_files(get_session(), claim, current_user.id, uploads)
            except DomainError as exc:
                flash(str(exc), "error")
                return redirect(request.path)
            flash_uploads(stored, rejected)
            if rejected or request.form.get("action") == "upload":
                return redirect(request.path)
        elif request.form.get("action") == "upload":
            flash(_("Choose at least one file."), "error")
            return redirect(request.path)
        return _next(claim, "evidence")
    return render_template(
        "claimant/step_evidence.html",
        claim=claim,
        form=form,
        step="evidence",
        accept=evidence.ACCEPT,
        max_files=evidence.MAX_FILES,
    )


def _review(claim: Claim):
    form = ReviewForm()
    if form.validate_on_submit() or (request.method == "POST" and claim.status != "draft"):
        try:
            claim, _filed_now = filing.submit(
                get_session(),
                claim,
                current_user,
                form.submission_key.data or "",
                bool(form.declaration.data),
            )
        except InvalidInput as exc:
            attach_error(form, exc)
            # What was declared is not what is shown now: the box is left for the claimant to tick again.
            form.declaration.data = False
        except DomainError as exc:
            flash(str(exc), "error")
            return redirect(url_for("claimant.detail", reference=claim.reference))
        else:
            return redirect(url_for("claimant.receipt", reference=claim.reference))
    if claim.status != "draft":
        return redirect(url_for("claimant.detail", reference=claim.reference))
    form.submission_key.data = claim.submission_key
    incident = get_incident(get_session(), claim.incident_id)
    assessment = assessments.compute(claim, incident) if claim.items else None
    return render_template(
        "claimant/step_review.html",
        claim=claim,
        form=form,
        step="review",
        missing=filing.missing_for_submission(claim),
        assessment=assessment,
        lines=line_views(assessment.lines, rules_incident(incident), _lang()) if assessment else [],
        flags=flag_labels(assessment.flags, _lang()) if assessment else [],
        services=dict(_services(incident)),
    )


@bp.get("/claims/<reference>/receipt")
@roles_required("claimant")
def receipt(reference: str):
    claim = own_claim(reference)
    if claim.status == "draft":
        return redirect(url_for("claimant.edit", reference=claim.reference, step="review"))
    return render_template("claimant/receipt.html", claim=claim, due=filing.decision_due(claim))


@bp.get("/claims/<reference>")
@roles_required("claimant")
def detail(reference: str):
    claim = own_claim(reference)
    session = get_session()
    incident = get_incident(session, claim.incident_id)
    snapshot = claim.latest_assessment
    if snapshot is not None:
        lines, total, flags = snapshot.lines, snapshot.total, snapshot.flags
    elif claim.items:
        computed = assessments.compute(claim, incident)
        lines, total, flags = computed.lines, computed.total, computed.flags
    else:
        lines, total, flags = [], 0, []
    letters = session.scalars(
        select(Letter).where(Letter.claim_id == claim.id).order_by(Letter.issued_at.desc(), Letter.id.desc())
    ).all()
    latest = letters[0] if letters else None
    views = line_views(lines, rules_incident(incident), _lang())
    return render_template(
        "claimant/detail.html",
        claim=claim,
        lines=views,
        decision=outcomes.decision_in_force(session, claim, _lang()),
        line_titles={view.number - 1: view.title for view in views},
        total=total,
        flags=flag_labels(flags, _lang()),
        info_request=filing.open_info_request(session, claim),
        letters=letters,
        appeal_until=filing.appeal_last_day(latest),
        can_appeal=filing.can_appeal(session, claim, current_user),
        can_withdraw=claim.can_withdraw(current_user),
        services=dict(_services(incident)),
        payout=payouts.standing(session, claim),
        payments=payouts.payments_of(session, claim),
        history=claim_history.claimant_history(session, claim),
    )


from claims.web import claimant_follow, claimant_payout  # noqa: E402,F401  (register their routes on bp)
