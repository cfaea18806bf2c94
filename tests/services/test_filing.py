"""The filing use cases on their own: drafts, saving items, idempotent submission, withdraw, appeal rules."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from claims.db import utcnow
from claims.errors import InvalidInput, NotAllowed, NotFound
from claims.i18n import KST
from claims.models import Appeal, AuditEvent, Claim, Letter
from claims.services import evidence, filing
from tests.samples import PNG

CONTACT = {
    "contact_name": "김하늘",
    "contact_phone": "010-1000-0001",
    "contact_email": "user@example.com",
    "payout_bank": "신한은행",
    "payout_account": "110-123-456789",
    "payout_holder": "김하늘",
}
VOUCHER = {"kind": "voucher", "face_value": 30000, "expires_at": "2022-10-16T12:00"}
FARES = {
    "kind": "unpaid_fares",
    "rides": [
        {"started_at": "2022-10-15T15:15", "ended_at": "2022-10-15T15:40", "fare": 6500},
        {"started_at": "2022-10-15T10:00", "ended_at": "2022-10-15T10:30", "fare": 9000},
    ],
}


@pytest.fixture
def ctx(app, incident, create_user):
    app.config["STP_LIMIT"] = 0  # these tests set decisions and letters themselves
    user = create_user(email="user@example.com")
    with app.test_request_context():
        from claims.db import get_session

        session = get_session()
        yield session, session.merge(user)


def _draft(ctx, claimant_type="user", items=(VOUCHER,)):
    session, user = ctx
    claim = filing.start_draft(session, user, claimant_type)
    filing.save_contact(session, claim, user, CONTACT)
    filing.save_items(session, claim, user, list(items))
    return claim


def test_a_draft_has_a_reference_a_key_and_the_claimants_details(ctx):
    session, user = ctx
    claim = filing.start_draft(session, user, "user")
    assert claim.reference.startswith("KC-2210-") and len(claim.reference) == 14
    assert claim.status == "draft" and claim.submission_key and claim.policy_id == "fair-2022"
    assert claim.contact_email == "user@example.com"
    with pytest.raises(InvalidInput):
        filing.start_draft(session, user, "astronaut")


def test_saving_items_stores_the_rules_shape_and_amounts(ctx):
    session, user = ctx
    claim = _draft(ctx, "taxi_driver", [FARES])
    item = claim.items[0]
    assert item.kind == "unpaid_fares" and "kind" not in item.inputs
    assert item.inputs["rides"][0] == {
        "started_at": "2022-10-15T15:15:00+09:00",
        "ended_at": "2022-10-15T15:40:00+09:00",
        "fare": 6500,
    }
    assert item.amount_claimed == 15500 and claim.amount_claimed == 15500
    assert claim.amount_computed == 6500  # only the ride paid during the outage counts
    # Saving again with fewer items replaces them in place.
    filing.save_items(session, claim, user, [VOUCHER])
    assert [i.kind for i in claim.items] == ["voucher"] and claim.amount_claimed == 30000
    with pytest.raises(InvalidInput):
        filing.save_items(session, claim, user, [{"kind": "voucher", "face_value": -1, "expires_at": "x"}])


def test_claimed_amounts_per_kind():
    assert filing.claimed_amount("lost_income", {"hourly_income": 20000, "shifts": [
        ["2022-10-15T14:00:00+09:00", "2022-10-15T20:30:00+09:00"]]}) == 130000  # fmt: skip
    assert (
        filing.claimed_amount(
            "ad_spend", {"campaigns": [{"sent_at": "x", "cost": 5}, {"sent_at": "y", "cost": 7}]}
        )
        == 12
    )
    assert filing.claimed_amount("subscription", {"service": "melon", "monthly_fee": 10900}) == 10900


def test_submit_is_idempotent_and_snapshots_the_assessment(ctx):
    session, user = ctx
    claim = _draft(ctx)
    key = claim.submission_key
    filed, new = filing.submit(session, claim, user, key, declared=True)
    assert new and filed.filed_at is not None and filed.status in ("submitted", "decided")
    again, new_again = filing.submit(session, claim, user, key, declared=True)
    assert not new_again and again.id == filed.id
    assert len(filed.assessments) == 1
    snap = filed.latest_assessment
    assert snap.total == 30000 and snap.policy_id == "fair-2022" and snap.lines[0]["trace"]
    submits = session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "claim.submit")
    )
    assert submits == 1
    with pytest.raises(NotAllowed):
        filing.submit(session, claim, user, "another key", declared=True)


def test_submit_needs_key_declaration_and_complete_steps(ctx):
    session, user = ctx
    claim = _draft(ctx)
    with pytest.raises(InvalidInput):
        filing.submit(session, claim, user, "wrong", declared=True)
    with pytest.raises(InvalidInput):
        filing.submit(session, claim, user, claim.submission_key, declared=False)
    empty = filing.start_draft(session, user, "user")
    assert filing.missing_for_submission(empty) == ["contact", "losses"]
    with pytest.raises(InvalidInput):
        filing.submit(session, empty, user, empty.submission_key, declared=True)


def test_another_users_claim_is_not_found(ctx, create_user):
    session, user = ctx
    claim = _draft(ctx)
    other = session.merge(create_user(email="other@example.com"))
    with pytest.raises(NotFound):
        filing.save_items(session, claim, other, [VOUCHER])
    with pytest.raises(NotFound):
        filing.withdraw(session, claim, other)


def test_withdraw_only_before_a_decision(ctx):
    session, user = ctx
    claim = _draft(ctx)
    with pytest.raises(NotAllowed):
        filing.withdraw(session, claim, user)  # a draft was never filed
    filing.submit(session, claim, user, claim.submission_key, declared=True)
    claim.status = "in_review"
    session.commit()
    filing.withdraw(session, claim, user)
    assert claim.status == "withdrawn"
    with pytest.raises(NotAllowed):
        filing.withdraw(session, claim, user)


def _letter(session, claim, days_ago):
    claim.status = "letter_issued"
    letter = Letter(
        claim_id=claim.id, verification_code=f"V{days_ago}{claim.id}", language="ko",
        sha256=hashlib.sha256(b"%PDF").hexdigest(), pdf=b"%PDF", decision="rejected", total=0,
        issued_at=utcnow() - timedelta(days=days_ago),
    )  # fmt: skip
    session.add(letter)
    session.commit()
    return letter


def test_appeal_within_30_days_of_the_latest_letter(ctx):
    session, user = ctx
    claim = _draft(ctx)
    filing.submit(session, claim, user, claim.submission_key, declared=True)
    _letter(session, claim, days_ago=40)
    latest = _letter(session, claim, days_ago=29)
    claim.decided_by_id = None
    row, rejected = filing.appeal(
        session,
        claim,
        user,
        "The voucher expired at noon.",
        [evidence.Upload("v.png", io.BytesIO(PNG))],
    )
    assert not rejected and claim.status == "appealed"
    assert row.letter_id == latest.id and session.scalar(select(func.count()).select_from(Appeal)) == 1
    assert len(claim.evidence) == 1


def test_no_appeal_after_30_days_or_without_a_reason(ctx):
    session, user = ctx
    claim = _draft(ctx)
    filing.submit(session, claim, user, claim.submission_key, declared=True)
    _letter(session, claim, days_ago=31)
    with pytest.raises(NotAllowed):
        filing.appeal(session, claim, user, "late", [])
    claim2 = _draft(ctx)
    filing.submit(session, claim2, user, claim2.submission_key, declared=True)
    _letter(session, claim2, days_ago=1)
    with pytest.raises(InvalidInput):
        filing.appeal(session, claim2, user, "  ", [])
    assert session.get(Claim, claim2.id).status == "letter_issued"


@pytest.mark.parametrize(
    ("letter_date", "now", "allowed"),
    [
        (date(2022, 11, 3), datetime(2022, 12, 3, 23, 59, tzinfo=KST), True),  # the printed deadline, all day
        (date(2022, 11, 3), datetime(2022, 12, 4, 0, 0, tzinfo=KST), False),  # the day after
    ],
)
def test_the_appeal_deadline_is_the_date_printed_on_the_letter(letter_date, now, allowed):
    letter = Letter(issued_on=letter_date, issued_at=datetime(2022, 11, 5, tzinfo=KST))
    assert (now < filing.appeal_deadline(letter)) is allowed


def test_two_concurrent_submissions_file_once(app, ctx):
    """Two requests load the same draft; both submit; the version check lets only one write."""
    session, user = ctx
    claim = _draft(ctx)
    other_session = app.extensions["db_sessionmaker"]()
    try:
        other_claim = other_session.get(Claim, claim.id)
        other_user = other_session.merge(user)
        assert other_claim.status == "draft"
        filing.submit(session, claim, user, claim.submission_key, declared=True)
        late, new = filing.submit(other_session, other_claim, other_user, other_claim.submission_key, True)
        assert not new and late.status != "draft"
    finally:
        other_session.close()
    submits = session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "claim.submit")
    )
    assert submits == 1
    session.expire_all()
    assert len(session.get(Claim, claim.id).assessments) == 1
