"""Decision letters: issuing one per decision (the background job), previews, the due list, verification
and bulk progress. What a letter says is built in claims.services.letter_contents."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from claims import storage
from claims.db import get_session, utcnow
from claims.i18n import KST
from claims.letters import LetterData, render_letter
from claims.mail import send_mail
from claims.models import AuditEvent, Claim, Letter, User
from claims.services.audit import claim_event, record
from claims.services.letter_contents import (
    CODE_LENGTH,
    current_letter,
    letter_date,
    letter_parts,
    public_url,
)
from claims.services.letter_signing import signer
from claims.services.lifecycle import transition
from claims.services.references import random_code

JOB = "claims.services.letters.issue_letter"
# Without Redis the dashboard's button renders in the request: a bounded batch keeps the request short.
INLINE_BATCH = 200


def letter_data(session: Session, claim: Claim, language: str | None = None) -> LetterData:
    """What the letter of the claim's decision in force says, in `language` (default: the claimant's):
    the issued letter's data once it is issued, a preview's before."""
    return letter_parts(session, claim, language).data


def preview_letter(session: Session, claim: Claim, language: str | None = None) -> bytes:
    """A staff preview of the letter of the decision in force: marked as a preview on every page, without
    verification code, QR code or signature. Nothing is written."""
    data = letter_data(session, claim, language)
    return render_letter(replace(data, preview=True, verification_code="", verify_url=""))


# ---- issuing ----------------------------------------------------------------------------------------------


def pending_claims(session: Session) -> list[Claim]:
    """Decided claims whose decision has no letter yet, oldest decision first."""
    return list(
        session.scalars(
            select(Claim).where(Claim.status == "decided").order_by(Claim.decided_at, Claim.id)
        ).all()
    )


def _new_code(session: Session) -> str:
    """A verification code no letter has: every issued letter has its own."""
    code = random_code(CODE_LENGTH)
    while session.scalar(select(exists().where(Letter.verification_code == code))):
        code = random_code(CODE_LENGTH)
    return code


def build_letter(session: Session, claim: Claim, language: str) -> Letter:
    """Render and sign the letter of the claim's current decision into a new, unsaved Letter row (no status
    change). The signature is made with the portal's key (claims.services.letter_signing)."""
    parts = letter_parts(session, claim, language, code=_new_code(session))
    data = parts.data
    pdf = signer().sign(render_letter(data))
    return Letter(
        claim_id=claim.id,
        verification_code=data.verification_code,
        language=data.language,
        sha256=hashlib.sha256(pdf).hexdigest(),
        stored_name=storage.put_pending(session, storage.new_key("letters", ".pdf"), pdf, "application/pdf"),
        decision=data.decision,
        total=data.total_approved,
        issued_at=utcnow(),
        issued_on=data.issued_on,
        replaces_id=parts.previous.id if parts.previous is not None else None,
    )


def issue_letter(claim_id: int, actor_id: int | None = None) -> Letter | None:
    """The background job: give a decided claim its letter, once. Returns the letter in force (or None).

    Idempotent: a claim that is not `decided` (its letter was issued already, or it is still in review)
    is left as it is. Two workers racing on one claim: the second's commit fails the claim's version check
    and it returns the first's letter.
    """
    session = get_session()
    claim = session.get(Claim, claim_id, populate_existing=True)
    if claim is None:
        return None
    if claim.status != "decided":
        letter = current_letter(session, claim)
        if letter is not None and claim.status == "letter_issued" and not _told(session, letter):
            # The job that issued it was stopped between its commit and its e-mail: send the e-mail now.
            _notify(claim, session.get(User, claim.claimant_id), letter)
        return letter
    claimant = session.get(User, claim.claimant_id)
    letter = build_letter(session, claim, claimant.language if claimant is not None else "ko")
    session.add(letter)
    before = transition(claim, "letter_issued")
    session.flush()
    after = {
        "status": claim.status,
        "letter": letter.id,
        "sha256": letter.sha256,
        "language": letter.language,
        "replaces": letter.replaces_id,
    }
    claim_event(session, actor_id, "letter.issue", claim, {"status": before}, after)
    try:
        session.commit()
    except (StaleDataError, IntegrityError):
        session.rollback()
        return current_letter(session, session.get(Claim, claim_id, populate_existing=True))
    _notify(claim, claimant, letter)
    return letter


