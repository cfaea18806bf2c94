"""Signals: duplicates across claims on each identifying field, events outside windows, high amounts."""

from __future__ import annotations

import pytest

from claims.models import User
from claims.services import signals
from claims.services.triage import triage
from tests.factories import make_claim
from tests.services.test_triage import OUTSIDE_ITEMS


@pytest.fixture
def claimant(session, create_user):
    return session.get(User, create_user().id)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contact_phone", "010-5555-0001"),
        ("contact_email", "twice@example.com"),
        ("payout_account", "110-123-456789"),
        ("vehicle_number", "서울12가3456"),
        ("business_number", "123-45-67890"),
    ],
)
def test_a_shared_identifier_marks_a_possible_duplicate(session, incident, claimant, field, value):
    first = make_claim(session, claimant, incident, **{field: value})
    second = make_claim(session, claimant, incident, **{field: value})
    other = make_claim(session, claimant, incident)
    found = {s.code: s for s in signals.detect(session, second)}
    assert [(m.reference, m.field) for m in found["POSSIBLE_DUPLICATE"].matches] == [(first.reference, field)]
    assert "POSSIBLE_DUPLICATE" not in {s.code for s in signals.detect(session, other)}


def test_withdrawn_and_draft_claims_are_not_duplicates(session, incident, claimant):
    make_claim(session, claimant, incident, status="withdrawn", payout_account="1-2-3")
    claim = make_claim(session, claimant, incident, payout_account="1-2-3")
    assert signals.duplicates(session, claim) == []


def test_an_event_outside_every_window_is_shown_by_line(session, incident, claimant):
    claim = make_claim(session, claimant, incident, items=OUTSIDE_ITEMS)
    found = {s.code: s for s in signals.detect(session, claim)}
    assert found["OUTSIDE_WINDOWS"].lines == (0,)


def test_an_amount_far_above_the_median_of_its_type_and_head(session, incident, claimant):
    signals.forget_medians()
    for fee in range(20):
        claim = make_claim(
            session,
            claimant,
            incident,
            contact_phone="",
            contact_email="",
            payout_account="",
            items=[
                {
                    "kind": "out_of_pocket",
                    "service": "kakao_t_bike",
                    "incurred_at": "2022-10-16T10:00",
                    "amount": 10_000 + fee,
                    "category": "late_fee",
                }
            ],
        )
        triage(session, claim)
    session.commit()
    big = make_claim(
        session,
        claimant,
        incident,
        items=[
            {
                "kind": "out_of_pocket",
                "service": "kakao_t_bike",
                "incurred_at": "2022-10-16T10:00",
                "amount": 400_000,
                "category": "late_fee",
            }
        ],
    )
    normal = make_claim(
        session,
        claimant,
        incident,
        items=[
            {
                "kind": "out_of_pocket",
                "service": "kakao_t_bike",
                "incurred_at": "2022-10-16T10:00",
                "amount": 40_000,
                "category": "late_fee",
            }
        ],
    )
    found = {s.code: s for s in signals.detect(session, big)}
    assert found["HIGH_AMOUNT"].lines == (0,) and found["HIGH_AMOUNT"].detail["medians"]["0"] == 10_010
    assert "HIGH_AMOUNT" not in {s.code for s in signals.detect(session, normal)}
    signals.forget_medians()
