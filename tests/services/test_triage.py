"""Straight-through processing: small unflagged claims are approved as computed, except a recorded sample."""

from __future__ import annotations

import random

import pytest

from claims.models import AuditEvent, Claim, Decision, User
from claims.services import queue
from claims.services.triage import triage
from tests.factories import AUTHOR_ITEMS, TAXI_TOTAL, make_claim

CAPPED_ITEMS = [
    {"kind": "subscription", "service": "daum_mail", "monthly_fee": 9900}
]  # CAPPED → MANUAL_REVIEW
OUTSIDE_ITEMS = [
    {
        "kind": "out_of_pocket",
        "service": "kakao_t_bike",
        "incurred_at": "2022-09-01T10:00",
        "amount": 30000,
        "category": "late_fee",
    },
    {"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 39000},
]


class FixedDraw(random.Random):
    def __init__(self, value: float):
        super().__init__()
        self.value = value

    def random(self) -> float:
        return self.value


@pytest.fixture
def claimant(session, create_user):
    return session.get(User, create_user().id)


def _triaged(session, claim, draw):
    triage(session, claim, FixedDraw(draw))
    session.commit()
    return claim


def test_a_small_clean_claim_outside_the_sample_is_approved_as_computed(session, incident, claimant):
    claim = _triaged(session, make_claim(session, claimant, incident), 0.5)
    assert claim.review_status == "auto_approved" and claim.review_draw == 0.5
    assert (claim.status, claim.decision, claim.amount_approved) == ("decided", "approved", TAXI_TOTAL)
    assert claim.decided_by_id is None
    assert session.query(Decision).filter_by(claim_id=claim.id, outcome="accepted").count() == 3
    event = session.query(AuditEvent).filter_by(action="claim.triage", object_id=str(claim.id)).one()
    assert event.after["draw"] == 0.5 and event.after["review_status"] == "auto_approved"


@pytest.mark.parametrize(
    ("draw", "status"), [(0.0, "selected"), (0.0999, "selected"), (0.1, "auto_approved")]
)
def test_the_sample_boundary(session, incident, claimant, draw, status):
    assert _triaged(session, make_claim(session, claimant, incident), draw).review_status == status


def test_the_sample_rate_is_a_setting(app, session, incident, claimant):
    app.config["STP_SAMPLE_RATE"] = 0.6
    assert _triaged(session, make_claim(session, claimant, incident), 0.5).review_status == "selected"


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"claimant_type": "author", "items": AUTHOR_ITEMS}, "above the limit"),
        ({"claimant_type": "user", "items": CAPPED_ITEMS}, "a rules flag"),
        ({"items": OUTSIDE_ITEMS}, "an event outside every window"),
        ({"items": [{"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 0}]}, "a total of 0"),
    ],
)
def test_claims_that_a_person_must_see(session, incident, claimant, kwargs, reason):
    claim = _triaged(session, make_claim(session, claimant, incident, **kwargs), 0.99)
    assert claim.review_status == "not_selected", reason
    assert claim.status == "submitted" and claim.review_draw is None


def test_a_possible_duplicate_goes_to_a_person(session, incident, claimant):
    first = _triaged(session, make_claim(session, claimant, incident, payout_account="110-222-333333"), 0.99)
    second = _triaged(session, make_claim(session, claimant, incident, payout_account="110-222-333333"), 0.99)
    assert first.review_status == "auto_approved"
    assert second.review_status == "not_selected" and second.signals == ["POSSIBLE_DUPLICATE"]
    assert second.flag_count == 1


def test_a_seeded_sample_keeps_about_the_rate(app, session, incident, claimant):
    rng = random.Random(20221015)
    claims = [
        make_claim(session, claimant, incident, contact_phone="", contact_email="", payout_account="")
        for _ in range(40)
    ]
    for claim in claims:
        triage(session, claim, rng)
    session.commit()
    statuses = [c.review_status for c in claims]
    assert statuses.count("selected") == sum(c.review_draw < 0.1 for c in claims)
    assert 0 < statuses.count("selected") < 12
    filtered = queue.page(
        session, queue.QueueFilters(status="all", review_status="selected"), None, page_size=100
    )
    assert {row.claim.id for row in filtered.rows} == {c.id for c in claims if c.review_status == "selected"}
    assert session.query(Claim).filter_by(
        review_status="auto_approved", status="decided"
    ).count() == 40 - len(filtered.rows)
