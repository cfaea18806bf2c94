"""The reviewer's pages: who may reach each route, the queue's filters, deciding through the form."""

from __future__ import annotations

import re

import pytest

from claims.models import Approval, Claim, InfoRequest, User
from claims.services import review
from tests.factories import AUTHOR_ITEMS, PNG_BYTES, add_evidence, make_claim


@pytest.fixture
def world(app, session, incident, people):
    claimant = session.get(User, people["claimant"].id)
    claim = make_claim(session, claimant, incident, payout_account="777-77-7777777")
    twin = make_claim(session, claimant, incident, payout_account="777-77-7777777", contact_name="쌍둥이")
    big = make_claim(session, claimant, incident, claimant_type="author", items=AUTHOR_ITEMS)
    photo = add_evidence(session, claim, app.config["UPLOAD_DIR"], "영수증.png", PNG_BYTES)
    return {
        "people": people,
        "claim": claim.id,
        "twin": twin.id,
        "big": big.id,
        "photo": photo.id,
        "reference": claim.reference,
    }


def routes(w):
    c, a = w["claim"], 1
    return [
        ("get", "/review/"),
        ("get", f"/review/claims/{c}"),
        ("get", f"/review/claims/{c}/evidence/{w['photo']}"),
        ("post", f"/review/claims/{c}/assign"),
        ("post", f"/review/claims/{c}/release"),
        ("post", f"/review/claims/{c}/decide"),
        ("post", f"/review/claims/{c}/request-information"),
        ("get", "/review/approvals"),
        ("post", f"/review/approvals/{a}/sign"),
        ("post", f"/review/approvals/{a}/refuse"),
        ("get", "/oversight/stats"),
        ("get", "/oversight/payouts"),
        ("post", "/oversight/payouts/export"),
        ("get", "/oversight/payouts/1.csv"),
    ]


SUPERVISOR_ONLY = ("/review/approvals", "/oversight/payouts")


@pytest.mark.parametrize("role", ["claimant", "admin", "anonymous", "reviewer"])
def test_every_route_checks_the_role(client, login, world, role):
    if role != "anonymous":
        login(world["people"][role].email)
    for method, path in routes(world):
        response = getattr(client, method)(path)
        response.close()  # the evidence route streams a file
        status = response.status_code
        if role == "anonymous":
            assert status == 302, path  # to the sign-in page
        elif role == "reviewer":
            if path.startswith(SUPERVISOR_ONLY):
                assert status == 403, path
            else:
                assert status != 403, path
        else:
            assert status == 403, (role, path)