def _notify(claim: Claim, claimant: User | None, letter: Letter) -> None:
    """E-mail the claimant that the letter is ready (after the commit: a mail failure keeps the letter)."""
    email = claimant.confirmed_email if claimant is not None else None  # confirmed addresses only
    if not email:
        return
    try:
        with force_locale(letter.language):
            subject = gettext(
                "Your decision letter for claim %(reference)s is ready", reference=claim.reference
            )
            body = gettext(
                "The decision letter for your claim %(reference)s is ready. Download it from your claim "
                "page:\n%(link)s\n\nTo check that a letter is genuine, enter its verification code %(code)s "
                "at %(verify)s",
                reference=claim.reference,
                link=public_url("claimant.detail", reference=claim.reference),
                code=letter.verification_code,
                verify=public_url("letters.verify_form"),
            )
        send_mail(email, subject, body + "\n")
        # Remembered, so that a retried job neither sends it twice nor skips it.
        session = get_session()
        record(session, None, "letter.notify", "letter", letter.id, None, {"claim": claim.id})
        session.commit()
    except Exception:  # noqa: BLE001 — the letter is issued; the claimant still sees it on the claim page
        current_app.logger.exception(
            "could not tell the claimant of %s that the letter is ready", claim.reference
        )


def _told(session: Session, letter: Letter) -> bool:
    """Whether the claimant was e-mailed about this letter."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    AuditEvent.action == "letter.notify",
                    AuditEvent.object_type == "letter",
                    AuditEvent.object_id == str(letter.id),
                )
            )
        )
    )


def issue_pending(session: Session, actor_id: int | None) -> tuple[int, bool]:
    """Queue a letter job for every due claim (RQ), or issue a batch now without Redis.

    Returns (how many were queued or issued, whether they went to the background queue).
    """
    from claims.jobs import enqueue, queued_in_background

    background = queued_in_background()
    ids = [claim.id for claim in pending_claims(session)]
    if not background:
        ids = ids[:INLINE_BATCH]
    for claim_id in ids:
        enqueue(JOB, claim_id, actor_id)
    return len(ids), background


# ---- verification and progress --------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the public verification page may show: no name, no contact, no account."""

    code: str
    reference: str
    decision: str
    total: int
    issued_on: date
    issued_at: datetime
    sha256: str
    language: str
    replaced_on: date | None


def verification(session: Session, code: str) -> Verification | None:
    letter = session.scalar(select(Letter).where(Letter.verification_code == code))
    if letter is None:
        return None
    reference = session.scalar(select(Claim.reference).where(Claim.id == letter.claim_id))
    newer = session.scalar(select(Letter).where(Letter.replaces_id == letter.id).order_by(Letter.id).limit(1))
    return Verification(
        code=letter.verification_code,
        reference=reference,
        decision=letter.decision,
        total=letter.total,
        issued_on=letter_date(letter),
        issued_at=letter.issued_at,
        sha256=letter.sha256,
        language=letter.language,
        replaced_on=letter_date(newer) if newer is not None else None,
    )


@dataclass(frozen=True)
class Progress:
    pending: int
    issued_today: int
    issued: int
    queued: int | None  # jobs waiting in the background queue; None without Redis

    @property
    def percent_done(self) -> int:
        """Of the letters due and issued today, the share done (100 when nothing is due)."""
        due = self.pending + self.issued_today
        return 100 if due == 0 else round(100 * self.issued_today / due)


def progress(session: Session) -> Progress:
    from claims.jobs import queued_count

    today = datetime.combine(utcnow().astimezone(KST).date(), time.min, tzinfo=KST)
    return Progress(
        pending=session.scalar(select(func.count()).select_from(Claim).where(Claim.status == "decided")) or 0,
        issued_today=session.scalar(select(func.count()).select_from(Letter).where(Letter.issued_at >= today))
        or 0,
        issued=session.scalar(select(func.count()).select_from(Letter)) or 0,
        queued=queued_count(),
    )
