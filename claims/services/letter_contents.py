"""What a decision letter says: its data, from the claim's decision in force and its assessment snapshot.

The same decision and verification code always give the same data, and so the same unsigned bytes: the letter
is dated with the decision's date in KST. An issued letter has its own random verification code; a staff
preview has none (and no QR code) and says on every page that it is a preview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from claims import rules
from claims.banks import bank_name
from claims.db import utcnow
from claims.errors import NotAllowed
from claims.i18n import KST
from claims.letters import LetterData, LetterLine, format_amount, format_date, outcome_of
from claims.models import Assessment, Claim, Decision, Letter, User
from claims.models.letter import APPEAL_DAYS
from claims.rules.labels import CLAIMANT_TYPE_LABELS, CODE_LABELS, KIND_LABELS
from claims.services import payouts, reason_codes
from claims.services.assessments import policy
from claims.services.incidents import get_incident, rules_incident
from claims.services.lifecycle import DECIDED
from claims.services.references import ALPHABET
from claims.services.review import current_decisions, pending_approval, waiting_decision
from claims.urls import public_url

PAYOUT_DAYS = 14  # the payment promise printed on the letter: within two weeks of its date
CODE_LENGTH = 10
# Statuses in which the claim's latest letter is the letter of the decision in force.
LETTER_STATES = frozenset({"letter_issued", "appealed", "closed"})


# ---- addresses ---------------------------------------------------------------------------------------------


def normalize_code(text: str | None) -> str:
    """What a person types → the code: upper case, no spaces or dashes, O→0 and I/L→1 (Crockford)."""
    cleaned = re.sub(r"[\s\-]", "", text or "").upper()
    return cleaned.translate(str.maketrans("OIL", "011"))


def is_code(text: str) -> bool:
    return len(text) == CODE_LENGTH and all(ch in ALPHABET for ch in text)


# ---- the decision and its letters -------------------------------------------------------------------------


def latest_letter(session: Session, claim: Claim) -> Letter | None:
    return session.scalar(
        select(Letter).where(Letter.claim_id == claim.id).order_by(Letter.id.desc()).limit(1)
    )


def current_letter(session: Session, claim: Claim) -> Letter | None:
    """The letter of the decision in force, or None while that decision has no letter yet."""
    return latest_letter(session, claim) if claim.status in LETTER_STATES else None


def letter_date(letter: Letter) -> date:
    """The date printed on a letter (`Letter.printed_on`)."""
    return letter.printed_on


def _assessment(claim: Claim) -> Assessment | None:
    """The snapshot the decision was made on: the latest one made before the decision took effect."""
    if not claim.assessments:
        return None
    if claim.status in DECIDED and claim.decided_at is not None:
        before = [row for row in claim.assessments if row.created_at <= claim.decided_at]
        if before:
            return before[-1]
    return claim.assessments[-1]


def _rules_incident(session: Session, incident_id: str) -> rules.Incident:
    # The converted incident comes from the one content-keyed cache (services/converted.py).
    return rules_incident(get_incident(session, incident_id))


# ---- the letter's contents --------------------------------------------------------------------------------


def _computation(line: dict, live: rules.Incident, language: str) -> str:
    return rules.explain_stored_line(line, live, language) or CODE_LABELS.get(line["code"], {}).get(
        language, line["code"]
    )


def _reason(line: dict, row: Decision | None, language: str) -> tuple[str | None, str | None]:
    """The reason in words (never a code) and what the claimant can do next, or (None, None)."""
    note = (row.note or "").strip() if row is not None else ""
    if row is not None and row.outcome == "rejected":
        entry = reason_codes.get(row.reason_code)
        label = entry.label(language) if entry is not None else None
        reason = " — ".join(part for part in (label, note) if part) or None
        return reason, entry.next_step(language) if entry is not None else None
    if row is not None and row.outcome == "adjusted":
        return (gettext("Amount adjusted: %(note)s", note=note) if note else gettext("Amount adjusted")), None
    if line["code"] != "OK":
        return CODE_LABELS.get(line["code"], {}).get(language) or gettext(
            "Not payable under the policy"
        ), None
    return None, None


def _line(
    line: dict, row: Decision | None, outcome: str, live: rules.Incident, claimed: int | None, language: str
) -> LetterLine:
    service = live.services.get(line["service"]) if line.get("service") else None
    computed = int(line["amount"])
    # Without a line decision (an older straight-through approval) the claim's outcome applies to the line.
    approved = int(row.approved_amount) if row is not None else 0 if outcome == "rejected" else computed
    reason, next_step = _reason(line, row, language)
    return LetterLine(
        head=KIND_LABELS[line["kind"]][language],
        service=service.name.get(language, line["service"]) if service is not None else line.get("service"),
        computation=_computation(line, live, language),
        claimed=claimed,
        computed=computed,
        approved=approved,
        reason=reason,
        next_step=next_step,
    )


def _masked(account: str) -> str:
    """Every digit but the last four hidden: 3333-01-0000001 → ****-**-***0001."""
    digits = sum(ch.isdigit() for ch in account)
    out, seen = [], 0
    for ch in account:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > digits - 4 else "*")
        else:
            out.append(ch)
    return "".join(out)


def _payout(claim: Claim, due: int, issued_on: date, language: str) -> str:
    """How the amount still due is paid, or how an overpayment is recovered; '' when nothing moves."""
    if due < 0:
        return gettext(
            "We paid %(amount)s more than the amount now approved. We will contact you about returning it.",
            amount=format_amount(-due, language),
        )
    if due == 0:
        return ""
    amount, by = format_amount(due, language), format_date(issued_on + timedelta(days=PAYOUT_DAYS), language)
    if not claim.payout_account:
        return gettext(
            "%(amount)s will be paid by %(date)s to the account you give us; we will contact you for it.",
            amount=amount,
            date=by,
        )
    return gettext(
        "%(amount)s will be paid by %(date)s to your account at %(bank)s (%(account)s, holder %(holder)s).",
        amount=amount,
        date=by,
        bank=bank_name(claim.payout_bank, language),
        account=_masked(claim.payout_account),
        holder=claim.payout_holder or claim.contact_name,
    )


def already_paid(session: Session, claim: Claim) -> int:
    """What the claimant has received and kept, in KRW: the payout ledger's transfers sent or confirmed, less
    overpayments recovered (an exported transfer not yet sent is not paid yet)."""
    return payouts.standing(session, claim).paid


def _cap_label(claim: Claim, policy_id: str, language: str) -> str:
    cap = policy(policy_id).claim_caps.get(claim.claimant_type)
    if cap is None:
        return gettext("Claim cap")
    return gettext(
        "Claim cap (%(amount)s per claim of a %(type)s)",
        amount=format_amount(cap, language),
        type=CLAIMANT_TYPE_LABELS[claim.claimant_type][language],
    )


@dataclass(frozen=True)
class LetterParts:
    """The letter's data, the letter it replaces (if any) and the letter already issued for it (if any)."""

    data: LetterData
    previous: Letter | None
    current: Letter | None


