"""The claimant's use cases: start a draft, save its steps, submit once, withdraw, answer a request, appeal.

Drafts get their public reference when they are created, so a claimant can quote it on the phone even
before submitting. `amount_claimed` is what the claimant says they lost, per item (see `claimed_amount`).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from claims import rules
from claims.db import get_session, utcnow
from claims.errors import ClaimConflict, DomainError, InvalidInput, NotAllowed, NotFound
from claims.mail import send_mail
from claims.models import Appeal, Claim, ClaimItem, InfoRequest, Letter, User
from claims.models.claim import EDITABLE_STATUSES as EDITABLE
from claims.rules.catalogue import FIXED_SERVICE
from claims.services import assessments, evidence, info_requests, review, review_notify
from claims.services.audit import claim_event
from claims.services.incidents import default_incident, get_incident, rules_incident
from claims.services.lifecycle import transition
from claims.services.references import new_reference
from claims.services.triage import triage

# What we promise on the receipt: a decision within this many days of filing.
DECISION_DAYS = 30
CONTACT_FIELDS = (
    "contact_name",
    "contact_phone",
    "contact_email",
    "payout_bank",
    "payout_account",
    "payout_holder",
    "vehicle_number",
    "business_number",
)
# Details each claimant type must give before submitting (besides name, phone, e-mail and payout).
REQUIRED_BY_TYPE = {"taxi_driver": ("vehicle_number",), "merchant": ("business_number",)}
EDITABLE_STATUSES = EDITABLE


def claimed_amount(kind: str, inputs: dict) -> int:
    """What the claimant says this item cost them, in KRW, before any rule: each head of loss declares
    it (claims/rules/heads/<kind>.py, `claimed_amount`): e.g. lost_income is hourly income × the hours
    of the shifts entered, lost_sales one day's sales."""
    return rules.claimed_amount(kind, inputs)


def _own(claim: Claim, user: User) -> None:
    if claim.claimant_id != user.id:
        raise NotFound(_l("No such claim."))


def _editable(claim: Claim) -> None:
    """A draft, a claim answering a request, or a filed claim no reviewer has opened yet (a correction)."""
    correctable = claim.status == "submitted" and claim.assigned_to_id is None
    if claim.status not in EDITABLE_STATUSES and not correctable:
        raise NotAllowed(_l("This claim can no longer be changed."))


def _corrected(session: Session, claim: Claim, user: User, what: str) -> None:
    """A filed claim corrected by its claimant before review: a new assessment, and the audit says so."""
    if claim.status != "submitted":
        return
    before = claim.latest_assessment.total if claim.latest_assessment else None
    snap = assessments.snapshot(
        session, claim, get_incident(session, claim.incident_id), note="corrected by the claimant"
    )
    claim_event(
        session, user.id, "claim.corrected", claim, {"total": before}, {"total": snap.total, "what": what}
    )


def _may_file(user: User) -> None:
    if not user.can_file_claims():
        raise NotAllowed(
            _l("Confirm your e-mail address before filing a claim: follow the link we sent you.")
        )


def start_draft(
    session: Session, user: User, claimant_type: str, situations: list[str] | tuple[str, ...] = ()
) -> Claim:
    """A new draft of the given type for the default incident, with the claimant's details filled in.

    `situations` are the kinds of loss the claimant ticked ("what happened"), kept for the losses step.
    Starting twice does not pile up drafts: an untouched draft of the same type (no losses, no files) is
    reused, with the new ticks.
    """
    _may_file(user)
    if claimant_type not in rules.CLAIMANT_TYPES:
        raise InvalidInput(_l("Choose who you are claiming as."), field="claimant_type")
    chosen = [kind for kind in rules.ALLOWED_KINDS[claimant_type] if kind in set(situations)]
    empty = session.scalars(
        select(Claim)
        .where(Claim.claimant_id == user.id, Claim.status == "draft", Claim.claimant_type == claimant_type)
        .order_by(Claim.created_at.desc())
    ).first()
    if empty is not None and not empty.items and not empty.evidence:
        if chosen and chosen != list(empty.situations or []):
            empty.situations = chosen
            claim_event(session, user.id, "claim.situations", empty, after={"situations": chosen})
        session.commit()
        return empty
    incident = default_incident(session)
    if incident is None:
        raise NotAllowed(_l("Claims cannot be filed yet."))
    if incident.closes_at is not None and utcnow() >= incident.closes_at:
        raise NotAllowed(_l("The claims window has closed."))
    claim = Claim(
        reference=new_reference(session, incident.started_at),
        claimant_id=user.id,
        claimant_type=claimant_type,
        incident_id=incident.id,
        policy_id=assessments.current_policy_id(session),
        status="draft",
        contact_name=user.display_name,
        contact_email=user.email,
        contact_phone=user.phone or "",
        payout_holder=user.display_name,
        submission_key=secrets.token_urlsafe(32),
        flags=[],
        situations=chosen,
    )
    session.add(claim)
    session.flush()
    claim_event(session, user.id, "claim.draft", claim, after={"type": claimant_type, "situations": chosen})
    session.commit()
    return claim


