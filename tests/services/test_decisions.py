"""Decisions that cannot race (issue 9): one decision in force, one pending approval, the signed decision
takes effect, withdrawing voids approvals, conflicts of interest, raised lines, the audit entry by line
index, and the letter of a straight-through approval outside a request."""

from __future__ import annotations

import os
import re
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from claims.errors import ClaimConflict, InvalidInput, NotAllowed
from claims.models import Approval, AuditEvent, Claim, Decision, Letter, User
from claims.services import filing, review
from claims.services.review import LineDecision
from tests.factories import AUTHOR_ITEMS, AUTHOR_TOTAL, TAXI_TOTAL, appeal, make_claim


def accept_all(claim, override: dict | None = None):
    override = override or {}
    return [
        override.get(line["index"], LineDecision(line["index"], "accepted"))
        for line in claim.latest_assessment.lines
    ]


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _heads(session, claim_id: int) -> list[Decision]:
    """The claim-level decisions that are in force or waiting for a signature (not set aside)."""
    return session.scalars(
        select(Decision).where(
            Decision.claim_id == claim_id, Decision.line_index.is_(None), Decision.superseded.is_(False)
        )
    ).all()


def _mails(app) -> list[Path]:
    return sorted(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"))


# ---- two decisions at the same moment ------------------------------------------------------------------


@pytest.mark.parametrize("items", ["small", "above_limit"])
def test_two_concurrent_decisions_leave_one_in_force_and_at_most_one_pending_approval(
    app, database_url, session, incident, people, items
):
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite serialises writers on one file: the race needs PostgreSQL (TEST_DATABASE_URL)")
    kwargs = {"claimant_type": "author", "items": AUTHOR_ITEMS} if items == "above_limit" else {}
    claim_id = make_claim(session, people["claimant"], incident, **kwargs).id
    reviewers = [people["reviewer"].id, people["reviewer2"].id]
    ready = threading.Barrier(2)
    results: list[object] = [None, None]

    def decide_in_thread(slot: int) -> None:
        with app.app_context():
            from claims.db import get_session

            own = get_session()
            claim = own.get(Claim, claim_id)
            reviewer = own.get(User, reviewers[slot])
            lines = accept_all(claim)
            ready.wait(timeout=30)  # both have read the same version before either writes
            try:
                results[slot] = review.decide(own, claim, reviewer, claim.version, lines)
                results[slot] = results[slot] or "took effect"
            except Exception as exc:  # noqa: BLE001 — the test looks at what each thread got
                results[slot] = exc

    threads = [threading.Thread(target=decide_in_thread, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    conflicts = [r for r in results if isinstance(r, ClaimConflict)]
    winners = [r for r in results if not isinstance(r, Exception)]
    assert len(winners) == 1 and len(conflicts) == 1, results
    session.expire_all()
    assert len(_heads(session, claim_id)) == 1
    assert _count(session, Approval, Approval.claim_id == claim_id, Approval.status == "pending") == (
        1 if items == "above_limit" else 0
    )
    assert (
        _count(
            session, AuditEvent, AuditEvent.object_id == str(claim_id), AuditEvent.action == "claim.decide"
        )
        == 1
    )


def test_a_double_click_on_decide_saves_once(session, incident, people):
    claim = make_claim(session, people["claimant"], incident, claimant_type="author", items=AUTHOR_ITEMS)
    shown = claim.version
    approval = review.decide(session, claim, people["reviewer"], shown, accept_all(claim))
    assert approval is not None and approval.reasons == ["limit"]
    with pytest.raises(ClaimConflict):
        review.decide(session, claim, people["reviewer"], shown, accept_all(claim))
    assert _count(session, Approval, Approval.claim_id == claim.id) == 1
    assert len(_heads(session, claim.id)) == 1


def test_the_database_holds_at_most_one_pending_approval_per_claim(session, incident, people):
    claim = make_claim(session, people["claimant"], incident)
    session.add_all([Approval(claim_id=claim.id, amount=1), Approval(claim_id=claim.id, amount=2)])
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    session.add_all(
        [Approval(claim_id=claim.id, amount=1, status="refused"), Approval(claim_id=claim.id, amount=2)]
    )
    session.commit()  # one pending beside any number of closed ones


def test_every_change_bumps_the_version(session, incident, people):
    claim = make_claim(session, people["claimant"], incident, claimant_type="author", items=AUTHOR_ITEMS)
    seen = [claim.version]
    review.assign(session, claim, people["reviewer"], expected_version=claim.version)
    seen.append(claim.version)
    approval = review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim))
    seen.append(claim.version)  # waiting for a signature: the claim's columns barely change, its version does
    review.refuse(
        session, approval, people["supervisor"], "Check the launch date", expected_version=claim.version
    )
    seen.append(claim.version)
    assert seen == sorted(set(seen)) and len(seen) == 4


def test_a_missing_version_changes_nothing(session, incident, people):
    claim = make_claim(session, people["claimant"], incident)
    with pytest.raises(InvalidInput):
        review.decide(session, claim, people["reviewer"], None, accept_all(claim))
    with pytest.raises(InvalidInput):
        review.request_information(session, claim, people["reviewer"], None, ["receipt"], "Send it")
    session.expire_all()
    assert session.get(Claim, claim.id).status == "submitted"
    assert _count(session, Decision, Decision.claim_id == claim.id) == 0


# ---- the second signature ------------------------------------------------------------------------------


def test_a_double_click_on_sign_signs_once_and_issues_one_letter(session, incident, people):
    claim = make_claim(session, people["claimant"], incident, claimant_type="author", items=AUTHOR_ITEMS)
    approval = review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim))
    shown = claim.version
    review.sign(session, approval, people["supervisor"], expected_version=shown)
    with pytest.raises((ClaimConflict, NotAllowed)):
        review.sign(session, approval, people["supervisor"], expected_version=shown)
    with pytest.raises(NotAllowed):
        review.sign(session, approval, people["supervisor2"])  # already signed
    signs = _count(
        session, AuditEvent, AuditEvent.object_id == str(claim.id), AuditEvent.action == "approval.sign"
    )
    assert signs == 1 and _count(session, Letter, Letter.claim_id == claim.id) == 1


