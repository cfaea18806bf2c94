"""Decisions through the pages (issue 9): a form without the claim's version changes nothing, a double click
saves once, a conflict of interest is explained and hides the forms, and the capped claim's lines and cap line
add up to the total on the reviewer's page, the claimant's page and in the letter."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from claims.models import Approval, Claim, Decision, Letter, User
from claims.services import review
from claims.services.review import LineDecision
from tests.factories import AUTHOR_ITEMS, make_claim
from tests.letters.letters_support import pdf_text

CAPPED_ITEMS = [
    {**AUTHOR_ITEMS[0], "expected_earnings": 5_000_000},
    {**AUTHOR_ITEMS[1], "daily_earnings": 1_223_300},
]


def _accept_all(claim) -> list[LineDecision]:
    return [LineDecision(line["index"], "accepted") for line in claim.latest_assessment.lines]


def _form(claim, version=True) -> dict:
    data = {f"line-{line['index']}-outcome": "accepted" for line in claim.latest_assessment.lines}
    if version:
        data["version"] = claim.version
    return data


def _count(session, model, *where) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _money(text: str) -> int:
    """'-790,000원' → -790000; '—' → 0."""
    digits = re.sub(r"[^\d-]", "", text)
    return int(digits) if digits not in ("", "-") else 0


def outcome_rows(body: str) -> tuple[list[list[str]], list[str]]:
    """The body rows (header cell first) and the total row of the first outcome table on a page."""
    table = re.search(r'<table class="tbl col data outcome-table">(.*?)</table>', body, re.S).group(1)

    def cells(row: str) -> list[str]:
        found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        return [html.unescape(re.sub(r"<[^>]+>|\s+", " ", cell)).strip() for cell in found]

    tbody = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    rows = [cells(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", tbody, re.S)]
    total = cells(re.search(r"<tfoot>(.*?)</tfoot>", table, re.S).group(1))
    return rows, total


# ---- version on every form -----------------------------------------------------------------------------


def test_a_post_without_the_version_changes_nothing(client, login, session, incident, people):
    claim = make_claim(session, people["claimant"], incident, claimant_type="author", items=AUTHOR_ITEMS)
    login(people["reviewer"].email)
    for path, data in (
        (f"/review/claims/{claim.id}/decide", _form(claim, version=False)),
        (f"/review/claims/{claim.id}/assign", {}),
        (f"/review/claims/{claim.id}/request-information", {"items": ["receipt"], "message": "보내 주세요"}),
    ):
        response = client.post(path, data={**data, "due_on": review.default_due_date().isoformat()})
        assert response.status_code == 400, path
        assert "이 양식은 오래되었습니다" in response.get_data(as_text=True)
    assert _count(session, Decision, Decision.claim_id == claim.id) == 0
    assert session.get(Claim, claim.id).status == "submitted"

    client.post(f"/review/claims/{claim.id}/decide", data=_form(session.get(Claim, claim.id)))
    approval = session.scalars(select(Approval).where(Approval.claim_id == claim.id)).one()
    client.post("/logout")
    login(people["supervisor"].email)
    for verb in ("sign", "refuse"):
        response = client.post(f"/review/approvals/{approval.id}/{verb}", data={"note": "확인"})
        assert response.status_code == 400
    assert session.get(Approval, approval.id).status == "pending"


def test_a_double_click_on_save_decides_once(client, login, session, incident, people):
    claim = make_claim(session, people["claimant"], incident, claimant_type="author", items=AUTHOR_ITEMS)
    login(people["reviewer"].email)
    data = _form(claim)
    assert client.post(f"/review/claims/{claim.id}/decide", data=data).status_code == 302
    second = client.post(f"/review/claims/{claim.id}/decide", data=data, follow_redirects=True)
    assert "다른 사람이 내용을 바꾸었습니다" in second.get_data(as_text=True)
    assert _count(session, Approval, Approval.claim_id == claim.id) == 1
    assert _count(session, Decision, Decision.claim_id == claim.id, Decision.line_index.is_(None)) == 1


def test_a_double_click_on_sign_signs_once(client, login, session, incident, people):
    claim = make_claim(session, people["claimant"], incident, claimant_type="author", items=AUTHOR_ITEMS)
    approval = review.decide(session, claim, people["reviewer"], claim.version, _accept_all(claim))
    login(people["supervisor"].email)
    data = {"note": "확인", "version": claim.version}
    assert client.post(f"/review/approvals/{approval.id}/sign", data=data).status_code == 302
    client.post(f"/review/approvals/{approval.id}/sign", data=data)
    assert _count(session, Letter, Letter.claim_id == claim.id) == 1
    assert session.get(Approval, approval.id).status == "signed"


# ---- conflicts of interest -----------------------------------------------------------------------------


@pytest.mark.parametrize("shared", ["own", "phone"])
def test_the_page_says_why_staff_cannot_decide_and_hides_the_forms(
    client, login, session, incident, people, shared
):
    staff = session.get(User, people["reviewer"].id)
    if shared == "own":
        claim = make_claim(session, staff, incident)
        words = "본인이 낸 청구이므로"
    else:
        staff.phone = "010-3131-3131"
        session.commit()
        claim = make_claim(session, people["claimant"], incident, contact_phone="010 3131 3131")
        words = "본인의 전화번호가 적혀 있어"
    login(staff.email)
    body = client.get(f"/review/claims/{claim.id}").get_data(as_text=True)
    assert words in body
    assert f"/review/claims/{claim.id}/decide" not in body and f"/review/claims/{claim.id}/assign" not in body
    response = client.post(f"/review/claims/{claim.id}/decide", data=_form(claim), follow_redirects=True)
    assert words in response.get_data(as_text=True)
    assert _count(session, Decision, Decision.claim_id == claim.id) == 0


# ---- honest outcomes on screen and on paper ------------------------------------------------------------


def test_a_capped_claim_adds_up_on_both_pages_and_in_the_letter(client, login, session, incident, people):
    claim = make_claim(session, people["claimant"], incident, claimant_type="author", items=CAPPED_ITEMS)
    lines = [int(line["amount"]) for line in claim.latest_assessment.lines]
    cap = 5_000_000 - sum(lines)
    assert cap < 0 and claim.latest_assessment.total == 5_000_000
    approval = review.decide(session, claim, people["reviewer"], claim.version, _accept_all(claim))
    review.sign(session, approval, people["supervisor"])

    login(people["reviewer"].email)
    reviewer_page = client.get(f"/review/claims/{claim.id}").get_data(as_text=True)
    client.post("/logout")
    login(people["claimant"].email)
    claimant_page = client.get(f"/my/claims/{claim.reference}").get_data(as_text=True)
    for body in (reviewer_page, claimant_page):
        rows, total = outcome_rows(body)
        assert "보상 한도 적용" in rows[-1][0]  # the cap is a line of its own
        for column in (2, 3):  # computed, approved
            assert sum(_money(row[column]) for row in rows) == _money(total[column]) == 5_000_000
        assert _money(rows[-1][3]) == cap
    assert "일부 인정" in claimant_page  # the cap cut the total: not in full
    # After the decision the claimant's page shows the decision's table only (no provisional amounts).
    assert f"{cap:,}원" in claimant_page and "산정액 계산 내역" not in claimant_page
    text = pdf_text(session.scalars(select(Letter).where(Letter.claim_id == claim.id)).one().pdf)
    assert f"{cap:,}원 {cap:,}원" in text and "5,000,000원 5,000,000원" in text


def test_the_claimant_reads_the_outcome_and_each_reason_with_what_to_do_next(
    client, login, session, incident, people
):
    claim = make_claim(session, people["claimant"], incident)
    lines = _accept_all(claim)
    lines[2] = LineDecision(2, "rejected", reason_code="NO_EVIDENCE")
    review.decide(session, claim, people["reviewer"], claim.version, lines)
    login(people["claimant"].email)
    body = client.get(f"/my/claims/{claim.reference}").get_data(as_text=True)
    assert "일부 인정" in body and "전액 승인" not in body
    assert "손해를 확인할 자료 부족" in body  # the reason in words, never NO_EVIDENCE
    assert (
        "영수증, 이용 내역 캡처, 정산서 등 손해를 보여 주는 자료를 첨부해 이의를 신청할 수 있습니다." in body
    )
    assert "NO_EVIDENCE" not in body
    rows, total = outcome_rows(body)
    assert sum(_money(row[3]) for row in rows) == _money(total[3]) == claim.amount_approved


def test_the_supervisor_previews_the_letter_of_the_decision_waiting_for_them(
    client, login, session, incident, people
):
    claim = make_claim(session, people["claimant"], incident, claimant_type="author", items=AUTHOR_ITEMS)
    review.decide(session, claim, people["reviewer"], claim.version, _accept_all(claim))
    login(people["supervisor"].email)
    response = client.get(f"/review/claims/{claim.reference}/letter-preview?lang=ko")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "2,064,580원" in pdf_text(response.data)


def test_the_supervisor_sees_why_a_decision_waits_and_which_line_is_raised(
    client, login, session, incident, people
):
    claim = make_claim(session, people["claimant"], incident)
    lines = _accept_all(claim)
    lines[2] = LineDecision(2, "adjusted", amount=100_000, note="영수증 기준")
    approval = review.decide(session, claim, people["reviewer"], claim.version, lines)
    assert approval.reasons == ["raised"]
    login(people["supervisor"].email)
    assert "산정액보다 많이 인정한 손해 항목" in client.get("/review/approvals").get_data(as_text=True)
    body = client.get(f"/review/claims/{claim.id}").get_data(as_text=True)
    assert 'class="line--raised"' in body and "산정액보다 많음" in body
    assert f"/review/approvals/{approval.id}/sign" in body
