"""Permission and state questions on the models: the same answers for services and templates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from claims.models import Claim, Letter, User
from claims.models.claim import STATUS_LABELS, ClaimStatus


def user(uid: int, role: str = "claimant", **fields) -> User:
    row = User(id=uid, role=role, email=fields.pop("email", f"u{uid}@example.com"), **fields)
    row.active = True
    return row


def claim(status: str = "submitted", claimant_id: int = 1, **fields) -> Claim:
    return Claim(status=status, claimant_id=claimant_id, **fields)


CLAIMANT, OTHER = user(1), user(2)
REVIEWER, SUPERVISOR, ADMIN = user(10, "reviewer"), user(11, "supervisor"), user(12, "admin")


def test_every_status_has_a_label():
    assert set(STATUS_LABELS) == set(ClaimStatus)
    assert ClaimStatus("in_review") == "in_review" and ClaimStatus.IN_REVIEW.label


@pytest.mark.parametrize(
    ("who", "allowed"),
    [(CLAIMANT, True), (OTHER, False), (REVIEWER, True), (SUPERVISOR, True), (ADMIN, False)],
)
def test_who_sees_a_claim(who, allowed):
    assert claim().can_view(who) is allowed


@pytest.mark.parametrize(
    ("status", "edit", "withdraw", "discard"),
    [
        ("draft", True, False, True),
        ("submitted", False, True, False),
        ("in_review", False, True, False),
        ("needs_info", True, True, False),
        ("decided", False, False, False),
        ("letter_issued", False, False, False),
        ("withdrawn", False, False, False),
    ],
)
def test_what_the_claimant_may_do_in_each_state(status, edit, withdraw, discard):
    row = claim(status)
    assert (row.can_edit(CLAIMANT), row.can_withdraw(CLAIMANT), row.can_discard(CLAIMANT)) == (
        edit,
        withdraw,
        discard,
    )
    assert not (row.can_edit(OTHER) or row.can_withdraw(OTHER) or row.can_discard(OTHER))


def test_appeal_until_the_end_of_the_day_printed_plus_30_days():
    letter = Letter(issued_on=date(2022, 11, 3), issued_at=datetime(2022, 11, 2, 16, 30, tzinfo=UTC))
    row = claim("letter_issued")
    # Printed 3 Nov + 30 days = 3 Dec: appeals are taken through that whole KST day (to 3 Dec 15:00 UTC).
    assert row.can_appeal(CLAIMANT, letter, datetime(2022, 12, 3, 14, 59, tzinfo=UTC))
    assert not row.can_appeal(CLAIMANT, letter, datetime(2022, 12, 3, 15, 0, tzinfo=UTC))
    assert not row.can_appeal(OTHER, letter, datetime(2022, 11, 5, tzinfo=UTC))
    assert not row.can_appeal(CLAIMANT, None, datetime(2022, 11, 5, tzinfo=UTC))
    assert not claim("decided").can_appeal(CLAIMANT, letter, datetime(2022, 11, 5, tzinfo=UTC))


@pytest.mark.parametrize(
    ("staff", "fields", "own_accounts", "reason"),
    [
        (user(10, "reviewer"), {}, frozenset(), None),
        (user(1, "reviewer"), {}, frozenset(), "own_claim"),  # an account that filed it, later made staff
        (
            user(10, "reviewer", email="Kim@Example.com"),
            {"contact_email": "kim@example.com "},
            frozenset(),
            "same_email",
        ),
        (
            user(10, "reviewer", phone="010-1234-5678"),
            {"contact_phone": "01012345678"},
            frozenset(),
            "same_phone",
        ),
        (
            user(10, "reviewer"),
            {"payout_account": "3333-01-1234567"},
            frozenset({"3333011234567"}),
            "same_account",
        ),
    ],
)
def test_conflicts_of_interest(staff, fields, own_accounts, reason):
    row = claim(**fields)
    assert row.conflict_of_interest(staff, own_accounts) == reason
    assert row.can_decide(staff, own_accounts) is (reason is None)


def test_only_case_staff_decide_and_only_in_a_decidable_state():
    assert claim("submitted").can_decide(REVIEWER) and claim("appealed").can_decide(SUPERVISOR)
    assert not claim("submitted").can_decide(ADMIN) and not claim("submitted").can_decide(OTHER)
    assert not claim("needs_info").can_decide(REVIEWER) and not claim("decided").can_decide(REVIEWER)
    assert claim("in_review").can_request_information(REVIEWER)
    assert not claim("appealed").can_request_information(REVIEWER)
