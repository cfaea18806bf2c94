"""A small world for access tests: claimant A's decided claim with a file, a letter, a pending second
signature, a payout batch with a bounced transfer, and one account of every other role. Every route's URL
points at A's objects."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from claims.models import (
    Approval,
    DecidedChange,
    Evidence,
    Letter,
    Payment,
    PayoutBatch,
    ReassessmentRun,
    User,
)
from claims.services import policies
from tests.factories import PNG_BYTES, add_evidence
from tests.letters_factories import decided_claim

PASSWORD = "password123"
ROLES = ("anonymous", "claimant_a", "claimant_b", "reviewer", "supervisor", "admin")


@dataclass
class World:
    emails: dict[str, str]
    url_values: dict[str, object] = field(default_factory=dict)


def build_world(app, session, create_user, incident) -> World:
    people = {
        "claimant_a": create_user(email="claimant-a@example.com", display_name="청구인 A"),
        "claimant_b": create_user(email="claimant-b@example.com", display_name="청구인 B"),
        "reviewer": create_user(role="reviewer", email="reviewer@example.com"),
        "supervisor": create_user(role="supervisor", email="supervisor@example.com"),
        "admin": create_user(role="admin", email="admin@example.com"),
    }
    a = session.get(User, people["claimant_a"].id)
    reviewer = session.get(User, people["reviewer"].id)
    claim = decided_claim(session, a, incident, reviewer)
    evidence: Evidence = add_evidence(session, claim, app.config["UPLOAD_DIR"], data=PNG_BYTES)
    pdf = b"%PDF-1.4\n% a letter\n%%EOF\n"
    letter = Letter(
        claim_id=claim.id,
        verification_code="ABCDEFGHJK",
        language="ko",
        sha256=hashlib.sha256(pdf).hexdigest(),
        pdf=pdf,
        decision=claim.decision or "partly_approved",
        total=claim.amount_approved or 0,
    )
    claim.status = "letter_issued"
    approval = Approval(claim_id=claim.id, requested_by_id=reviewer.id, amount=claim.amount_approved or 0)
    batch = PayoutBatch(
        exported_by_id=people["supervisor"].id, claim_count=1, total=1, csv="reference,amount\n"
    )
    # A's transfer bounced: A's account-correction page and the supervisor's pages have something to show.
    payment = Payment(
        reference=f"{claim.reference}-1",
        batch=batch,
        claim_id=claim.id,
        kind="payment",
        state="failed",
        amount=1,
        reason="계좌 없음",
    )
    run = ReassessmentRun(incident_id=incident.id, reason="windows", windows_version=1, state="done")
    session.add_all([letter, approval, batch, payment, run])
    session.flush()
    change = DecidedChange(run_id=run.id, claim_id=claim.id, before=claim.amount_computed, after=0)
    session.add(change)
    session.commit()
    draft = policies.create_draft(
        session, "fair-2022", {"lost_income.rate": "0.7"}, {}, "", people["supervisor"].id
    )
    return World(
        emails={name: user.email for name, user in people.items()},
        url_values={
            "reference": claim.reference,
            "claim_id": claim.id,
            "evidence_id": evidence.id,
            "letter_id": letter.id,
            "approval_id": approval.id,
            "batch_id": batch.id,
            "run_id": run.id,
            "change_id": change.id,
            "policy_id": draft.policy_id,
            "payment_id": payment.id,
            "user_id": people["claimant_b"].id,
            "token": "not-a-token",
            "code": letter.verification_code,
            "step": "contact",
            "filename": "css/app.css",
        },
    )