WHAT_HAPPENED_MAX = 2000


def save_what_happened(session: Session, claim: Claim, user: User, text: str) -> Claim:
    """The claimant's own account of what happened (for the reviewer), at most 2,000 characters."""
    _own(claim, user)
    _editable(claim)
    text = (text or "").strip()
    if len(text) > WHAT_HAPPENED_MAX:
        raise InvalidInput(
            _l("Write at most %(count)s characters.", count=format(WHAT_HAPPENED_MAX, ",")),
            field="what_happened",
        )
    if text != (claim.what_happened or ""):
        claim.what_happened = text
        _bind_declaration_anew(claim)
        claim_event(session, user.id, "claim.what_happened", claim, after={"length": len(text)})
        _commit(session)
    return claim


def _bind_declaration_anew(claim: Claim) -> None:
    """The draft changed: a review page opened before (another tab) can no longer file it.

    The declaration is bound to the figures the claimant saw through the submission key on the review page;
    a new key makes that page's submit show the new figures and ask for the declaration again.
    """
    if claim.status == "draft":
        claim.submission_key = secrets.token_urlsafe(32)


def save_contact(session: Session, claim: Claim, user: User, details: dict) -> Claim:
    """Save the contact and payout step (only the known fields, trimmed)."""
    _own(claim, user)
    _editable(claim)
    before = {name: getattr(claim, name) for name in CONTACT_FIELDS}
    for name in CONTACT_FIELDS:
        if name in details:
            setattr(claim, name, (details[name] or "").strip())
    after = {name: getattr(claim, name) for name in CONTACT_FIELDS}
    # Payout accounts are personal data: the audit log records that they changed, not their value.
    changed = sorted(name for name in CONTACT_FIELDS if before[name] != after[name])
    if changed:
        _bind_declaration_anew(claim)
        _corrected(session, claim, user, "contact")
    claim_event(session, user.id, "claim.contact", claim, after={"changed": changed})
    _commit(session)
    return claim


def save_items(session: Session, claim: Claim, user: User, items: list[dict]) -> Claim:
    """Replace the claim's losses with `items` (rules claim JSON items, with "kind"), checked by the rules."""
    _own(claim, user)
    _editable(claim)
    incident = get_incident(session, claim.incident_id)
    payload = {"claimant_type": claim.claimant_type, "items": items}
    try:
        parsed = rules.parse_claim(payload, rules_incident(incident))
    except rules.ClaimInputError as exc:
        raise InvalidInput(_l("Some losses are not filled in correctly.")) from exc
    canonical = rules.claim_to_dict(parsed)["items"]
    before = [{"kind": row.kind, **(row.inputs or {})} for row in claim.items]
    # Update rows in place by position: replacing them would clash with the (claim, position) key.
    for position, data in enumerate(canonical):
        kind = data.pop("kind")
        row = claim.items[position] if position < len(claim.items) else None
        if row is None:
            row = ClaimItem(position=position)
            claim.items.append(row)
        row.kind, row.inputs = kind, data
        row.service = data.get("service") or FIXED_SERVICE.get(kind)
        row.amount_claimed = claimed_amount(kind, data)
    for row in claim.items[len(canonical) :]:
        claim.items.remove(row)
    session.flush()
    claim.amount_claimed = sum(row.amount_claimed for row in claim.items)
    claim.amount_computed = assessments.compute(claim, incident).total if claim.items else 0
    if before != [{"kind": row.kind, **(row.inputs or {})} for row in claim.items]:
        _bind_declaration_anew(claim)
        _corrected(session, claim, user, "losses")
    claim_event(
        session,
        user.id,
        "claim.items",
        claim,
        after={"kinds": [row.kind for row in claim.items], "amount_claimed": claim.amount_claimed},
    )
    _commit(session)
    return claim


