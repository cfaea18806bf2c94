"""Payout export: only approved, signed, unpaid claims; one batch each; the CSV with its total line."""

from __future__ import annotations

import csv
import io

import pytest

from claims.errors import NotAllowed
from claims.models import Claim, Letter, PayoutBatch
from claims.services import payouts, review
from claims.services.review import LineDecision
from tests.factories import AUTHOR_ITEMS, TAXI_TOTAL, make_claim


def _decide(session, claim, reviewer, reject=False):
    lines = [
        LineDecision(line["index"], "rejected", reason_code="OTHER")
        if reject
        else LineDecision(line["index"], "accepted")
        for line in claim.latest_assessment.lines
    ]
    return review.decide(session, claim, reviewer, claim.version, lines)


def test_export_once_with_a_total_line(session, incident, people):
    claimant, reviewer, supervisor = people["claimant"], people["reviewer"], people["supervisor"]
    paid = make_claim(session, claimant, incident, payout_holder="=HYPERLINK(1)")
    _decide(session, paid, reviewer)
    session.add(
        Letter(
            claim_id=paid.id,
            verification_code="VC-1234",
            language="ko",
            sha256="x",
            pdf=b"%PDF",
            decision="approved",
            total=TAXI_TOTAL,
        )
    )
    rejected = make_claim(session, claimant, incident)
    _decide(session, rejected, reviewer, reject=True)
    waiting = make_claim(session, claimant, incident, claimant_type="author", items=AUTHOR_ITEMS)
    assert _decide(session, waiting, reviewer) is not None  # not signed yet: not payable
    make_claim(session, claimant, incident)  # not decided
    session.commit()
    assert payouts.payable_summary(session) == (1, TAXI_TOTAL)

    with pytest.raises(NotAllowed):
        payouts.export(session, reviewer)
    batch = payouts.export(session, supervisor)
    rows = list(csv.reader(io.StringIO(batch.csv)))
    assert rows[0] == list(payouts.HEADER)
    assert rows[1] == [
        paid.reference,
        "'=HYPERLINK(1)",
        "카카오뱅크",
        paid.payout_account,
        str(TAXI_TOTAL),
        "VC-1234",
    ]
    assert rows[2] == ["TOTAL", "", "", "", str(TAXI_TOTAL), "1"]
    assert (batch.claim_count, batch.total) == (1, TAXI_TOTAL)
    assert session.get(Claim, paid.id).payout_batch_id == batch.id
    assert payouts.csv_bytes(batch).startswith(b"\xef\xbb\xbf")

    with pytest.raises(NotAllowed, match="nothing to pay"):
        payouts.export(session, supervisor)
    assert session.query(PayoutBatch).count() == 1