def test_unknown_objects_are_404(client, login, world):
    login(world["people"]["supervisor"].email)
    for path in (
        "/review/claims/999999",
        f"/review/claims/{world['claim']}/evidence/999999",
        f"/review/claims/{world['twin']}/evidence/{world['photo']}",
        "/oversight/payouts/999.csv",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post("/review/approvals/999/sign").status_code == 404


def test_the_queue_shows_counts_rows_and_filters(client, login, world, session):
    login(world["people"]["reviewer"].email)
    body = client.get("/review/").get_data(as_text=True)
    assert world["reference"] in body and "중복 가능성" in body  # the twin's payout account
    assert re.search(r"접수됨\s*<span class=\"count\">3</span>", body)
    assert client.get("/review/?claimant_type=author").get_data(as_text=True).count("/review/claims/") == 1
    assert world["reference"] in client.get(f"/review/?q={world['reference'].lower()}").get_data(as_text=True)
    assert client.get("/review/?q=쌍둥이").get_data(as_text=True).count("/review/claims/") == 1
    assert client.get("/review/?flag=POSSIBLE_DUPLICATE").get_data(as_text=True).count("/review/claims/") == 0
    assert (
        client.get("/review/?service=kakao_t_bike&sort=amount")
        .get_data(as_text=True)
        .count("/review/claims/")
        == 2
    )
    assert client.get("/review/?amount_min=1000000").get_data(as_text=True).count("/review/claims/") == 1
    bad = client.get("/review/?amount_min=lots&filed_from=yesterday&sort=random")
    # Filters it cannot use are named on the page (400), which still lists the claims with the others.
    assert bad.status_code == 400 and "/review/claims/" in bad.get_data(as_text=True)


def _decision_form(claim_id, version, **lines):
    data = {"version": str(version), "note": ""}
    for i in range(3):
        data[f"line-{i}-outcome"] = "accepted"
    for key, value in lines.items():
        data[key.replace("_", "-", 2)] = value
    return data


def test_deciding_through_the_form_with_errors_kept(client, login, world, session):
    login(world["people"]["reviewer"].email)
    claim = session.get(Claim, world["claim"])
    data = _decision_form(
        claim.id, claim.version, line_1_outcome="adjusted", line_1_amount="20000", line_2_outcome="rejected"
    )
    response = client.post(f"/review/claims/{claim.id}/decide", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="20000"' in body and "금액을 조정한 이유를 적어 주세요" in body
    data.update({"line-1-note": "Receipt shows 20,000", "line-2-reason_code": "NO_EVIDENCE"})
    response = client.post(f"/review/claims/{claim.id}/decide", data=data)
    assert response.status_code == 302
    session.expire_all()
    claim = session.get(Claim, world["claim"])
    assert claim.status in ("decided", "letter_issued")
    assert (claim.decision, claim.amount_approved) == ("partly_approved", 31_790)


def test_the_second_reviewer_gets_a_clear_conflict(client, login, world, session):
    claim = session.get(Claim, world["claim"])
    stale = claim.version
    reviewer = session.get(User, world["people"]["reviewer2"].id)
    review.assign(session, claim, reviewer)
    review.release(session, claim, reviewer)
    login(world["people"]["reviewer"].email)
    response = client.post(
        f"/review/claims/{claim.id}/decide", data=_decision_form(claim.id, stale), follow_redirects=True
    )
    assert "다른 사람이 내용을 바꾸었습니다" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Claim, claim.id).status == "in_review"


def test_a_locked_claim_shows_who_holds_it(client, login, world, session):
    review.assign(
        session, session.get(Claim, world["claim"]), session.get(User, world["people"]["reviewer2"].id)
    )
    login(world["people"]["reviewer"].email)
    body = client.get(f"/review/claims/{world['claim']}").get_data(as_text=True)
    assert "Reviewer Two" in body
    version = session.get(Claim, world["claim"]).version
    response = client.post(
        f"/review/claims/{world['claim']}/assign", data={"version": version}, follow_redirects=True
    )
    assert "Reviewer Two" in response.get_data(as_text=True)
    assert session.get(Claim, world["claim"]).assigned_to_id == world["people"]["reviewer2"].id


def test_the_claim_page_shows_inputs_evidence_lines_signals_and_history(client, login, world):
    login(world["people"]["reviewer"].email)
    body = client.get(f"/review/claims/{world['claim']}").get_data(as_text=True)
    assert f"/review/claims/{world['claim']}/evidence/{world['photo']}" in body and "<img" in body
    assert "777-77-7777777" in body  # the payout account the claimant entered
    assert f"/review/claims/{world['twin']}" in body  # the possible duplicate is linked
    assert "39000" in body and "weighted_hours" in body  # the trace
    evidence = client.get(f"/review/claims/{world['claim']}/evidence/{world['photo']}")
    evidence.close()
    assert evidence.status_code == 200 and evidence.mimetype == "image/png"
    assert "attachment" not in evidence.headers.get("Content-Disposition", "")


def test_the_claimants_inputs_read_as_labelled_values_not_raw_keys(client, login, world):
    login(world["people"]["reviewer"].email)
    body = client.get(f"/review/claims/{world['claim']}").get_data(as_text=True)
    inputs = body[body.index('id="inputs-title"') : body.index('id="evidence-title"')]
    assert "월 요금(원)" in inputs and "39,000원" in inputs  # label and money, not monthly_fee / 39000
    assert "2022년 10월 16일 10:00" in inputs and "연체료" in inputs  # time in KST, category in words
    assert "monthly_fee" not in inputs and "incurred_at" not in inputs
    assert "운행 종료" in inputs and "6,500원" in inputs  # the ride list as a table


def test_request_information_from_the_page(client, login, world, session, app):
    login(world["people"]["reviewer"].email)
    claim = session.get(Claim, world["claim"])
    response = client.post(
        f"/review/claims/{claim.id}/request-information",
        data={"version": claim.version, "message": "", "due_on": "2000-01-01"},
    )
    assert response.status_code == 422
    response = client.post(
        f"/review/claims/{claim.id}/request-information",
        data={
            "version": claim.version,
            "items": ["receipt"],
            "message": "영수증을 보내 주세요",
            "due_on": review.default_due_date().isoformat(),
        },
    )
    assert response.status_code == 302
    assert session.query(InfoRequest).filter_by(claim_id=claim.id).one().items == ["receipt"]


def test_second_signature_through_the_pages(client, login, world, session):
    login(world["people"]["reviewer"].email)
    big = session.get(Claim, world["big"])
    data = {"version": big.version, "line-0-outcome": "accepted", "line-1-outcome": "accepted"}
    assert client.post(f"/review/claims/{big.id}/decide", data=data).status_code == 302
    approval = session.query(Approval).filter_by(claim_id=big.id).one()
    client.post("/logout")
    login(world["people"]["supervisor"].email)
    queue = client.get("/review/approvals").get_data(as_text=True)
    assert big.reference in queue
    session.refresh(big)
    sign = {"note": "ok", "version": big.version}
    assert client.post(f"/review/approvals/{approval.id}/sign", data=sign).status_code == 302
    session.expire_all()
    assert session.get(Claim, big.id).status in ("decided", "letter_issued")
    assert big.reference not in client.get("/review/approvals").get_data(as_text=True)


def test_the_queue_filter_form_follows_the_query(client, login, world):
    """The filter form's HTML is cached by language and query string: each variant shows its own choices."""
    login(world["people"]["reviewer"].email)
    selected = re.compile(r'<option selected value="([a-z_]+)">')
    for _ in range(2):  # the second round is served from the cache
        assert "submitted" in selected.findall(client.get("/review/?status=submitted").get_data(as_text=True))
        assert "author" in selected.findall(
            client.get("/review/?claimant_type=author").get_data(as_text=True)
        )
        assert "open" in selected.findall(client.get("/review/").get_data(as_text=True))
    invalid = client.get("/review/?amount_min=abc")  # a form with errors is rendered afresh, with them
    assert invalid.status_code == 400 and "is-error" in invalid.get_data(as_text=True)