def missing_for_submission(claim: Claim) -> list[str]:
    """The steps still incomplete ("contact", "losses"); empty when the claim can be submitted."""
    missing = []
    needed = (
        "contact_name",
        "contact_phone",
        "contact_email",
        "payout_bank",
        "payout_account",
        "payout_holder",
    )
    if any(not getattr(claim, name) for name in needed + REQUIRED_BY_TYPE.get(claim.claimant_type, ())):
        missing.append("contact")
    if not claim.items:
        missing.append("losses")
    return missing


def submit(
    session: Session, claim: Claim, user: User, submission_key: str, declared: bool
) -> tuple[Claim, bool]:
    """File the draft once. Returns (claim, filed_now); a repeat with the same key files nothing again."""
    _own(claim, user)
    if claim.status != "draft":
        if submission_key and submission_key == claim.submission_key:
            return claim, False  # double click, back button, retry after a timeout
        raise NotAllowed(_l("This claim has already been submitted."))
    _may_file(user)
    if not submission_key:
        raise InvalidInput(_l("This form is out of date. Check the claim and submit it again."))
    if submission_key != claim.submission_key:
        raise InvalidInput(
            _l(
                "Your claim changed after this page was opened (perhaps in another tab or window). "
                "Check the amounts below, then confirm the declaration again."
            ),
            field="declaration",
        )
    if not declared:
        raise InvalidInput(_l("Confirm the declaration to submit the claim."), field="declaration")
    if missing_for_submission(claim):
        raise InvalidInput(_l("Some steps are not complete yet."))
    try:
        auto_approved = _file(session, claim, user)
        session.commit()
    except StaleDataError:
        # Another request filed this draft at the same moment (the version check refused this one's
        # write): that one won, and this one answers with its result.
        session.rollback()
        fresh = session.scalar(
            select(Claim).where(Claim.id == claim.id).execution_options(populate_existing=True)
        )
        if fresh is not None and fresh.status != "draft":
            return fresh, False
        raise
    receipt_later(claim)
    if auto_approved:
        # After the commit, whoever called (a request, a job, a command): the letter and its e-mail, once.
        review_notify.after_decision(claim, user)
    return claim, True


def _file(session: Session, claim: Claim, user: User) -> bool:
    """Stamp, snapshot and triage the draft; the caller commits. True when it was approved automatically."""
    incident = get_incident(session, claim.incident_id)
    claim.filed_at = utcnow()
    transition(claim, "submitted")
    snap = assessments.snapshot(session, claim, incident, note="submitted")
    auto_approved = triage(session, claim)
    claim_event(
        session,
        user.id,
        "claim.submit",
        claim,
        before={"status": "draft"},
        after={"status": claim.status, "total": snap.total, "policy": claim.policy_id},
    )
    return auto_approved


def decision_due(claim: Claim):
    return claim.filed_at + timedelta(days=DECISION_DAYS) if claim.filed_at else None


RECEIPT_JOB = "claims.services.filing.send_receipt_job"


def receipt_later(claim: Claim) -> None:
    """After the commit: the receipt e-mail as a job (right away without Redis), so that neither the mail
    server's pace nor its failure holds up the claimant's receipt page or undoes the filing."""
    from claims.jobs import enqueue

    try:
        enqueue(RECEIPT_JOB, claim.id)
    except Exception:  # noqa: BLE001 — the claim is filed; the page says so and the claim page has everything
        current_app.logger.exception("could not send the receipt of claim %s", claim.reference)


def send_receipt_job(claim_id: int) -> None:
    """The receipt e-mail of a filed claim (a job; a retry after a mail server failure sends it then)."""
    session = get_session()
    claim = session.get(Claim, claim_id)
    if claim is None or claim.filed_at is None:
        return
    user = session.get(User, claim.claimant_id)
    if user is not None:
        send_receipt(claim, user)


