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
from claims.letters.sign import check_signature, unsigned_body
from claims.models import AuditEvent, Claim, Letter
from claims.services import letters, review
from claims.services.assessments import policy
from claims.services.letter_signing import signer
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
    assert f"귀하의 보상 청구({ref})에 대한 결정은 일부 인정입니다. 인정액은 18,290원입니다." in text
    # Each line: the computation from its trace, what was computed and what was approved.
    assert "카카오T 택시 장애 22시간 30분 × 10 × 39,000원 / 744시간 = 11,790원" in text
    for amount in ("11,790원", "30,000원", "0원", "6,500원", "48,290원", "18,290원"):
        assert amount in text
    assert "NO_EVIDENCE" not in text and "사유: 손해를 확인할 자료 부족 — 영수증이 없습니다" in text
    assert "다음에 하실 수 있는 일: 영수증, 이용 내역 캡처, 정산서 등" in text  # the reason's next step
    assert "발급일 2022년 11월 3일" in text  # the decision's date in KST (16:30 UTC on 2 November)
    assert "이의 신청 기한: 2022년 12월 3일" in text
    assert "2022년 11월 17일" in text  # paid within 14 days
    assert claim.payout_account not in text and "***" in text  # the account is masked
    assert f"fair-2022, {policy('fair-2022').params_hash[:8]}" in text
    assert "pangyo-2022-10-15" in text and letter.verification_code in text
    assert f"/verify/{letter.verification_code}" in text
    assert letter.language == "ko" and letter.decision == "partly_approved" and letter.total == 18_290
    assert letter.sha256 == hashlib.sha256(letter.pdf).hexdigest()
    assert check_signature(letter.pdf, [signer().certificate]).ok  # signed with the portal's key
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
    assert (
        f"Your claim {claim.reference} has been approved in part. The approved amount is 18,290 KRW." in text
    )
    assert "22.5 hours of Kakao T taxi downtime × 10 × 39,000 KRW / 744 hours = 11,790 KRW" in text
    for amount in ("11,790 KRW", "30,000 KRW", "6,500 KRW", "48,290 KRW", "18,290 KRW"):
        assert amount in text
    assert "Not enough evidence of the loss" in text
    assert "3 November 2022" in text and "3 December 2022" in text and "17 November 2022" in text


def test_the_same_decision_renders_the_same_body_and_the_preview_is_marked(session, incident, people):
    from claims.letters import render_letter

    claim = decided_claim(session, people["claimant"], incident, people["reviewer"])
    preview = letters.preview_letter(session, claim)
    assert preview == letters.preview_letter(session, claim)  # deterministic
    assert "미리보기" in pdf_text(preview) and "/verify/" not in pdf_text(preview)
    letter = letters.issue_letter(claim.id)
    # The issued letter is its rendered body, byte for byte, plus the portal's signature …
    issued = session.get(Claim, claim.id)
    assert unsigned_body(letter.pdf) == render_letter(letters.letter_data(session, issued))
    assert check_signature(letter.pdf, [signer().certificate]).ok
    # … issuing again changes nothing; the preview stays a preview, without the letter's code.
    again = letters.issue_letter(claim.id)
    assert again.id == letter.id and _count(session, Letter) == 1
    assert letter.verification_code not in pdf_text(letters.preview_letter(session, issued, "ko"))


def test_every_issued_letter_has_its_own_code(session, incident, people):
    codes = {letters.issue_letter(decided_claim(session, people["claimant"], incident).id).verification_code}
    codes.add(letters.issue_letter(decided_claim(session, people["claimant"], incident).id).verification_code)
    assert len(codes) == 2 and all(len(code) == 10 for code in codes)


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
    # The claimant asked for nothing more than computed (the factory claims no amount): in full.
    assert "결정은 전액 인정입니다. 인정액은 48,290원입니다." in text
    # Nothing was paid yet: the whole amount is the balance.
    assert "이미 지급한 금액: 0원" in text and "추가로 지급할 금액: 48,290원" in text
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
    assert data.lines[0].reason == "Amount adjusted: Only half the month was affected"
    assert data.lines[1].reason == "The loss happened outside the outage"
    assert data.lines[1].next_step.startswith("If you have records showing the loss happened during")
    assert data.decision == "partly_approved" and data.total_approved == 5_000
    decide(session, claim, people["reviewer"], lines={i: ("rejected", "NOT_ELIGIBLE") for i in range(3)})
    data = letters.letter_data(session, claim)
    assert data.decision == "rejected" and data.total_approved == 0 and data.payout == ""
    assert "No amount will be paid." in pdf_text(letters.preview_letter(session, claim))


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
    assert out.read_bytes() == letters.preview_letter(session, claims[0], "en")  # marked as a preview
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


