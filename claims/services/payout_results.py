"""What happens to a transfer after it is sent: the bank's results (by hand or from its result file), a
bounced transfer's account correction, and a supervisor's settlement of an overpayment. All audited.

A failed or returned transfer is due again only once the account is corrected — by the claimant, asked by
e-mail, on their claim page, or by a supervisor. A result file is applied whole or not at all.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.banks import BANKS, account_digits, is_valid_account
from claims.db import utcnow
from claims.errors import ClaimConflict, InvalidInput, NotAllowed
from claims.i18n import won
from claims.mail import send_mail
from claims.models import Claim, Payment, PayoutBatch, User
from claims.models.payout import BOUNCED, RESULTS_FROM
from claims.services.audit import claim_event, claim_events
from claims.services.payouts import PAYABLE_STATUSES, standing
from claims.urls import public_url

RESULTS = ("confirmed", "failed", "returned")
RESULT_FILE_MAX = 2 * 1024 * 1024
# Words banks put in the status column, mapped to ours.
_STATUS_WORDS = {
    "confirmed": "confirmed",
    "ok": "confirmed",
    "success": "confirmed",
    "완료": "confirmed",
    "정상": "confirmed",
    "failed": "failed",
    "fail": "failed",
    "실패": "failed",
    "returned": "returned",
    "return": "returned",
    "반환": "returned",
    "반송": "returned",
}


@dataclass(frozen=True)
class Result:
    reference: str
    status: str  # confirmed | failed | returned
    reason: str = ""
    line: int | None = None  # the line of the result file it came from


def _require_supervisor(user: User) -> None:
    if not user.is_supervisor:
        raise NotAllowed(_l("Only a supervisor can do this."))


def _at_line(result: Result, message: str) -> InvalidInput:
    if result.line is None:
        return InvalidInput(message)
    return InvalidInput(
        _("Line %(line)s: %(problem)s Nothing was recorded.", line=result.line, problem=message)
    )


def parse_result_file(data: bytes) -> list[Result]:
    """The bank's result file: CSV (UTF-8, with or without a byte-order mark) with the columns reference,
    status and reason (a header line is optional). Raises InvalidInput naming the first bad line."""
    if len(data) > RESULT_FILE_MAX:
        raise InvalidInput(_l("The result file is too large."))
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            _l("The result file is not UTF-8 text. Save it as CSV (UTF-8) and upload it again.")
        ) from exc
    results = []
    for number, row in enumerate(csv.reader(io.StringIO(content)), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and cells[0].lower() == "reference":
            continue
        if len(cells) < 2 or not cells[0]:
            raise InvalidInput(
                _("Line %(line)s: expected reference, status and reason. Nothing was recorded.", line=number)
            )
        status = _STATUS_WORDS.get(cells[1].lower())
        if status is None:
            raise InvalidInput(
                _(
                    "Line %(line)s: unknown status “%(status)s” (use confirmed, failed or returned). "
                    "Nothing was recorded.",
                    line=number,
                    status=cells[1][:40],
                )
            )
        results.append(Result(cells[0].lstrip("'"), status, cells[2] if len(cells) > 2 else "", number))
    if not results:
        raise InvalidInput(_l("The result file has no results in it."))
    return results


def record_results(
    session: Session, batch: PayoutBatch, supervisor: User, results: list[Result], now: datetime | None = None
) -> list[Payment]:
    """Apply the bank's results to the batch's transfers, all or none; returns the transfers that bounced.
    The claimants of bounced transfers are asked by e-mail to correct their account (after the commit)."""
    _require_supervisor(supervisor)
    if batch.sent_at is None:
        raise NotAllowed(_l("Mark the batch sent before recording the bank's results."))
    now = now or utcnow()
    by_reference = {payment.reference: payment for payment in batch.payments}
    seen: set[str] = set()
    for result in results:  # check everything first: a bad line changes nothing
        payment = by_reference.get(result.reference)
        if payment is None:
            raise _at_line(
                result, _("No transfer %(reference)s in this batch.", reference=result.reference[:40])
            )
        if result.reference in seen:
            raise _at_line(result, _("%(reference)s appears twice.", reference=result.reference))
        seen.add(result.reference)
        if result.status not in RESULTS_FROM.get(payment.state, ()):
            raise _at_line(
                result,
                _(
                    "%(reference)s is %(state)s and cannot become %(result)s.",
                    reference=result.reference,
                    state=payment.state,
                    result=result.status,
                ),
            )
        if result.status in BOUNCED and not result.reason.strip():
            raise _at_line(result, _("Give the bank's reason for %(reference)s.", reference=result.reference))
    bounced, changes = [], []
    for result in results:
        payment = by_reference[result.reference]
        before = {"state": payment.state}
        payment.state = result.status
        payment.reason = result.reason.strip()[:500]
        payment.settled_at, payment.settled_by_id = now, supervisor.id
        after = {"reference": payment.reference, "state": result.status, "amount": payment.amount}
        changes.append((result.status, payment.claim_id, before, after | {"reason": payment.reason}))
        if result.status in BOUNCED:
            bounced.append(payment)
    for status in RESULTS:  # one INSERT per kind of result, however long the bank's file
        claim_events(
            session,
            supervisor.id,
            f"payout.{status}",
            [(claim_id, before, after) for kind, claim_id, before, after in changes if kind == status],
        )
    session.commit()
    for payment in bounced:
        ask_for_account(session, session.get(Claim, payment.claim_id), payment)
    return bounced


def ask_for_account(session: Session, claim: Claim, payment: Payment) -> None:
    """E-mail the claimant (confirmed address only): the transfer bounced, the account needs correcting."""
    user = session.get(User, claim.claimant_id)
    email = user.confirmed_email if user is not None else None
    if not email:
        return
    try:
        with force_locale(user.language):
            subject = _("Claim %(reference)s: we could not pay you", reference=claim.reference)
            body = _(
                "The bank could not transfer %(amount)s for your claim %(reference)s (%(reason)s). "
                "Check your bank account on your claim page and correct it; "
                "we pay again once it is corrected.",
                amount=won(payment.amount),
                reference=claim.reference,
                reason=payment.reason,
            )
            link = public_url("claimant.payout_account", reference=claim.reference)
            send_mail(email, subject, f"{body}\n\n{link}\n")
    except Exception:  # noqa: BLE001 — the results stand even if the mail server is down; the log says so
        current_app.logger.exception("could not ask for the account of %s", claim.reference)


def may_correct_account(session: Session, claim: Claim, user: User) -> bool:
    """The claimant or a supervisor, while a bounced transfer waits for a corrected account."""
    if not (claim.is_own(user) or getattr(user, "is_supervisor", False)):
        return False
    return standing(session, claim).blocked


def correct_account(
    session: Session,
    claim: Claim,
    user: User,
    expected_version: int | None,
    bank: str,
    account: str,
    holder: str,
    now: datetime | None = None,
) -> Claim:
    """Correct the payout account after a bounced transfer; the amount is due again in the next batch."""
    if not (claim.is_own(user) or user.is_supervisor):
        raise NotAllowed(_l("Only the claimant or a supervisor can correct the account."))
    if expected_version is None or int(expected_version) != claim.version:
        raise ClaimConflict(_l("The claim changed since you opened this page. Reload it and try again."))
    if bank not in BANKS:
        raise InvalidInput(_l("Choose your bank from the list."), field="bank")
    if not is_valid_account(account):
        raise InvalidInput(_l("Enter the account number: 10 to 14 digits, hyphens allowed."), field="account")
    holder = (holder or "").strip()
    if not holder or len(holder) > 100:
        raise InvalidInput(_l("Enter the account holder's name."), field="holder")
    waiting = [
        p
        for p in session.scalars(
            select(Payment).where(Payment.claim_id == claim.id, Payment.state.in_(BOUNCED))
        )
        if p.account_corrected_at is None
    ]
    if not waiting:
        raise NotAllowed(_l("No payment on this claim is waiting for a corrected account."))
    now = now or utcnow()
    claim.payout_bank, claim.payout_account, claim.payout_holder = bank, account.strip(), holder
    for payment in waiting:
        payment.account_corrected_at = now
    # Payout accounts are personal data: the audit log records that they changed, not their value.
    claim_event(
        session,
        user.id,
        "payout.account_corrected",
        claim,
        None,
        {
            "payments": [p.reference for p in waiting],
            "by": "claimant" if claim.is_own(user) else "staff",
            "account_ends": account_digits(account)[-4:],
        },
    )
    session.commit()
    return claim


def settle_recovery(
    session: Session,
    claim: Claim,
    supervisor: User,
    outcome: str,
    amount: int,
    note: str,
    now: datetime | None = None,
) -> Payment:
    """Record that an overpayment was recovered from the claimant, or written off; both need a note."""
    _require_supervisor(supervisor)
    if outcome not in ("recovered", "written_off"):
        raise InvalidInput(_l("Choose recovered or written off."), field="outcome")
    if claim.status not in PAYABLE_STATUSES:
        raise NotAllowed(_l("This claim has no decision in force to settle against."))
    open_amount = standing(session, claim).to_recover
    if amount <= 0 or amount > open_amount:
        raise InvalidInput(
            _("Enter an amount between 1 and %(amount)s.", amount=won(open_amount)), field="amount"
        )
    note = (note or "").strip()
    if not note:
        raise InvalidInput(_l("Write a note: how it was recovered, or why it is written off."), field="note")
    now = now or utcnow()
    count = len(list(session.scalars(select(Payment.id).where(Payment.claim_id == claim.id))))
    payment = Payment(
        reference=f"{claim.reference}-R{count + 1}",
        batch_id=None,
        claim_id=claim.id,
        kind="recovery",
        state=outcome,
        amount=amount,
        reason=note[:500],
        created_at=now,
        created_by_id=supervisor.id,
        settled_at=now,
        settled_by_id=supervisor.id,
    )
    session.add(payment)
    claim_event(
        session,
        supervisor.id,
        f"payout.recovery_{outcome}",
        claim,
        {"to_recover": open_amount},
        {"reference": payment.reference, "amount": amount, "note": payment.reason},
    )
    session.commit()
    return payment
