"""The claimant's side of the payout ledger: correcting the bank account after a transfer bounced."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from claims.db import get_session
from claims.errors import DomainError
from claims.services import payout_results, payouts
from claims.web.claimant import bp, own_claim
from claims.web.payout_forms import AccountForm, save_account
from claims.web.permissions import roles_required


@bp.route("/claims/<reference>/payout-account", methods=["GET", "POST"])
@roles_required("claimant")
def payout_account(reference: str):
    claim = own_claim(reference)
    session = get_session()
    if not payout_results.may_correct_account(session, claim, current_user):
        flash(_("Your account does not need correcting: no payment is waiting for it."), "info")
        return redirect(url_for("claimant.detail", reference=claim.reference))
    form = AccountForm(version=str(claim.version), holder=claim.payout_holder)
    try:
        saved = save_account(session, claim, current_user, form)
    except DomainError as exc:
        flash(str(exc), "error")
        return redirect(url_for("claimant.payout_account", reference=claim.reference))
    if saved:
        flash(_("Thank you. Your account is corrected; we will pay again in the next batch."), "success")
        return redirect(url_for("claimant.detail", reference=claim.reference))
    bounced = [p for p in payouts.payments_of(session, claim) if p.blocks_payment]
    return render_template("claimant/payout_account.html", claim=claim, form=form, bounced=bounced)