def test_signing_applies_the_signed_decision_not_the_newest(session, incident, people):
    claim = make_claim(session, people["claimant"], incident, claimant_type="author", items=AUTHOR_ITEMS)
    approval = review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim))
    # A newer claim-level decision (what a racing request used to leave behind): the signature is not for it.
    session.add(
        Decision(
            claim_id=claim.id,
            reviewer_id=people["supervisor"].id,
            outcome="approved",
            approved_amount=1_198_770,
            pending=True,
        )
    )
    session.commit()
    review.sign(session, approval, people["supervisor2"])
    assert claim.amount_approved == AUTHOR_TOTAL == approval.amount
    assert claim.decided_by_id == people["reviewer"].id
    in_force, lines = review.current_decisions(session, claim)
    assert (
        in_force.id == approval.decision_id
        and sum(row.approved_amount for row in lines.values()) == AUTHOR_TOTAL
    )


def test_refusing_sets_aside_only_the_refused_decision(session, incident, people):
    claim = make_claim(session, people["claimant"], incident)
    review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim))
    first, _lines = review.current_decisions(session, claim)
    appeal(session, claim)
    raised = accept_all(claim, {0: LineDecision(0, "adjusted", amount=50_000, note="the full month")})
    approval = review.decide(session, claim, people["reviewer2"], claim.version, raised)
    assert approval is not None and approval.reasons == ["raised"]
    in_force, _lines = review.current_decisions(session, claim)
    assert in_force.id == first.id  # still in force while the new one waits
    review.refuse(session, approval, people["supervisor"], "No receipt for the month")
    session.expire_all()
    in_force, _lines = review.current_decisions(session, claim)
    assert in_force.id == first.id and in_force.approved_amount == TAXI_TOTAL
    assert session.get(Decision, approval.decision_id).superseded
    assert review.pending_approval(session, claim) is None


