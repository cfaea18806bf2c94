"""What happens after a review action is committed: the claimant's e-mail and the decision letter job."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from claims.i18n import won
from claims.mail import send_mail
from claims.models import Claim, User
from claims.urls import public_url

LETTER_JOB = "claims.services.letters.issue_letter"


def _recipient(claim: Claim, claimant: User | None) -> tuple[str | None, str]:
    # Only the account's confirmed address: never one typed into the claim.
    email = claimant.confirmed_email if claimant else None
    return email, (claimant.language if claimant else "ko")


def _claim_link() -> str:
    return public_url("claimant.my_claims")


def _send(claim: Claim, claimant: User | None, subject_body) -> None:
    email, language = _recipient(claim, claimant)
    if not email:
        return
    try:
        with force_locale(language):
            subject, body = subject_body()
            link = _claim_link()
            send_mail(email, subject, body + (f"\n\n{link}\n" if link else "\n"))
    except Exception:  # noqa: BLE001 — the decision stands even if the mail server is down; the log says so
        current_app.logger.exception("could not notify the claimant of %s", claim.reference)


def information_requested(
    claim: Claim, claimant: User | None, message: str, due_on: date, items: list[str]
) -> None:
    from claims.services.reason_codes import INFO_ITEMS

    def text():
        listed = "\n".join(f"- {INFO_ITEMS.get(item, item)}" for item in items)
        subject = _("Claim %(reference)s: we need more information", reference=claim.reference)
        body = _(
            "To decide your claim %(reference)s we need the following by %(due)s:",
            reference=claim.reference,
            due=due_on.isoformat(),
        )
        return subject, f"{body}\n\n{listed}\n\n{message}"

    _send(claim, claimant, text)


def decision_taken(claim: Claim, claimant: User | None) -> None:
    def text():
        subject = _("Claim %(reference)s has been decided", reference=claim.reference)
        body = _(
            "Your claim %(reference)s has been decided. Approved amount: %(amount)s. "
            "The decision letter will be on your claim page.",
            reference=claim.reference,
            amount=won(claim.amount_approved or 0),
        )
        return subject, body

    _send(claim, claimant, text)


def issue_letter_later(claim_id: int) -> bool:
    """Queue the decision letter (inline without Redis); True if it was queued or issued."""
    from claims.jobs import enqueue

    try:
        enqueue(LETTER_JOB, claim_id)
    except Exception:  # noqa: BLE001 — a failed letter must not undo a committed decision; it can be re-run
        current_app.logger.exception("could not issue the letter of claim %s", claim_id)
        return False
    return True


def after_decision(claim: Claim, claimant: User | None) -> None:
    """Everything that follows a decision that took effect (called after the commit).

    The letter's own e-mail tells the claimant the decision and where to download it; only when the letter
    cannot be queued does the claimant get a short decision notice instead (staff can issue it later).
    """
    if not issue_letter_later(claim.id):
        decision_taken(claim, claimant)
