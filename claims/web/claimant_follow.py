"""Following a claim: withdraw it, answer a request for information, appeal, and fetch files and letters.

Files and letters are served to the claim's claimant and to staff only; anyone else gets a 404.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from claims.db import get_session
from claims.errors import DomainError, InvalidInput
from claims.models import Claim, Evidence, Letter
from claims.services import evidence, filing
from claims.web.claimant import bp, flash_uploads, own_claim
from claims.web.claimant_forms import AppealForm, DiscardForm, InfoReplyForm, WithdrawForm
from claims.web.downloads import file_response
from claims.web.forms import attach_error
from claims.web.permissions import roles_required
from claims.web.review_forms import posted_version


def _viewable_claim(reference: str) -> Claim:
    """The claim for its claimant or for staff; 404 for anyone else."""
    claim = get_session().scalar(select(Claim).where(Claim.reference == reference))
    if claim is None or not claim.can_view(current_user):
        abort(404)
    return claim


@bp.route("/claims/<reference>/withdraw", methods=["GET", "POST"])
@roles_required("claimant")
def withdraw(reference: str):
    claim = own_claim(reference)
    # On a POST the version is the one the page showed (never filled in here: a missing one is refused).
    form = WithdrawForm() if request.method == "POST" else WithdrawForm(version=claim.version)
    if form.validate_on_submit():
        if (version := posted_version(form)) is None:
            flash(_("This form is out of date. Open it again from your claim page."), "error")
            return render_template("claimant/withdraw.html", claim=claim, form=form), 400
        try:
            filing.withdraw(get_session(), claim, current_user, expected_version=version)
        except DomainError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Your claim has been withdrawn."), "success")
        return redirect(url_for("claimant.detail", reference=claim.reference))
    return render_template("claimant/withdraw.html", claim=claim, form=form)


@bp.route("/claims/<reference>/discard", methods=["GET", "POST"])
@roles_required("claimant")
def discard(reference: str):
    claim = own_claim(reference)
    form = DiscardForm()
    if form.validate_on_submit():
        try:
            filing.discard_draft(get_session(), claim, current_user)
        except DomainError as exc:
            flash(str(exc), "error")
            return redirect(url_for("claimant.detail", reference=claim.reference))
        flash(_("The draft %(reference)s has been discarded.", reference=reference), "success")
        return redirect(url_for("claimant.my_claims"))
    return render_template("claimant/discard.html", claim=claim, form=form)


@bp.route("/claims/<reference>/respond", methods=["GET", "POST"])
@roles_required("claimant")
def respond(reference: str):
    claim = own_claim(reference)
    session = get_session()
    info_request = filing.open_info_request(session, claim)
    if claim.status != "needs_info" or info_request is None:
        flash(_("There is no open request for information on this claim."), "info")
        return redirect(url_for("claimant.detail", reference=claim.reference))
    form = InfoReplyForm() if request.method == "POST" else InfoReplyForm(version=claim.version)
    status, valid, version = 200, form.validate_on_submit(), posted_version(form)
    if valid and version is None:  # a form without the claim's version changes nothing
        flash(_("This form is out of date. Open it again from your claim page."), "error")
        status, form.version.data = 400, str(claim.version)
    elif valid:
        # The files chosen on this page travel with the reply: one submit, nothing left behind.
        uploads = [
            evidence.Upload(f.filename or "", f.stream) for f in request.files.getlist("files") if f.filename
        ]
        try:
            _claim, rejected = filing.answer_info_request(
                session, claim, current_user, form.reply.data, uploads, expected_version=version
            )
        except InvalidInput as exc:
            attach_error(form, exc)
        except DomainError as exc:
            flash(str(exc), "error")
        else:
            if rejected:
                flash_uploads([], rejected)
                flash(_("Your answer has not been sent yet. Choose the files again and send it."), "error")
            else:
                flash(
                    _("Thank you. Your answer has been sent and your claim is back with the reviewer."),
                    "success",
                )
                return redirect(url_for("claimant.detail", reference=claim.reference))
    return render_template(
        "claimant/respond.html",
        claim=claim,
        form=form,
        info_request=info_request,
        asks_for_document=filing.asks_for_document(info_request),
        accept=evidence.ACCEPT,
    ), status


@bp.post("/claims/<reference>/files")
@roles_required("claimant")
def upload(reference: str):
    """Add files while answering a request (the draft's evidence step has its own form)."""
    claim = own_claim(reference)
    uploads = [
        evidence.Upload(f.filename or "", f.stream) for f in request.files.getlist("files") if f.filename
    ]
    try:
        stored, rejected = evidence.add_files(get_session(), claim, current_user.id, uploads)
    except DomainError as exc:
        flash(str(exc), "error")
    else:
        flash_uploads(stored, rejected)
    back = "claimant.respond" if claim.status == "needs_info" else "claimant.detail"
    if claim.status == "draft":
        return redirect(url_for("claimant.edit", reference=claim.reference, step="evidence"))
    return redirect(url_for(back, reference=claim.reference))


@bp.post("/claims/<reference>/files/<int:evidence_id>/delete")
@roles_required("claimant")
def delete_file(reference: str, evidence_id: int):
    claim = own_claim(reference)
    if not any(e.id == evidence_id for e in claim.evidence):
        abort(404)
    try:
        row = evidence.remove_file(get_session(), claim, current_user.id, evidence_id)
    except DomainError as exc:
        flash(str(exc), "error")
    else:
        flash(_("%(name)s has been removed.", name=row.original_name), "success")
    if claim.status == "needs_info":
        return redirect(url_for("claimant.respond", reference=claim.reference))
    return redirect(url_for("claimant.edit", reference=claim.reference, step="evidence"))


@bp.get("/claims/<reference>/files/<int:evidence_id>")
@login_required
def download_file(reference: str, evidence_id: int):
    claim = _viewable_claim(reference)
    row = get_session().scalar(
        select(Evidence).where(Evidence.id == evidence_id, Evidence.claim_id == claim.id)
    )
    data = evidence.read_file(row) if row is not None else None
    if data is None:
        abort(404)
    # Always a download, never shown inline: an uploaded file must not run in the portal's origin.
    return file_response(data, row.content_type, evidence.download_name(row))


@bp.get("/claims/<reference>/letters/<int:letter_id>")
@login_required
def download_letter(reference: str, letter_id: int):
    claim = _viewable_claim(reference)
    letter = get_session().scalar(select(Letter).where(Letter.id == letter_id, Letter.claim_id == claim.id))
    if letter is None:
        abort(404)
    return file_response(letter.pdf, "application/pdf", f"{claim.reference}-{letter.language}.pdf")


@bp.route("/claims/<reference>/appeal", methods=["GET", "POST"])
@roles_required("claimant")
def appeal(reference: str):
    claim = own_claim(reference)
    session = get_session()
    if not filing.can_appeal(session, claim, current_user):
        flash(_("This decision can no longer be appealed."), "info")
        return redirect(url_for("claimant.detail", reference=claim.reference))
    form = AppealForm() if request.method == "POST" else AppealForm(version=claim.version)
    status, valid, version = 200, form.validate_on_submit(), posted_version(form)
    if valid and version is None:  # a form without the claim's version changes nothing
        flash(_("This form is out of date. Open it again from your claim page."), "error")
        status, form.version.data = 400, str(claim.version)
    elif valid:
        uploads = [
            evidence.Upload(f.filename or "", f.stream) for f in request.files.getlist("files") if f.filename
        ]
        try:
            filing.appeal(session, claim, current_user, form.reason.data, uploads, expected_version=version)
        except InvalidInput as exc:
            attach_error(form, exc)
        except DomainError as exc:
            flash(str(exc), "error")
        else:
            flash(
                _("Your appeal has been filed. A different reviewer will look at your claim again."),
                "success",
            )
            return redirect(url_for("claimant.detail", reference=claim.reference))
    letter = filing.latest_letter(session, claim)
    return render_template(
        "claimant/appeal.html",
        claim=claim,
        form=form,
        letter=letter,
        deadline=filing.appeal_last_day(letter),
        accept=evidence.ACCEPT,
    ), status