def test_withdrawing_voids_the_pending_approval(session, incident, people):
    claim = make_claim(session, people["claimant"], incident, claimant_type="author", items=AUTHOR_ITEMS)
    approval = review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim))
    filing.withdraw(session, claim, session.get(User, people["claimant"].id), expected_version=claim.version)
    session.expire_all()
    assert claim.status == "withdrawn"
    assert session.get(Approval, approval.id).status == "void"
    assert session.get(Decision, approval.decision_id).superseded
    assert review.pending_approval(session, claim) is None
    with pytest.raises(NotAllowed):
        review.sign(session, session.get(Approval, approval.id), people["supervisor"])
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.object_id == str(claim.id), AuditEvent.action == "claim.withdraw")
    ).one()
    assert event.after["void_approvals"] == [approval.id]


def test_a_line_raised_above_its_computed_amount_needs_another_supervisors_signature(
    session, incident, people
):
    claim = make_claim(session, people["claimant"], incident)
    raised = accept_all(claim, {2: LineDecision(2, "adjusted", amount=100_000, note="all my fares")})
    approval = review.decide(session, claim, people["supervisor"], claim.version, raised)
    assert approval is not None and approval.reasons == ["raised"]
    assert claim.status == "in_review" and claim.amount_approved is None  # nothing in force yet
    with pytest.raises(NotAllowed):
        review.sign(session, approval, people["supervisor"])  # not one's own decision
    review.sign(session, approval, people["supervisor2"])
    assert claim.amount_approved == TAXI_TOTAL - 6_500 + 100_000


# ---- conflicts of interest -----------------------------------------------------------------------------


def test_staff_cannot_decide_or_assign_a_claim_they_filed(session, incident, people):
    staff = people["reviewer"]
    claim = make_claim(session, staff, incident)
    with pytest.raises(NotAllowed, match="You filed this claim"):
        review.decide(session, claim, staff, claim.version, accept_all(claim))
    with pytest.raises(NotAllowed, match="You filed this claim"):
        review.assign(session, claim, staff)
    assert _count(session, Decision, Decision.claim_id == claim.id) == 0
    review.decide(session, claim, people["reviewer2"], claim.version, accept_all(claim))


@pytest.mark.parametrize("shared", ["email", "phone", "account"])
def test_staff_cannot_decide_or_sign_a_claim_sharing_their_details(session, incident, people, shared):
    staff = people["supervisor"]
    fields = {}
    if shared == "email":
        fields["contact_email"] = staff.email.upper()
    elif shared == "phone":
        staff.phone = "010-4242-4242"
        session.commit()
        fields["contact_phone"] = "01042424242"
    else:
        make_claim(session, staff, incident, payout_account="110-999-000111")
        fields["payout_account"] = "110999000111"
    claim = make_claim(
        session, people["claimant"], incident, claimant_type="author", items=AUTHOR_ITEMS, **fields
    )
    assert review.conflict_of_interest(session, claim, staff) == f"same_{shared}"
    with pytest.raises(NotAllowed):
        review.decide(session, claim, staff, claim.version, accept_all(claim))
    approval = review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim))
    with pytest.raises(NotAllowed):
        review.sign(session, approval, staff)
    review.sign(session, approval, people["supervisor2"])


# ---- one way to record a decision ----------------------------------------------------------------------


