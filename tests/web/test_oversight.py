"""Oversight pages: statistics with SVG charts and tables (the payout pages: test_payout_pages.py)."""

from __future__ import annotations

import pytest

from claims.models import User
from claims.services import review
from claims.services.review import LineDecision
from tests.factories import make_claim


@pytest.fixture
def decided(session, incident, create_user):
    claimant = session.get(User, create_user().id)
    reviewer = session.get(User, create_user(role="reviewer").id)
    claims = [make_claim(session, claimant, incident) for _ in range(2)]
    for claim in claims:
        lines = [LineDecision(line["index"], "accepted") for line in claim.latest_assessment.lines]
        review.decide(session, claim, reviewer, claim.version, lines)
    make_claim(session, claimant, incident)
    return [c.id for c in claims]


def test_statistics_page_draws_charts_with_tables(client, login, create_user, decided):
    login(create_user(role="supervisor").email)
    response = client.get("/oversight/stats")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.count("<svg") == 6 and 'role="img"' in body
    assert body.count("<table") >= 8  # each chart has its table, plus amounts per type and time to decision
    assert "<script" not in body.split("<main", 1)[1]
    assert "96,580" in body  # the approved total of the two decided claims