def send_receipt(claim: Claim, user: User) -> None:
    """The receipt e-mail, in the claimant's language (after the commit: a mail failure loses nothing)."""
    with force_locale(user.language or "ko"):
        subject = str(_l("Your claim %(reference)s has been received", reference=claim.reference))
        body = render_template("claimant/receipt_email.txt", claim=claim, user=user, due=decision_due(claim))
    if user.confirmed_email:  # only to an address its owner confirmed, never to one typed in the claim
        send_mail(user.confirmed_email, subject, body)


def withdraw(session: Session, claim: Claim, user: User, expected_version: int | None = None) -> Claim:
    """The claimant withdraws their submitted claim before a decision; a decision waiting for its second
    signature is set aside and its approval void (nobody can sign it any more)."""
    _own(claim, user)
    if claim.status == "draft":
        # A draft was never filed (and the database wants a filing time on every non-draft claim): it simply
        # stays unsubmitted.
        raise NotAllowed(_l("A draft has not been filed, so there is nothing to withdraw."))
    _lock(session, claim, expected_version)
    try:
        before = transition(claim, "withdrawn")
    except DomainError:
        session.rollback()
        raise
    claim.assigned_to_id = None
    claim.assigned_until = None
    voided = review.void_pending_approvals(session, claim, user.id, utcnow())
    claim_event(
        session,
        user.id,
        "claim.withdraw",
        claim,
        {"status": before},
        {"status": "withdrawn", "void_approvals": voided},
    )
    _commit(session)
    return claim


def discard_draft(session: Session, claim: Claim, user: User) -> str:
    """The claimant throws away a draft they will not file: the claim, its items and its files go.

    Only a draft can go (a filed claim is withdrawn instead, and stays on record); the audit log keeps
    the fact.
    Returns the reference that was discarded.
    """
    _own(claim, user)
    if claim.status != "draft":
        raise NotAllowed(
            _l("Only a claim that has not been filed can be discarded. You can withdraw it instead.")
        )
    reference = claim.reference
    files = [row.stored_name for row in claim.evidence]
    before = {"status": "draft", "reference": reference, "items": len(claim.items), "files": len(files)}
    claim_event(session, user.id, "claim.discard", claim, before, None)
    session.delete(claim)
    _commit(session)
    evidence.delete_stored(files)  # after the commit: a failed commit keeps the files the draft still needs
    return reference


# The claim's open information request: one query, kept with the requests (claims/services/info_requests).
open_info_request = info_requests.open_request


# Items of a request that a reply answers with a document (the rest is answered in words).
DOCUMENT_ITEMS = frozenset(
    {
        "receipt",
        "usage_history",
        "settlement",
        "sales_records",
        "account_proof",
        "vehicle_registration",
        "business_registration",
    }
)


def asks_for_document(request: InfoRequest) -> bool:
    codes = {item.get("code") if isinstance(item, dict) else item for item in request.items or []}
    return bool(codes & DOCUMENT_ITEMS)


def answer_info_request(
    session: Session,
    claim: Claim,
    user: User,
    reply: str,
    uploads: list | None = None,
    expected_version: int | None = None,
) -> tuple[Claim, list]:
    """The claimant answers the open request with their reply and the files chosen with it, in one commit.

    A request that asked for a document cannot be answered without a file (added with this answer or
    since the request). Returns (claim, rejected files); with any rejected file nothing is sent, so that
    the claimant can choose it again.
    """
    _own(claim, user)
    request = open_info_request(session, claim)
    if claim.status != "needs_info" or request is None:
        raise NotAllowed(_l("There is no open request for information on this claim."))
    if not reply.strip():
        raise InvalidInput(_l("Write a reply to the reviewer."), field="reply")
    _lock(session, claim, expected_version)
    stored, rejected = evidence.stage_files(session, claim, user.id, list(uploads or []))
    if rejected:
        session.rollback()  # the good files go too: the answer is sent whole or not at all
        return claim, rejected
    since = [row for row in claim.evidence if row.uploaded_at and row.uploaded_at >= request.requested_at]
    if asks_for_document(request) and not stored and not since:
        session.rollback()
        raise InvalidInput(
            _l("The reviewer asked for a document: choose the file to send with your answer."), field="files"
        )
    request.response = reply.strip()
    request.responded_at = utcnow()
    transition(claim, "submitted")
    assessments.snapshot(
        session, claim, get_incident(session, claim.incident_id), note="information provided"
    )
    if stored:
        claim_event(
            session,
            user.id,
            "evidence.add",
            claim,
            after={"files": [{"sha256": r.sha256, "size": r.size, "type": r.content_type} for r in stored]},
        )
    claim_event(
        session,
        user.id,
        "claim.info_answered",
        claim,
        {"status": "needs_info"},
        {"status": "submitted", "request": request.id, "files": len(claim.evidence)},
    )
    _commit(session)
    return claim, []