def test_the_audit_entry_names_each_lines_own_amount_when_lines_come_reversed(session, incident, people):
    claim = make_claim(session, people["claimant"], incident)
    computed = {line["index"]: int(line["amount"]) for line in claim.latest_assessment.lines}
    lines = [
        LineDecision(2, "rejected", reason_code="NO_EVIDENCE"),
        LineDecision(1, "adjusted", amount=20_000, note="receipt shows 20,000"),
        LineDecision(0, "accepted"),
    ]
    review.decide(session, claim, people["reviewer"], claim.version, lines)
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.object_id == str(claim.id), AuditEvent.action == "claim.decide")
    ).one()
    by_index = {row["index"]: row for row in event.after["lines"]}
    assert by_index[0] == {"index": 0, "outcome": "accepted", "computed": computed[0], "amount": computed[0]}
    assert by_index[1]["outcome"] == "adjusted" and by_index[1]["amount"] == 20_000
    assert by_index[2]["outcome"] == "rejected" and by_index[2]["amount"] == 0
    rows = {row.line_index: row for row in review.current_decisions(session, claim)[1].values()}
    assert (rows[0].approved_amount, rows[1].approved_amount, rows[2].approved_amount) == (
        computed[0],
        20_000,
        0,
    )


def test_every_claim_event_is_keyed_by_the_claims_id(session, incident, people):
    claim = make_claim(session, people["claimant"], incident, claimant_type="author", items=AUTHOR_ITEMS)
    review.assign(session, claim, people["reviewer"])
    approval = review.decide(session, claim, people["reviewer"], claim.version, accept_all(claim))
    review.sign(session, approval, people["supervisor"])
    keys = set(session.scalars(select(AuditEvent.object_id).where(AuditEvent.object_type == "claim")))
    assert keys == {str(claim.id)}


# ---- straight-through approval outside a request -----------------------------------------------------------


CONTACT = {
    "contact_name": "김하늘",
    "contact_phone": "010-1000-0001",
    "contact_email": "stp@example.com",
    "payout_bank": "신한은행",
    "payout_account": "110-123-456789",
    "payout_holder": "김하늘",
}
VOUCHER = {"kind": "voucher", "face_value": 30000, "expires_at": "2022-10-16T12:00"}


def _straight_through_draft(app, session, user_id):
    app.config.update(STP_LIMIT=1_000_000, STP_SAMPLE_RATE=0.0)
    user = session.get(User, user_id)
    claim = filing.start_draft(session, user, "user")
    filing.save_contact(session, claim, user, CONTACT)
    filing.save_items(session, claim, user, [VOUCHER])
    return claim, user


def test_an_automatic_approval_outside_a_request_issues_one_letter_and_one_email(app, incident, create_user):
    from claims.db import get_session

    user_id = create_user(email="stp@example.com").id
    with app.app_context():  # as in a job or a command: no request, no after-request hook
        session = get_session()
        claim, user = _straight_through_draft(app, session, user_id)
        before = len(_mails(app))
        filed, filed_now = filing.submit(session, claim, user, claim.submission_key, True)
        assert filed_now and filed.review_status == "auto_approved"
        session.expire_all()
        assert session.get(Claim, claim.id).status == "letter_issued"
        assert _count(session, Letter, Letter.claim_id == claim.id) == 1
        assert len(_mails(app)) == before + 2  # the receipt and the letter's e-mail
        # A repeat of the submission (a retried job, a second click) changes nothing.
        filing.submit(session, session.get(Claim, claim.id), user, claim.submission_key, True)
        assert _count(session, Letter, Letter.claim_id == claim.id) == 1 and len(_mails(app)) == before + 2


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_with_a_worker_the_automatic_approvals_letter_is_queued_after_the_commit_and_issued_once(
    app, incident, create_user, monkeypatch
):
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import SimpleWorker

    from claims import jobs
    from claims.db import get_session

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except RedisError as exc:
        pytest.skip(f"no Redis at {REDIS_URL} ({exc})")
    monkeypatch.setattr(jobs, "QUEUE", f"claims-decide-{uuid.uuid4().hex[:8]}")
    app.config.update(REDIS_URL=REDIS_URL, JOBS_INLINE=False)
    user_id = create_user(email="stp@example.com").id
    with app.app_context():
        session = get_session()
        queue = jobs.queue()
        try:
            claim, user = _straight_through_draft(app, session, user_id)
            before = len(_mails(app))
            filing.submit(session, claim, user, claim.submission_key, True)
            # the receipt e-mail and the letter, both after the commit; nothing sent or issued yet
            assert queue.count == 2 and _count(session, Letter, Letter.claim_id == claim.id) == 0
            assert len(_mails(app)) == before
            filing.submit(session, session.get(Claim, claim.id), user, claim.submission_key, True)
            assert queue.count == 2  # a repeated submission queues nothing more
            SimpleWorker([queue], connection=queue.connection).work(burst=True)
            session.expire_all()
            assert session.get(Claim, claim.id).status == "letter_issued"
            assert _count(session, Letter, Letter.claim_id == claim.id) == 1
            assert len(_mails(app)) == before + 2  # the receipt and the letter's e-mail, once each
        finally:
            queue.delete(delete_jobs=True)
            jobs.connection().close()


