"""Decision letters from decided claims: Korean and English contents, determinism, issuing once, appeals."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from sqlalchemy import func, select

from claims.errors import NotAllowed
from claims.models import AuditEvent, Claim, Letter
from claims.services import letters, review
from claims.services.assessments import policy
from claims.services.review import LineDecision
from tests.factories import appeal, make_claim
from tests.letters.letters_support import pdf_text
from tests.letters_factories import DECIDED_AT, decide, decided_claim

# Every letter test runs with the letters in the local folder and in an S3 bucket.
pytestmark = pytest.mark.usefixtures("any_store")


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_korean_letter_says_the_decision_every_amount_and_the_total(session, incident, people, app):
    claim = decided_claim(session, people["claimant"], incident, people["reviewer"])
    letter = letters.issue_letter(claim.id)
    text = pdf_text(letter.pdf)
    ref = claim.reference
    assert (
        f"귀하의 손해배상 청구({ref})에 대해 일부 승인으로 결정하였습니다. 지급액은 18,290원입니다." in text
    )
    # Each line: the computation from its trace, what was computed and what was approved.
    assert "카카오T 택시 장애 22.5시간 × 10 × 39,000원 / 744시간 = 11,790원" in text
    for amount in ("11,790원", "30,000원", "0원", "6,500원", "48,290원", "18,290원"):
        assert amount in text
    assert "NO_EVIDENCE" in text and "손해를 확인할 자료 부족" in text and "영수증이 없습니다" in text
    assert "발행일 2022년 11월 3일" in text  # the decision's date in KST (16:30 UTC on 2 November)
    assert "이의신청 기한: 2022년 12월 3일" in text
    assert "2022년 11월 17일" in text  # paid within 14 days
    assert claim.payout_account not in text and "***" in text  # the account is masked
    assert f"fair-2022, {policy('fair-2022').params_hash[:8]}" in text
    assert "pangyo-2022-10-15" in text and letter.verification_code in text
    assert f"/verify/{letter.verification_code}" in text
    assert letter.language == "ko" and letter.decision == "partly_approved" and letter.total == 18_290
    assert letter.sha256 == hashlib.sha256(letter.pdf).hexdigest()
    assert letter.issued_on.isoformat() == "2022-11-03" and letter.replaces_id is None
    assert session.get(Claim, claim.id).status == "letter_issued"
    assert _count(session, AuditEvent, AuditEvent.action == "letter.issue") == 1
    mails = [
        message_from_bytes(p.read_bytes(), policy=default)
        for p in Path(app.config["MAIL_OUTBOX"]).glob("*.eml")
    ]
    assert len(mails) == 1 and ref in mails[0]["Subject"]
    body = mails[0].get_content()
    assert f"/my/claims/{ref}" in body and letter.verification_code in body and "/verify" in body


def test_english_letter_likewise(session, incident, people):
    claim = decided_claim(session, people["en"], incident, people["reviewer"])
    letter = letters.issue_letter(claim.id)
    text = pdf_text(letter.pdf)
    assert letter.language == "en"
    assert f"Your claim {claim.reference} has been partly approved. We will pay 18,290 KRW." in text
    assert "22.5 hours of Kakao T taxi downtime × 10 × 39,000 KRW / 744 hours = 11,790 KRW" in text
    for amount in ("11,790 KRW", "30,000 KRW", "6,500 KRW", "48,290 KRW", "18,290 KRW"):
        assert amount in text
    assert "Not enough evidence of the loss" in text
    assert "3 November 2022" in text and "3 December 2022" in text and "17 November 2022" in text


def test_the_same_decision_renders_the_same_bytes(session, incident, people):
    claim = decided_claim(session, people["claimant"], incident, people["reviewer"])
    before = letters.preview_letter(session, claim)
    assert before == letters.preview_letter(session, claim)
    letter = letters.issue_letter(claim.id)
    # The staff preview in the claimant's language is exactly the letter that was then issued …
    assert letter.pdf == before
    # … issuing again changes nothing, and re-rendering the issued letter gives its bytes back.
    again = letters.issue_letter(claim.id)
    assert again.id == letter.id and _count(session, Letter) == 1
    assert letters.preview_letter(session, session.get(Claim, claim.id), "ko") == letter.pdf
    assert letters.preview_letter(session, claim, "en") != letter.pdf


def test_an_appealed_decision_gets_a_second_letter_that_names_the_first(session, incident, people):
    claim = decided_claim(session, people["claimant"], incident, people["reviewer"])
    first = letters.issue_letter(claim.id)
    appeal(session, claim)
    decide(session, claim, people["reviewer2"], decided_at=DECIDED_AT + timedelta(days=20))
    assert [c.id for c in letters.pending_claims(session)] == [claim.id]
    second = letters.issue_letter(claim.id)
    assert second.id != first.id and second.replaces_id == first.id
    assert second.verification_code != first.verification_code
    text = pdf_text(second.pdf)
    assert f"이 통지서는 2022년 11월 3일자 통지서({first.verification_code})를 대체합니다." in text
    assert "전액 승인으로 결정하였습니다. 지급액은 48,290원입니다." in text
    assert letters.verification(session, first.verification_code).replaced_on.isoformat() == "2022-11-23"
    assert letters.verification(session, second.verification_code).replaced_on is None
    # The first letter is immutable: its bytes are what they were.
    assert session.get(Letter, first.id).sha256 == hashlib.sha256(first.pdf).hexdigest()


def test_only_decided_claims_without_a_letter_are_due(session, incident, people):
    submitted = make_claim(session, people["claimant"], incident)
    decided = decided_claim(session, people["claimant"], incident)
    assert [c.id for c in letters.pending_claims(session)] == [decided.id]
    assert letters.issue_letter(submitted.id) is None
    assert letters.issue_letter(999_999) is None
    assert session.get(Claim, submitted.id).status == "submitted"
    with pytest.raises(NotAllowed):
        letters.letter_data(session, submitted)
    letters.issue_letter(decided.id)
    assert letters.pending_claims(session) == []
    assert _count(session, Letter) == 1


def test_a_rejection_and_an_adjustment_say_why(session, incident, people):
    claim = make_claim(session, people["en"], incident)
    decide(
        session,
        claim,
        people["reviewer"],
        lines={
            0: ("adjusted", 5_000, "Only half the month was affected"),
            1: ("rejected", "OUTSIDE_OUTAGE"),
            2: ("rejected", "DUPLICATE"),
        },
    )
    data = letters.letter_data(session, claim)
    assert [line.approved for line in data.lines] == [5_000, 0, 0]
    assert data.lines[0].reason_text == "Amount adjusted: Only half the month was affected"
    assert (data.lines[1].reason_code, data.lines[1].reason_text) == (
        "OUTSIDE_OUTAGE",
        "The loss happened outside the outage",
    )
    assert data.decision == "partly_approved" and data.total_approved == 5_000
    decide(session, claim, people["reviewer"], lines={i: ("rejected", "NOT_ELIGIBLE") for i in range(3)})
    data = letters.letter_data(session, claim)
    assert data.decision == "rejected" and data.total_approved == 0 and data.payout == ""
    assert "We will not make a payment." in pdf_text(letters.preview_letter(session, claim))


def test_a_preview_writes_nothing(session, incident, people):
    claim = decided_claim(session, people["claimant"], incident)
    events = _count(session, AuditEvent)
    letters.preview_letter(session, claim, "en")
    session.rollback()
    assert _count(session, Letter) == 0 and _count(session, AuditEvent) == events
    assert session.get(Claim, claim.id).status == "decided"


def test_a_reviewers_decision_issues_the_letter_inline(session, incident, people, app):
    app.config["REDIS_URL"] = None
    claim = make_claim(session, people["claimant"], incident)
    lines = [LineDecision(line["index"], "accepted") for line in claim.latest_assessment.lines]
    review.decide(session, claim, people["reviewer"], claim.version, lines)
    session.expire_all()
    letter = letters.current_letter(session, session.get(Claim, claim.id))
    assert letter is not None and letter.decision == "approved" and letter.total == 48_290
    assert session.get(Claim, claim.id).status == "letter_issued"


def test_cli_renders_one_letter_and_issues_the_pending_ones(session, incident, people, runner, tmp_path):
    claims = [decided_claim(session, people["claimant"], incident) for _ in range(3)]
    out = tmp_path / "letter.pdf"
    result = runner.invoke(args=["render-letter", claims[0].reference, "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == letters.preview_letter(session, claims[0], "en")
    assert _count(session, Letter) == 0  # rendering one is not issuing it
    assert runner.invoke(args=["render-letter", "KC-0000-NOPE00", "--out", str(out)]).exit_code != 0
    result = runner.invoke(args=["render-letters", "--pending"])
    assert result.exit_code == 0, result.output
    assert "3 letters issued" in result.output and "letters/s" in result.output
    session.expire_all()
    assert _count(session, Letter) == 3 and letters.pending_claims(session) == []


def test_an_issued_letter_cannot_be_changed(session, incident, people):
    claim = decided_claim(session, people["claimant"], incident)
    letter = letters.issue_letter(claim.id)
    letter.total = 1
    with pytest.raises(ValueError, match="cannot be changed"):
        session.commit()
    session.rollback()
    assert session.get(Letter, letter.id).total == 18_290