# ---- honest on paper (issue 9): the claim cap, no raw codes, what was paid after an appeal ----------------


def test_a_capped_claims_lines_and_cap_line_add_up_to_the_total(session, incident, people):
    from tests.factories import AUTHOR_ITEMS

    items = [
        {**AUTHOR_ITEMS[0], "expected_earnings": 5_000_000},
        {**AUTHOR_ITEMS[1], "daily_earnings": 1_223_300},
    ]
    claim = make_claim(session, people["claimant"], incident, claimant_type="author", items=items)
    lines = [int(line["amount"]) for line in claim.latest_assessment.lines]
    assert sum(lines) > 5_000_000 and claim.latest_assessment.total == 5_000_000  # the author's claim cap
    decide(session, claim, people["reviewer"])
    data = letters.letter_data(session, claim)
    cap = 5_000_000 - sum(lines)
    assert (data.cap_computed, data.cap_approved) == (cap, cap)
    assert sum(line.approved for line in data.lines) + data.cap_approved == data.total_approved == 5_000_000
    text = pdf_text(letters.issue_letter(claim.id).pdf)
    assert "보상 한도 적용 (웹툰·웹소설 작가 1건당 5,000,000원)" in text
    assert f"{cap:,}원 {cap:,}원" in text  # the cap line, in the computed and the approved column
    for amount in lines:
        assert f"{amount:,}원 {amount:,}원" in text  # each line, computed and approved
    assert "합계 — 5,000,000원 5,000,000원" in text  # nothing asked for, then the totals


def test_a_korean_letter_shows_no_raw_engine_or_reason_code(session, incident, people):
    import re

    items = [
        {"kind": "subscription", "service": "daum_mail", "monthly_fee": 9_900},  # CAPPED at one month
        {
            "kind": "out_of_pocket",
            "service": "kakao_t_bike",
            "incurred_at": "2022-12-20T10:00",  # long after the outage: NO_OVERLAP
            "amount": 30_000,
            "category": "late_fee",
        },
        {"kind": "voucher", "face_value": 20_000, "expires_at": "2022-10-16T12:00"},
    ]
    claim = make_claim(session, people["claimant"], incident, claimant_type="user", items=items)
    codes = [line["code"] for line in claim.latest_assessment.lines]
    assert codes == ["CAPPED", "NO_OVERLAP", "OK"]
    decide(session, claim, people["reviewer"], lines={2: ("rejected", "NOT_CAUSED_BY_OUTAGE", "")})
    text = pdf_text(letters.issue_letter(claim.id).pdf)
    assert not re.search(r"\b[A-Z]{2,}_[A-Z_]+", text), re.findall(r"\b[A-Z]{2,}_[A-Z_]+", text)
    for code in ("CAPPED", "NO_OVERLAP", "NOT_CAUSED", "OUTAG"):
        assert code not in text
    assert "한도 적용" in text and "장애 시간과 겹치지 않음" in text and "장애로 생긴 손해가 아님" in text
    assert "장애 때문에 손해가 생겼다는 설명과 자료가 있으면 이의를 신청할 수 있습니다." in text
    assert "전액 승인" not in text and "결정은 일부 인정입니다" in text


