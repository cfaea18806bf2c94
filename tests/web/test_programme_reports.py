"""Programme reports for supervisors (issue 9): backlog and ageing, throughput per week, reason mix, appeal
outcomes, adjust / overturn / refusal rates per reviewer — charts, tables and a CSV of each."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from claims.db import utcnow
from claims.models import Approval, User
from claims.services import programme, review
from tests.factories import AUTHOR_ITEMS, appeal, make_claim


def _lines(claim, outcome="accepted", reason=None, amount=None, note=""):
    return [
        review.LineDecision(
            index=line["index"], outcome=outcome, reason_code=reason, amount=amount, note=note
        )
        for line in claim.latest_assessment.lines
    ]


@pytest.fixture
def programme_world(app, session, incident, people, create_user):
    claimant = session.get(User, people["claimant"].id)
    reviewer = session.get(User, people["reviewer"].id)
    supervisor = session.get(User, people["supervisor"].id)
    odd = create_user(role="reviewer", email="odd@example.com", display_name="=HYPERLINK(1)")
    now = utcnow()
    # waiting: one fresh, one past the promised decision date
    make_claim(session, claimant, incident, filed_at=now - timedelta(days=2))
    make_claim(session, claimant, incident, filed_at=now - timedelta(days=45))
    # decided by the reviewer: one accepted, one rejected (NOT_ELIGIBLE on every line)
    accepted = make_claim(session, claimant, incident, filed_at=now - timedelta(days=10))
    review.decide(session, accepted, reviewer, accepted.version, _lines(accepted))
    rejected = make_claim(session, claimant, incident, filed_at=now - timedelta(days=10))
    review.decide(session, rejected, reviewer, rejected.version, _lines(rejected, "rejected", "NOT_ELIGIBLE"))
    # the rejected one is appealed and raised by another reviewer
    appeal(session, rejected)
    odd_user = session.get(User, odd.id)
    review.decide(session, rejected, odd_user, rejected.version, _lines(rejected))
    plain = make_claim(session, claimant, incident, filed_at=now - timedelta(days=3))
    review.decide(session, plain, odd_user, plain.version, _lines(plain, "rejected", "NO_EVIDENCE"))
    # a big decision whose second signature is refused: it never took effect
    big = make_claim(
        session,
        claimant,
        incident,
        claimant_type="author",
        items=AUTHOR_ITEMS,
        filed_at=now - timedelta(days=1),
    )
    review.decide(session, big, reviewer, big.version, _lines(big))
    approval = session.query(Approval).filter_by(claim_id=big.id, status="pending").one()
    review.refuse(session, approval, supervisor, "다시 보세요", expected_version=big.version)
    return {"people": people, "reviewer": reviewer, "odd": odd_user, "rejected": rejected, "big": big}


def test_the_figures(session, programme_world):
    w = programme_world
    backlog = programme.backlog(session)
    assert backlog.past_promise == 1
    assert backlog.total == 3  # two waiting and the refused big one back in review
    reasons = programme.reason_mix(session)
    assert reasons == [("NO_EVIDENCE", 3, 1)]  # the NOT_ELIGIBLE lines were replaced on appeal
    appeals = programme.appeal_outcomes(session)
    assert appeals["raised"][0] == 1 and appeals["raised"][1] == w["rejected"].amount_approved
    rows = {r.reviewer_id: r for r in programme.reviewers(session)}
    first = rows[w["reviewer"].id]
    assert first.decisions == 2  # the refused decision does not count
    assert first.lines == 6 and first.rejected == 3 and first.reject_rate == 50.0
    assert first.appealed == 1 and first.overturned == 1 and first.overturn_rate == 50.0
    assert first.approvals == 1 and first.refused == 1 and first.refusal_rate == 100.0
    assert rows[w["odd"].id].decisions == 2
    weeks = programme.throughput(session)
    assert sum(row[2] for row in weeks) == 4 and sum(row[1] for row in weeks) == 6


def test_the_page_and_the_csv_files(client, login, programme_world):
    login(programme_world["people"]["supervisor"].email)
    page = client.get("/oversight/reports/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert text.count("<svg") == 5 and "table-reviewers" in text
    oldest = text[text.index('class="oldest"') :][:600]
    assert oldest.count("<li>") == 1 and "45" in oldest  # the one claim past the promised date
    for name in (
        programme.REPORTS
        if hasattr(programme, "REPORTS")
        else (
            "backlog",
            "throughput",
            "reasons",
            "appeals",
            "reviewers",
        )
    ):
        response = client.get(f"/oversight/reports/csv?report={name}")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert response.data.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
        assert len(rows) >= 2, name
    reviewers = client.get("/oversight/reports/csv?report=reviewers").data.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in reviewers and "\n=HYPERLINK" not in reviewers
    assert client.get("/oversight/reports/csv?report=passwords").status_code == 404


def test_reviewers_cannot_see_the_reports(client, login, programme_world):
    login(programme_world["people"]["reviewer"].email)
    assert client.get("/oversight/reports/").status_code == 403
