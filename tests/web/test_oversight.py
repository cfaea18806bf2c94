"""Oversight pages: statistics with SVG charts and tables; the payout export, once, downloadable again."""

from __future__ import annotations

import csv
import io

import pytest

from claims.models import Claim, PayoutBatch, User
from claims.services import review
from claims.services.review import LineDecision
from tests.factories import TAXI_TOTAL, make_claim


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


def test_export_marks_paid_once_and_downloads_again(client, login, create_user, decided, session):
    login(create_user(role="supervisor").email)
    page = client.get("/oversight/payouts").get_data(as_text=True)
    assert "96,580" in page
    response = client.post("/oversight/payouts/export", follow_redirects=True)
    assert response.status_code == 200
    batch = session.query(PayoutBatch).one()
    assert batch.claim_count == 2 and batch.total == 2 * TAXI_TOTAL
    assert {c.payout_batch_id for c in session.query(Claim).filter(Claim.id.in_(decided))} == {batch.id}
    download = client.get(f"/oversight/payouts/{batch.id}.csv")
    rows = list(csv.reader(io.StringIO(download.get_data().decode("utf-8-sig"))))
    assert download.mimetype == "text/csv" and "attachment" in download.headers["Content-Disposition"]
    assert rows[0][:5] == ["reference", "payee", "bank", "account", "amount"]
    assert rows[-1][:5] == ["TOTAL", "", "", "", str(2 * TAXI_TOTAL)]
    again = client.post("/oversight/payouts/export", follow_redirects=True)
    assert session.query(PayoutBatch).count() == 1
    assert again.status_code == 200
    assert client.get(f"/oversight/payouts/{batch.id}.csv").get_data() == download.get_data()