def latest_letter(session: Session, claim: Claim) -> Letter | None:
    return session.scalar(
        select(Letter).where(Letter.claim_id == claim.id).order_by(Letter.issued_at.desc(), Letter.id.desc())
    )


def appeal_deadline(letter: Letter | None):
    """The first instant at which an appeal is late (`Letter.appeal_deadline`), or None without a letter."""
    return letter.appeal_deadline if letter is not None else None


def appeal_last_day(letter: Letter | None):
    """The last day of the appeal period as the letter prints it (a date, KST), or None without a letter."""
    return letter.appeal_last_day if letter is not None else None


def can_appeal(session: Session, claim: Claim, user: User) -> bool:
    return claim.can_appeal(user, latest_letter(session, claim), utcnow())


def appeal(
    session: Session,
    claim: Claim,
    user: User,
    reason: str,
    uploads: list[evidence.Upload],
    expected_version: int | None = None,
) -> tuple[Appeal, list[evidence.Rejection]]:
    """Appeal the decision within 30 days of the latest letter, with a reason and optional new files."""
    _own(claim, user)
    letter = latest_letter(session, claim)
    if claim.status != "letter_issued" or letter is None:
        raise NotAllowed(_l("Only a decision with a letter can be appealed."))
    if utcnow() >= appeal_deadline(letter):
        raise NotAllowed(_l("The 30 days to appeal this decision have passed."))
    if not reason.strip():
        raise InvalidInput(_l("Say why you disagree with the decision."), field="reason")
    _lock(session, claim, expected_version)
    stored, rejected = evidence.stage_files(session, claim, user.id, uploads)
    if rejected:
        session.rollback()
        evidence.discard_files(stored)
        raise InvalidInput("; ".join(f"{r.filename}: {r.reason}" for r in rejected), field="files")
    transition(claim, "appealed")
    row = Appeal(
        claim_id=claim.id,
        letter_id=letter.id,
        reason=reason.strip(),
        previous_reviewer_id=claim.decided_by_id,
    )
    session.add(row)
    claim_event(
        session,
        user.id,
        "claim.appeal",
        claim,
        {"status": "letter_issued"},
        {"status": "appealed", "letter": letter.id, "files": len(stored)},
    )
    try:
        _commit(session)
    except Exception:
        evidence.discard_files(stored)
        raise
    send_appeal_acknowledgement(claim, user, row)
    return row, rejected


def _lock(session: Session, claim: Claim, expected_version: int | None) -> None:
    """The claim's row for this change, as the page showed it (review.lock_claim); nothing kept else."""
    try:
        review.lock_claim(session, claim, expected_version)
    except DomainError:
        session.rollback()
        raise


def send_appeal_acknowledgement(claim: Claim, user: User, appeal: Appeal) -> None:
    """The e-mail saying the appeal was received (after the commit; only to a confirmed address)."""
    with force_locale(user.language or "ko"):
        subject = str(_l("Appeal received: claim %(reference)s", reference=claim.reference))
        due = (appeal.filed_at or utcnow()) + timedelta(days=DECISION_DAYS)
        body = render_template("claimant/appeal_email.txt", claim=claim, user=user, appeal=appeal, due=due)
    if user.confirmed_email:
        send_mail(user.confirmed_email, subject, body)


def _commit(session: Session) -> None:
    try:
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise ClaimConflict(
            _l("The claim was changed at the same time elsewhere. Reload the page and try again.")
        ) from exc
