"""The payout ledger for supervisors: what is due, batches for the bank (file and summary), the bank's
results, recovery items, and correcting the account of a transfer that bounced."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from claims.db import get_session
from claims.errors import InvalidInput
from claims.i18n import won
from claims.models import Claim, Payment, PayoutBatch
from claims.models.payout import TRANSFER_STATES
from claims.services import payout_results, payouts
from claims.web.forms import attach_error
from claims.web.payout_forms import (
    KIND_LABELS,
    RESULT_LABELS,
    STATE_LABELS,
    AccountForm,
    ActionForm,
    RecoveryForm,
    ResultFileForm,
    ResultForm,
    save_account,
)
from claims.web.permissions import roles_required
from claims.web.views import get_or_404, handle_domain_errors

bp = Blueprint("payouts", __name__, url_prefix="/oversight/payouts")
NO_STORE = {"Cache-Control": "no-store"}
# Transfers listed on a batch page (the bank file has them all; a state filter narrows the list).
PAGE_ROWS = 500


def _back(batch_id: int | None = None, payment_id: int | None = None, **_args) -> str:
    if payment_id is not None:
        payment = get_session().get(Payment, payment_id)
        batch_id = payment.batch_id if payment is not None else None
    if batch_id is not None:
        return url_for("payouts.batch", batch_id=batch_id)
    return url_for("payouts.index")


handle_domain_errors(bp, back=_back)


@bp.app_template_global("payout_standing")
def _payout_standing(claim: Claim) -> payouts.Balance:
    """Where a claim stands in the ledger, for the claim pages of staff."""
    return payouts.standing(get_session(), claim)


@bp.context_processor
def _labels() -> dict:
    return {"STATE_LABELS": STATE_LABELS, "KIND_LABELS": KIND_LABELS, "RESULT_LABELS": RESULT_LABELS}


@bp.get("", endpoint="index")
@roles_required("supervisor")
def index():
    session = get_session()
    count, total = payouts.payable_summary(session)
    return render_template(
        "payouts/index.html",
        count=count,
        total=total,
        due=payouts.due_list(session, limit=200),
        batches=payouts.batches(session),
        recoveries=payouts.recoveries(session),
        blocked=payouts.blocked_payments(session),
        form=ActionForm(),
    )


@bp.post("/export")
@roles_required("supervisor")
def export():
    if not ActionForm().validate_on_submit():
        abort(400)
    batch = payouts.export(get_session(), current_user)
    flash(
        _(
            "Batch %(id)s exported: %(count)s transfers, %(total)s. Download the bank file, send it, "
            "then mark the batch sent.",
            id=batch.id,
            count=batch.claim_count,
            total=won(batch.total),
        ),
        "success",
    )
    return redirect(url_for("payouts.batch", batch_id=batch.id))


@bp.get("/batches/<int:batch_id>")
@roles_required("supervisor")
def batch(batch_id: int):
    row = get_or_404(PayoutBatch, batch_id)
    state = request.args.get("state")
    state = state if state in TRANSFER_STATES else None
    session = get_session()
    return render_template(
        "payouts/batch.html",
        batch=row,
        state=state,
        summary=payouts.summary(session, row),
        payments=payouts.batch_payments(session, row, state, limit=PAGE_ROWS),
        page_rows=PAGE_ROWS,
        form=ActionForm(),
        file_form=ResultFileForm(),
    )


@bp.get("/<int:batch_id>.csv")
@roles_required("supervisor")
def download(batch_id: int):
    row = get_or_404(PayoutBatch, batch_id)
    return Response(
        payouts.csv_bytes(row),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="payout-batch-{row.id}.csv"', **NO_STORE},
    )


@bp.get("/<int:batch_id>-summary.csv")
@roles_required("supervisor")
def summary_file(batch_id: int):
    row = get_or_404(PayoutBatch, batch_id)
    return Response(
        payouts.summary_bytes(row),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="payout-batch-{row.id}-summary.csv"',
            **NO_STORE,
        },
    )


@bp.post("/batches/<int:batch_id>/sent")
@roles_required("supervisor")
def mark_sent(batch_id: int):
    row = get_or_404(PayoutBatch, batch_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    payouts.mark_sent(get_session(), row, current_user)
    flash(_("Batch %(id)s is marked sent: its transfers count as paid.", id=row.id), "success")
    return redirect(url_for("payouts.batch", batch_id=row.id))


@bp.post("/batches/<int:batch_id>/results")
@roles_required("supervisor")
def upload_results(batch_id: int):
    row = get_or_404(PayoutBatch, batch_id)
    form = ResultFileForm()
    if not form.validate_on_submit():
        flash(_("Choose the bank's result file (CSV) to upload."), "error")
        return redirect(url_for("payouts.batch", batch_id=row.id))
    results = payout_results.parse_result_file(form.file.data.read(payout_results.RESULT_FILE_MAX + 1))
    bounced = payout_results.record_results(get_session(), row, current_user, results)
    flash(
        _(
            "%(count)s results recorded; %(bounced)s transfers bounced.",
            count=len(results),
            bounced=len(bounced),
        ),
        "success",
    )
    return redirect(url_for("payouts.batch", batch_id=row.id))


@bp.post("/payments/<int:payment_id>/result")
@roles_required("supervisor")
def record_result(payment_id: int):
    payment = get_or_404(Payment, payment_id, where=lambda p: p.batch_id is not None)
    form = ResultForm()
    if not form.validate_on_submit():
        flash(_("Choose the bank's result."), "error")
        return redirect(url_for("payouts.batch", batch_id=payment.batch_id))
    if form.state.data != payment.state:
        flash(_("This transfer changed since the page was loaded; nothing was recorded."), "error")
        return redirect(url_for("payouts.batch", batch_id=payment.batch_id))
    result = payout_results.Result(payment.reference, form.status.data, form.reason.data or "")
    payout_results.record_results(get_session(), payment.batch, current_user, [result])
    flash(
        _("%(reference)s: %(result)s.", reference=payment.reference, result=RESULT_LABELS[result.status]),
        "success",
    )
    return redirect(url_for("payouts.batch", batch_id=payment.batch_id))


@bp.route("/claims/<int:claim_id>/recovery", methods=["GET", "POST"])
@roles_required("supervisor")
def settle(claim_id: int):
    session = get_session()
    claim = get_or_404(Claim, claim_id)
    standing = payouts.standing(session, claim)
    form = RecoveryForm(expected=str(standing.to_recover), amount=standing.to_recover or None)
    if form.validate_on_submit():
        if form.expected.data != str(standing.to_recover):
            flash(
                _("The amount to recover changed since the page was loaded. Check it and try again."), "error"
            )
            return redirect(url_for("payouts.settle", claim_id=claim.id))
        try:
            payout_results.settle_recovery(
                session, claim, current_user, form.outcome.data, form.amount.data, form.note.data
            )
        except InvalidInput as exc:
            session.rollback()
            attach_error(form, exc)
        else:
            flash(_("The recovery of %(reference)s is recorded.", reference=claim.reference), "success")
            return redirect(url_for("payouts.index"))
    return render_template(
        "payouts/settle.html",
        claim=claim,
        standing=standing,
        payments=payouts.payments_of(session, claim),
        form=form,
    )


@bp.route("/claims/<int:claim_id>/account", methods=["GET", "POST"])
@roles_required("supervisor")
def correct_account(claim_id: int):
    session = get_session()
    claim = get_or_404(Claim, claim_id)
    form = AccountForm(version=str(claim.version), holder=claim.payout_holder)
    if save_account(session, claim, current_user, form):
        flash(
            _(
                "The account of %(reference)s is corrected; the amount is due in the next batch.",
                reference=claim.reference,
            ),
            "success",
        )
        return redirect(url_for("payouts.index"))
    return render_template(
        "payouts/account.html",
        claim=claim,
        payments=payouts.payments_of(session, claim),
        may_correct=payout_results.may_correct_account(session, claim, current_user),
        form=form,
    )