def test_no_service_records_a_claim_event_but_through_claim_event():
    """audit.claim_event is the one way: no other code writes an audit row about a claim by hand."""
    import claims

    root = Path(claims.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name == "audit.py" or path.parts[-2] == "demo":
            continue
        # record(session, actor, action, "claim", …): the object type is the fourth argument.
        if re.search(r"""record\(\s*\w+\s*,[^,]+,[^,]+,\s*["']claim["']""", text) or "AuditEvent(" in text:
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


def test_the_migration_points_old_approvals_at_their_decision_and_keeps_one_pending(tmp_path):
    """decision_approvals on data from before it (SQLite): a double click had left two pending approvals."""
    from sqlalchemy import create_engine, text

    from claims import migrate

    url = f"sqlite:///{tmp_path / 'before-approvals.sqlite3'}"
    migrate.upgrade(url, "accounts_security")
    engine = create_engine(url)
    now = "2022-11-01 01:00:00.000000"
    with engine.begin() as conn:
        for row_id, line_index in ((1, 0), (2, None), (3, 0), (4, None)):
            conn.execute(
                text(
                    "INSERT INTO decisions (id, claim_id, line_index, outcome, approved_amount, note,"
                    " created_at, superseded) VALUES (:id, 1, :line, 'accepted', 10, '', :now, false)"
                ),
                {"id": row_id, "line": line_index, "now": now},
            )
        for row_id in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO approvals (id, claim_id, status, amount, note, requested_at)"
                    " VALUES (:id, 1, 'pending', 10, '', :now)"
                ),
                {"id": row_id, "now": now},
            )
    migrate.upgrade(url, "decision_approvals")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, status, decision_id, reasons FROM approvals ORDER BY id")).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [(1, "void", 4, '["limit"]'), (2, "pending", 4, '["limit"]')]


def test_the_stored_outcome_is_in_full_only_when_every_line_gets_what_was_asked(session, incident, people):
    asked_more = make_claim(session, people["claimant"], incident)
    asked_more.items[0].amount_claimed = 50_000  # the policy gives 11,790 for this month's fee
    session.commit()
    review.decide(session, asked_more, people["reviewer"], asked_more.version, accept_all(asked_more))
    assert (asked_more.decision, asked_more.amount_approved) == ("partly_approved", TAXI_TOTAL)

    # One line rejected, another raised: the total is not below the computed one, and still not "in full".
    traded = make_claim(session, people["claimant"], incident)
    lines = accept_all(
        traded,
        {
            1: LineDecision(1, "rejected", reason_code="NO_EVIDENCE"),
            2: LineDecision(2, "adjusted", amount=40_000, note="a longer ride"),
        },
    )
    approval = review.decide(session, traded, people["reviewer"], traded.version, lines)
    review.sign(session, approval, people["supervisor"])
    assert traded.amount_approved >= traded.amount_computed and traded.decision == "partly_approved"