def _issued_on(claim: Claim) -> date:
    if claim.status in DECIDED and claim.decided_at is not None:
        return claim.decided_at.astimezone(KST).date()
    return utcnow().astimezone(KST).date()  # a preview of a decision still waiting for its second signature


def letter_parts(
    session: Session, claim: Claim, language: str | None, code: str | None = None
) -> LetterParts:
    """The letter of the decision in force. code: the verification code of a letter about to be issued;
    without one, the letter already issued for this decision keeps its own, and otherwise it is a preview."""
    claim_level, by_line = current_decisions(session, claim)
    if not code and claim.status not in DECIDED:
        # A staff preview while a decision waits for its second signature: the letter it would give.
        waiting = pending_approval(session, claim)
        if waiting is not None:
            claim_level, by_line = waiting_decision(session, waiting)
    outcome = claim_level.outcome if claim_level is not None else claim.decision
    assessment = _assessment(claim)
    if outcome not in ("approved", "partly_approved", "rejected") or assessment is None:
        raise NotAllowed(_l("This claim has no decision to put in a letter yet."))
    if language not in ("ko", "en"):
        claimant = session.get(User, claim.claimant_id)
        language = claimant.language if claimant is not None else "ko"
    total = int(claim_level.approved_amount if claim_level is not None else (claim.amount_approved or 0))
    live = _rules_incident(session, claim.incident_id)
    current = current_letter(session, claim)
    if current is not None:
        previous = session.get(Letter, current.replaces_id) if current.replaces_id else None
        code = code or current.verification_code
    else:
        previous = latest_letter(session, claim)
    claimed = {item.position: item.amount_claimed or None for item in claim.items}
    issued_on = _issued_on(claim)
    applied, params_hash = policy(assessment.policy_id), assessment.params_hash
    paid = already_paid(session, claim)
    due = total - paid
    with force_locale(language):
        lines = tuple(
            _line(line, by_line.get(line["index"]), outcome, live, claimed.get(line["index"]), language)
            for line in assessment.lines
        )
        kind = CLAIMANT_TYPE_LABELS[claim.claimant_type][language]
        cap_computed = min(0, int(assessment.total) - sum(line.computed for line in lines))
        cap_approved = min(0, total - sum(line.approved for line in lines))
        data = LetterData(
            language=language,
            reference=claim.reference,
            verification_code=code or "",
            verify_url=public_url("letters.verify", code=code) if code else "",
            issued_on=issued_on,
            claimant_name=claim.contact_name or claim.payout_holder or claim.reference,
            claimant_address_lines=tuple(
                part for part in (kind[:1].upper() + kind[1:], claim.contact_email) if part
            ),
            decision=outcome_of(lines, total),
            lines=lines,
            total_computed=int(assessment.total),
            total_approved=total,
            payout=_payout(claim, due, issued_on, language),
            policy_label=f"{applied.name.get(language, applied.id)} ({applied.id}, {params_hash[:8]})",
            incident_label=gettext(
                "%(name)s (%(id)s, downtime record version %(version)s)",
                name=live.name.get(language, live.id),
                id=live.id,
                version=assessment.windows_version,
            ),
            appeal_deadline=issued_on + timedelta(days=APPEAL_DAYS),
            contact=gettext(
                "%(phone)s (weekdays 09:00–18:00) · %(email)s · your claim page in the portal",
                phone=current_app.config.get("CONTACT_PHONE", "1588-0000"),
                email=current_app.config.get("CONTACT_EMAIL", "help@outage-claims.example"),
            ),
            replaces=previous.verification_code if previous is not None else None,
            replaces_issued_on=letter_date(previous) if previous is not None else None,
            cap_label=_cap_label(claim, assessment.policy_id, language)
            if cap_computed or cap_approved
            else "",
            cap_computed=cap_computed,
            cap_approved=cap_approved,
            already_paid=paid if previous is not None or paid else None,
            balance=due if previous is not None or paid else None,
            preview=not code,
        )
    return LetterParts(data, previous, current)
