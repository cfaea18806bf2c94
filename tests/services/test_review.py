"""Reviewing: the lock, line decisions and totals, conflicts, information requests, signatures, appeals."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta
from pathlib import Path

import pytest

from claims.db import utcnow
from claims.errors import ClaimConflict, InvalidInput, NotAllowed
from claims.models import Approval, AuditEvent, Claim, Decision, InfoRequest, User
from claims.services import queue, review
from claims.services.review import LineDecision
from tests.factories import AUTHOR_ITEMS, AUTHOR_TOTAL, TAXI_TOTAL, appeal, make_claim

# A decision that takes effect is `decided`, then `letter_issued` as soon as the letter job has run (inline
# without Redis, when the letters service is present).
TOOK_EFFECT = ("decided", "letter_issued")


def accept_all(claim, override: dict | None = None):
    override = override or {}
    return [
        override.get(line["index"], LineDecision(line["index"], "accepted"))
        for line in claim.latest_assessment.lines
    ]


def test_the_lock_shows_who_holds_it_and_expires(session, incident, people):
    claim = make_claim(session, people["claimant"], incident)
    review.assign(session, claim, people["reviewer"])
    assert claim.status == "in_review"
    assert review.lock_holder(claim) == people["reviewer"].id
    with pytest.raises(NotAllowed, match="Reviewer One"):
        review.assign(session, claim, people["reviewer2"])
    later = utcnow() + timedelta(minutes=31)
    assert review.lock_holder(claim, later) is None
    review.assign(session, claim, people["reviewer2"], now=later)
    assert claim.assigned_to_id == people["reviewer2"].id
    with pytest.raises(NotAllowed):
        review.release(session, claim, people["reviewer"])
    review.release(session, claim, people["reviewer2"])
    assert claim.assigned_to_id is None


def test_line_decisions_give_the_claim_total_and_outcome(session, incident, people):
    claim = make_claim(session, people["claimant"], incident)
    assert claim.amount_computed == TAXI_TOTAL
    lines = accept_all(
        claim,
        {
            1: LineDecision(1, "adjusted", amount=20_000, note="Receipt shows 20,000 won"),
            2: LineDecision(2, "rejected", reason_code="NO_EVIDENCE"),
        },
    )
    assert review.decide(session, claim, people["reviewer"], claim.version, lines) is None
    assert claim.status in TOOK_EFFECT
    assert claim.decision == "partly_approved"
    assert claim.amount_approved == 11_790 + 20_000
    assert claim.decided_by_id == people["reviewer"].id
    claim_level, by_line = review.current_decisions(session, claim)
    assert claim_level.outcome == "partly_approved" and claim_level.approved_amount == 31_790
    assert [by_line[i].outcome for i in range(3)] == ["accepted", "adjusted", "rejected"]
    assert by_line[2].reason_code == "NO_EVIDENCE" and by_line[2].approved_amount == 0
    assert session.query(AuditEvent).filter_by(action="claim.decide", object_id=str(claim.id)).count() == 1


@pytest.mark.parametrize(
    ("lines", "outcome", "total"),
    [
        ({}, "approved", TAXI_TOTAL),
        (
            {
                0: LineDecision(0, "rejected", reason_code="OTHER"),
                1: LineDecision(1, "rejected", reason_code="OTHER"),
                2: LineDecision(2, "rejected", reason_code="DUPLICATE"),
            },
            "rejected",
            0,
        ),
        ({2: LineDecision(2, "adjusted", amount=6_500, note="same")}, "approved", TAXI_TOTAL),
        (
            {2: LineDecision(2, "adjusted", amount=6_490, note="fare was 6,490")},
            "partly_approved",
            TAXI_TOTAL - 10,
        ),
    ],
)
def test_claim_outcome_follows_the_lines(session, incident, people, lines, outcome, total):
    claim = make_claim(session, people["claimant"], incident)
    review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim, lines))
    assert (claim.decision, claim.amount_approved) == (outcome, total)


@pytest.mark.parametrize(
    ("choice", "field"),
    [
        (LineDecision(1, "adjusted", amount=10_000, note=" "), "line-1-note"),
        (LineDecision(1, "adjusted", amount=None, note="why"), "line-1-amount"),
        (LineDecision(1, "adjusted", amount=-5, note="why"), "line-1-amount"),
        (LineDecision(1, "rejected", reason_code="NOT_A_CODE"), "line-1-reason_code"),
        (LineDecision(1, "maybe"), "line-1-outcome"),
    ],
)
def test_an_incomplete_line_decision_is_refused(session, incident, people, choice, field):
    claim = make_claim(session, people["claimant"], incident)
    with pytest.raises(InvalidInput) as exc:
        review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim, {1: choice}))
    assert exc.value.field == field
    session.rollback()
    assert session.get(Claim, claim.id).status == "submitted"


def test_every_line_must_be_decided(session, incident, people):
    claim = make_claim(session, people["claimant"], incident)
    with pytest.raises(InvalidInput):
        review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim)[:2])


def test_the_second_save_of_the_same_claim_gets_a_conflict(session, incident, people):
    claim = make_claim(session, people["claimant"], incident)
    loaded_version = claim.version
    review.decide(session, claim, people["reviewer"], loaded_version, accept_all(claim))
    with pytest.raises(ClaimConflict):
        review.decide(session, claim, people["reviewer2"], loaded_version, accept_all(claim))
    assert claim.decided_by_id == people["reviewer"].id
    assert (
        session.query(Decision).filter_by(claim_id=claim.id, line_index=None, superseded=False).count() == 1
    )


def test_a_concurrent_commit_is_a_conflict_not_an_overwrite(app, session, incident, people):
    claim = make_claim(session, people["claimant"], incident)
    from claims.db import get_session

    other_session = app.extensions["db_sessionmaker"]()
    try:
        stale = other_session.get(Claim, claim.id)
        reviewer = other_session.get(User, people["reviewer2"].id)
        review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim))
        with pytest.raises(ClaimConflict):
            review.decide(other_session, stale, reviewer, stale.version, accept_all(stale))
    finally:
        other_session.close()
    assert get_session().get(Claim, claim.id).decided_by_id == people["reviewer"].id


def test_a_large_decision_waits_for_a_second_signature(app, session, incident, people):
    claim = make_claim(session, people["claimant"], incident, claimant_type="author", items=AUTHOR_ITEMS)
    approval = review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim))
    assert approval is not None and approval.amount == AUTHOR_TOTAL > app.config["APPROVAL_LIMIT"]
    assert claim.status == "in_review" and claim.decision is None and claim.amount_approved is None
    with pytest.raises(NotAllowed):
        review.sign(session, approval, people["reviewer"])  # not a supervisor
    review.sign(session, approval, people["supervisor"], note="checked the contract")
    assert (
        claim.status in TOOK_EFFECT and claim.decision == "approved" and claim.amount_approved == AUTHOR_TOTAL
    )
    assert claim.decided_by_id == people["reviewer"].id
    assert approval.status == "signed" and approval.supervisor_id == people["supervisor"].id
    with pytest.raises(NotAllowed):
        review.sign(session, approval, people["supervisor2"])


def test_a_supervisor_cannot_sign_their_own_decision_and_a_refusal_reopens_it(session, incident, people):
    claim = make_claim(session, people["claimant"], incident, claimant_type="author", items=AUTHOR_ITEMS)
    approval = review.decide(session, claim, people["supervisor"], claim.version, accept_all(claim))
    with pytest.raises(NotAllowed):
        review.sign(session, approval, people["supervisor"])
    with pytest.raises(InvalidInput):
        review.refuse(session, approval, people["supervisor2"], note="")
    review.refuse(session, approval, people["supervisor2"], note="Launch date not proven")
    assert approval.status == "refused" and claim.status == "in_review"
    assert review.current_decisions(session, claim) == (None, {})
    lines = accept_all(claim, {0: LineDecision(0, "rejected", reason_code="NO_EVIDENCE")})
    assert review.decide(session, claim, people["reviewer"], claim.version, lines) is None
    assert claim.decision == "partly_approved" and claim.amount_approved == AUTHOR_TOTAL - 2_000_000


def test_information_request_round_trip(app, session, incident, people):
    claim = make_claim(session, people["claimant"], incident)
    with pytest.raises(InvalidInput):
        review.request_information(session, claim, people["reviewer"], claim.version, [], "Send the receipt")
    request = review.request_information(
        session, claim, people["reviewer"], claim.version, ["receipt"], "Please send the late-fee receipt."
    )
    assert claim.status == "needs_info"
    assert request.due_on == review.today_kst() + timedelta(days=14)
    outbox = list(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"))
    message = email.message_from_bytes(outbox[0].read_bytes(), policy=email.policy.default)
    assert len(outbox) == 1 and "late-fee receipt" in message.get_content()
    assert "보완 요청" in message["Subject"]  # in the claimant's language
    # Not overdue yet; past the due date it shows in the queue's overdue filter.
    overdue = queue.QueueFilters(overdue=True)
    assert queue.page(session, overdue, None).rows == []
    request.due_on = review.today_kst() - timedelta(days=1)
    session.commit()
    assert [row.claim.id for row in queue.page(session, overdue, None).rows] == [claim.id]
    # The claimant answers (the claimant's pages do this): the claim is back in the open queue, then decided.
    request.response, request.responded_at, claim.status = "Receipt attached", utcnow(), "submitted"
    session.commit()
    assert queue.page(session, overdue, None).rows == []
    assert claim.id in [row.claim.id for row in queue.page(session, queue.QueueFilters(), None).rows]
    review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim))
    assert claim.status in TOOK_EFFECT
    assert session.query(InfoRequest).filter_by(claim_id=claim.id).count() == 1


def test_an_appeal_goes_to_another_reviewer(session, incident, people):
    claim = make_claim(session, people["claimant"], incident)
    review.decide(
        session,
        claim,
        people["reviewer"],
        claim.version,
        accept_all(claim, {1: LineDecision(1, "rejected", reason_code="OUTSIDE_OUTAGE")}),
    )
    row = appeal(session, claim)
    appeals = queue.page(session, queue.QueueFilters(appeals=True), None).rows
    assert [(r.claim.id, r.appeal) for r in appeals] == [(claim.id, True)]
    with pytest.raises(NotAllowed, match="other than"):
        review.assign(session, claim, people["reviewer"])
    with pytest.raises(NotAllowed):
        review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim))
    review.assign(session, claim, people["reviewer2"])
    review.decide(session, claim, people["reviewer2"], claim.version, accept_all(claim))
    assert claim.decision == "approved" and claim.decided_by_id == people["reviewer2"].id
    assert row.resolved_at is not None
    assert session.query(Decision).filter_by(claim_id=claim.id, superseded=True).count() == 4


def test_nothing_can_be_decided_twice(session, incident, people):
    claim = make_claim(session, people["claimant"], incident)
    review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim))
    with pytest.raises(NotAllowed):
        review.decide(session, claim, people["reviewer2"], claim.version, accept_all(claim))
    assert session.query(Approval).count() == 0