def test_an_appeal_after_payment_states_approved_paid_and_balance(session, incident, people):
    from claims.services import payouts
    from claims.services.letter_contents import already_paid

    claim = decided_claim(session, people["claimant"], incident, people["reviewer"])
    first = letters.issue_letter(claim.id)
    batch = payouts.export(session, people["supervisor"])
    assert already_paid(session, claim) == 0  # exported is not paid until the batch is sent
    payouts.mark_sent(session, batch, people["supervisor"])
    claim = session.get(Claim, claim.id)
    assert already_paid(session, claim) == 18_290
    appeal(session, claim)
    decide(session, claim, people["reviewer2"], decided_at=DECIDED_AT + timedelta(days=20))
    second = letters.issue_letter(claim.id)
    text = pdf_text(second.pdf)
    assert second.replaces_id == first.id
    assert "이번 결정의 인정액: 48,290원" in text
    assert "이미 지급한 금액: 18,290원" in text
    assert "추가로 지급할 금액: 30,000원" in text and "30,000원은 2022년 12월 7일까지" in text
    # The balance the letter promises is what the next batch pays, as a top-up.
    [due] = payouts.due_list(session)
    assert (due.reference, due.kind, due.amount) == (claim.reference, "top_up", 30_000)
    payouts.mark_sent(session, payouts.export(session, people["supervisor"]), people["supervisor"])
    # Lowered instead: the balance is recovered, never silently dropped.
    appeal(session, session.get(Claim, claim.id))
    decide(
        session,
        session.get(Claim, claim.id),
        people["reviewer"],
        lines={i: ("rejected", "NOT_ELIGIBLE") for i in range(2)},
        decided_at=DECIDED_AT + timedelta(days=40),
    )
    third = pdf_text(letters.issue_letter(claim.id).pdf)
    assert "이번 결정의 인정액: 6,500원" in third and "이미 지급한 금액: 48,290원" in third
    assert "돌려받을 금액: 41,790원" in third
    [item] = payouts.recoveries(session)
    assert (item.reference, item.amount) == (claim.reference, 41_790)


def test_verify_letter_accepts_an_issued_letter_and_rejects_a_changed_byte(
    session, incident, people, runner, tmp_path
):
    claim = decided_claim(session, people["claimant"], incident)
    letter = letters.issue_letter(claim.id)
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter.pdf)
    result = runner.invoke(args=["verify-letter", str(path)])
    assert result.exit_code == 0, result.output
    assert "signature: valid" in result.output and "unchanged since it was signed" in result.output
    assert f"{letter.verification_code} of claim {claim.reference}" in result.output
    assert "status:    in force" in result.output and result.output.strip().endswith("GENUINE")
    changed = bytearray(letter.pdf)
    changed[len(changed) // 3] ^= 0x01
    path.write_bytes(bytes(changed))
    result = runner.invoke(args=["verify-letter", str(path)])
    assert result.exit_code == 1 and "NOT GENUINE" in result.output and "CHANGED" in result.output
    path.write_bytes(b"hello")
    result = runner.invoke(args=["verify-letter", str(path)])
    assert result.exit_code == 1 and "not a PDF file" in result.output
    # A letter replaced after an appeal is genuine, and says it is no longer in force.
    path.write_bytes(letter.pdf)
    appeal(session, session.get(Claim, claim.id))
    decide(
        session, session.get(Claim, claim.id), people["reviewer"], decided_at=DECIDED_AT + timedelta(days=9)
    )
    letters.issue_letter(claim.id)
    result = runner.invoke(args=["verify-letter", str(path)])
    assert result.exit_code == 0 and "REPLACED on 2022-11-12" in result.output


def test_production_signs_only_with_a_matching_key_and_certificate(tmp_path):
    from claims.config import ConfigError
    from claims.letters.sign import make_self_signed
    from claims.services.letter_signing import _load

    (key, cert), (other_key, _) = make_self_signed(), make_self_signed()
    for name, data in (("key.pem", key), ("cert.pem", cert), ("other.pem", other_key)):
        (tmp_path / name).write_bytes(data)
    production = {"PORTAL_ENV": "production"}
    pair = {
        "LETTER_SIGNING_KEY": str(tmp_path / "key.pem"),
        "LETTER_SIGNING_CERT": str(tmp_path / "cert.pem"),
    }
    assert _load({**production, **pair}).certificate is not None
    with pytest.raises(ConfigError, match="does not belong"):
        _load({**production, **pair, "LETTER_SIGNING_KEY": str(tmp_path / "other.pem")})
    with pytest.raises(ConfigError, match="cannot be read"):
        _load({**production, **pair, "LETTER_SIGNING_CERT": str(tmp_path / "missing.pem")})
    with pytest.raises(ConfigError, match="must both be set"):
        _load(production)
