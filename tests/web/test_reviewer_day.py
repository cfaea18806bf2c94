"""The reviewer's day (issue 9): overdue information requests, request templates, refusals on the claim page
and in the queue, lines that start from the decision in force, the next claim of the filtered queue."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from claims.models import Approval, AuditEvent, Claim, InfoRequest, User
from claims.services import info_requests, review
from tests.factories import AUTHOR_ITEMS, make_claim
from tests.web.mail_helpers import messages


@pytest.fixture
def world(app, session, incident, people):
    claimant = session.get(User, people["claimant"].id)
    claim = make_claim(session, claimant, incident)
    big = make_claim(session, claimant, incident, claimant_type="author", items=AUTHOR_ITEMS)
    return {"people": people, "claim": claim.id, "big": big.id}


def _ask(session, claim_id, reviewer_id, overdue=True) -> InfoRequest:
    claim = session.get(Claim, claim_id)
    reviewer = session.get(User, reviewer_id)
    request = review.request_information(session, claim, reviewer, claim.version, ["receipt"], "영수증")
    if overdue:
        request.due_on = review.today_kst() - timedelta(days=1)
        session.commit()
    return request


def _events(session, claim_id, action):
    return (
        session.query(AuditEvent).filter_by(object_type="claim", object_id=str(claim_id), action=action).all()
    )


def test_an_overdue_request_is_decided_for_no_response(client, login, world, session):
    _ask(session, world["claim"], world["people"]["reviewer"].id)
    login(world["people"]["reviewer"].email)
    claim = session.get(Claim, world["claim"])
    page = client.get(f"/review/claims/{claim.id}").get_data(as_text=True)
    assert "청구 금액의 영수증 또는 청구서" in page  # the requested items in words, from the catalogue
    response = client.post(
        f"/review/claims/{claim.id}/information-request",
        data={"version": claim.version, "action": "no_response"},
    )
    assert response.status_code == 302 and "start=no_response" in response.location
    session.expire_all()
    claim = session.get(Claim, world["claim"])
    assert claim.status == "in_review" and claim.assigned_to_id == world["people"]["reviewer"].id
    request = session.query(InfoRequest).filter_by(claim_id=claim.id).one()
    assert request.closing == "no_response" and request.closed_at is not None
    assert _events(session, claim.id, "claim.info_no_response")
    # every line starts as rejected with NO_RESPONSE
    page = client.get(response.location).get_data(as_text=True)
    assert page.count('selected value="NO_RESPONSE"') == len(claim.latest_assessment.lines)
    # and the queue no longer counts it as overdue
    assert claim.id not in {c.id for c in session.query(Claim).filter(review_overdue())}


def review_overdue():
    from claims.services.queue import overdue_condition

    return overdue_condition(review.today_kst())


def test_a_request_not_yet_due_cannot_be_decided_for_no_response(client, login, world, session):
    _ask(session, world["claim"], world["people"]["reviewer"].id, overdue=False)
    login(world["people"]["reviewer"].email)
    claim = session.get(Claim, world["claim"])
    client.post(
        f"/review/claims/{claim.id}/information-request",
        data={"version": claim.version, "action": "no_response"},
    )
    session.expire_all()
    assert session.get(Claim, world["claim"]).status == "needs_info"


def test_extend_remind_and_cancel_are_audited(client, login, world, session, app):
    _ask(session, world["claim"], world["people"]["reviewer"].id)
    login(world["people"]["reviewer"].email)
    claim = session.get(Claim, world["claim"])
    url = f"/review/claims/{claim.id}/information-request"
    # a due date in the past is a message next to the field, nothing changes
    bad = client.post(url, data={"version": claim.version, "action": "extend", "due_on": "2000-01-01"})
    assert bad.status_code == 422
    new_due = review.today_kst() + timedelta(days=7)
    before = len(messages(app.config["MAIL_OUTBOX"]))
    assert (
        client.post(
            url, data={"version": claim.version, "action": "extend", "due_on": new_due.isoformat()}
        ).status_code
        == 302
    )
    session.expire_all()
    request = session.query(InfoRequest).filter_by(claim_id=claim.id).one()
    assert request.due_on == new_due and request.is_open
    claim = session.get(Claim, world["claim"])
    # a stale version conflicts
    client.post(url, data={"version": claim.version - 1, "action": "remind"})
    session.expire_all()
    assert session.query(InfoRequest).filter_by(claim_id=claim.id).one().reminders == 0
    assert client.post(url, data={"version": claim.version, "action": "remind"}).status_code == 302
    session.expire_all()
    assert session.query(InfoRequest).filter_by(claim_id=claim.id).one().reminders == 1
    assert (
        len(messages(app.config["MAIL_OUTBOX"])) >= before + 1
        or not session.get(User, session.get(Claim, claim.id).claimant_id).confirmed_email
    )
    claim = session.get(Claim, world["claim"])
    assert (
        client.post(
            url, data={"version": claim.version, "action": "cancel", "note": "잘못 요청함"}
        ).status_code
        == 302
    )
    session.expire_all()
    claim = session.get(Claim, world["claim"])
    request = session.query(InfoRequest).filter_by(claim_id=claim.id).one()
    assert claim.status == "submitted" and request.closing == "cancelled"
    for action in ("claim.info_extend", "claim.info_remind", "claim.info_cancel"):
        assert len(_events(session, claim.id, action)) == 1, action
    history = client.get(f"/review/claims/{claim.id}").get_data(as_text=True)
    assert "잘못 요청함" in history


def test_an_unknown_action_or_missing_version_changes_nothing(client, login, world, session):
    _ask(session, world["claim"], world["people"]["reviewer"].id)
    login(world["people"]["reviewer"].email)
    claim = session.get(Claim, world["claim"])
    url = f"/review/claims/{claim.id}/information-request"
    assert client.post(url, data={"version": claim.version, "action": "explode"}).status_code == 422
    client.post(url, data={"action": "cancel"})
    session.expire_all()
    assert session.get(Claim, world["claim"]).status == "needs_info"


def test_a_template_fills_the_request_form(client, login, world, session):
    login(world["people"]["reviewer"].email)
    page = client.get(f"/review/claims/{world['claim']}?template=driver").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="vehicle_registration"', page)
    assert str(info_requests.TEMPLATES["driver"].message)[:10] in page or "택시" in page


def test_the_claimant_cannot_answer_a_cancelled_request(world, session):
    from claims.services.filing import open_info_request

    request = _ask(session, world["claim"], world["people"]["reviewer"].id)
    claim = session.get(Claim, world["claim"])
    reviewer = session.get(User, world["people"]["reviewer"].id)
    info_requests.cancel(session, claim, reviewer, claim.version)
    assert open_info_request(session, claim) is None
    assert request.closing == "cancelled"


def _refuse_big(client, login, world, session, note="근거 부족: 2행을 다시 보세요"):
    login(world["people"]["reviewer"].email)
    big = session.get(Claim, world["big"])
    data = {
        "version": big.version,
        "line-0-outcome": "adjusted",
        "line-0-amount": "1500000",
        "line-0-note": "일부만 인정",
        "line-1-outcome": "accepted",
    }
    assert client.post(f"/review/claims/{big.id}/decide", data=data).status_code == 302
    approval = session.query(Approval).filter_by(claim_id=big.id).one()
    client.post("/logout")
    login(world["people"]["supervisor"].email)
    session.expire_all()
    version = session.get(Claim, big.id).version
    response = client.post(f"/review/approvals/{approval.id}/refuse", data={"note": note, "version": version})
    assert response.status_code == 302
    client.post("/logout")
    login(world["people"]["reviewer"].email)
    return big


def test_a_refusal_is_shown_on_the_claim_and_marked_in_the_queue(client, login, world, session):
    big = _refuse_big(client, login, world, session)
    page = client.get(f"/review/claims/{big.id}").get_data(as_text=True)
    assert "근거 부족: 2행을 다시 보세요" in page
    # the line starts from the refused proposal, not "as computed"
    assert 'value="1500000"' in page and "일부만 인정" in page
    queue = client.get("/review/?status=all").get_data(as_text=True)
    row = queue[queue.index(big.reference) :][:1500]
    assert "tag--refused" in row


def _decide_all(session, claim_id, reviewer_id, outcome="accepted"):
    claim = session.get(Claim, claim_id)
    reviewer = session.get(User, reviewer_id)
    lines = [
        review.LineDecision(
            index=line["index"], outcome=outcome, reason_code="OTHER" if outcome == "rejected" else None
        )
        for line in claim.latest_assessment.lines
    ]
    review.decide(session, claim, reviewer, claim.version, lines)
    return claim


def test_after_an_appeal_each_line_starts_from_the_decision_in_force(client, login, world, session, people):
    from tests.factories import appeal

    claim = _decide_all(session, world["claim"], people["reviewer"].id, outcome="rejected")
    appeal(session, session.get(Claim, claim.id))
    login(people["supervisor"].email)  # the appeal goes to someone other than the first reviewer
    page = client.get(f"/review/claims/{claim.id}").get_data(as_text=True)
    n = len(claim.latest_assessment.lines)
    assert page.count('selected value="OTHER"') == n  # each line's reason in force, not "as computed"
    assert len(re.findall(r'<input checked[^>]*value="rejected"', page)) == n


def test_after_saving_the_reviewer_goes_to_the_next_claim_of_the_filtered_queue(
    client, login, world, session, incident, people
):
    claimant = session.get(User, people["claimant"].id)
    other = make_claim(session, claimant, incident)  # a third taxi claim
    login(people["reviewer"].email)
    queue = client.get("/review/?claimant_type=taxi_driver&sort=age").get_data(as_text=True)
    assert "queue=claimant_type%3Dtaxi_driver%26sort%3Dage" in queue  # links carry the filters
    claim = session.get(Claim, world["claim"])
    data = {"version": claim.version, "all": "accept", "queue": "claimant_type=taxi_driver&sort=age"}
    response = client.post(f"/review/claims/{claim.id}/decide", data=data)
    assert response.status_code == 302
    assert f"/review/claims/{other.id}?" in response.location  # the big author claim is filtered out
    assert "queue=claimant_type" in response.location
    session.expire_all()
    assert session.get(Claim, claim.id).decision == "approved"
    # the last one: back to the filtered queue
    other = session.get(Claim, other.id)
    data = {"version": other.version, "all": "accept", "queue": "claimant_type=taxi_driver"}
    response = client.post(f"/review/claims/{other.id}/decide", data=data)
    assert response.location.endswith("/review/?claimant_type=taxi_driver")


def test_reject_all_needs_one_reason_and_applies_it_to_every_line(client, login, world, session):
    login(world["people"]["reviewer"].email)
    claim = session.get(Claim, world["claim"])
    url = f"/review/claims/{claim.id}/decide"
    assert client.post(url, data={"version": claim.version, "all": "reject"}).status_code == 422
    client.post(url, data={"version": claim.version, "all": "reject", "all_reason": "NOT_ELIGIBLE"})
    session.expire_all()
    claim = session.get(Claim, world["claim"])
    _claim_level, lines = review.current_decisions(session, claim)
    assert claim.decision == "rejected" and {d.reason_code for d in lines.values()} == {"NOT_ELIGIBLE"}
    assert len(lines) == len(claim.latest_assessment.lines)


def test_search_covers_every_status_and_partial_references(client, login, world, session, people):
    claim = _decide_all(session, world["claim"], people["reviewer"].id)
    login(people["reviewer"].email)
    assert claim.reference not in client.get("/review/").get_data(as_text=True)  # decided: not open
    for q in (claim.reference, claim.reference[-6:], claim.reference[3:10].lower(), claim.reference[3:10]):
        page = client.get(f"/review/?q={q}").get_data(as_text=True)
        assert claim.reference in page, q


def test_bulk_assign_from_the_queue(client, login, world, session, people, create_user):
    login(people["reviewer"].email)
    ids = [world["claim"], world["big"]]
    response = client.post("/review/assign", data={"claim_ids": [str(i) for i in ids], "queue": "sort=age"})
    assert response.status_code == 302 and response.location.endswith("/review/?sort=age")
    session.expire_all()
    assert {session.get(Claim, i).assigned_to_id for i in ids} == {people["reviewer"].id}
    assert len(session.query(AuditEvent).filter_by(action="claim.assign").all()) == 2
    # a reviewer cannot assign to someone else; a supervisor can, except where the assignee has a conflict
    second = create_user(role="reviewer", email="second@example.com")
    client.post("/review/assign", data={"claim_ids": [str(world["big"])], "assignee": str(second.id)})
    session.expire_all()
    assert session.get(Claim, world["big"]).assigned_to_id == people["reviewer"].id
    client.post("/logout")
    login(people["supervisor"].email)
    client.post(f"/review/claims/{world['big']}/release")
    claim = session.get(Claim, world["big"])
    claim.contact_email = "second@example.com"  # the assignee's own e-mail: a conflict of interest
    session.commit()
    page = client.post(
        "/review/assign",
        data={"claim_ids": [str(world["big"]), "99999999999999999999"], "assignee": str(second.id)},
        follow_redirects=True,
    ).get_data(as_text=True)
    session.expire_all()
    assert session.get(Claim, world["big"]).assigned_to_id != second.id
    assert claim.reference in page  # named among those not assigned


def test_the_claim_page_keeps_totals_and_save_in_view_and_shows_windows_and_shifts(
    client, login, world, session, incident, people
):
    claimant = session.get(User, people["claimant"].id)
    shifts = make_claim(
        session,
        claimant,
        incident,
        items=[
            {
                "kind": "lost_income",
                "service": "kakao_t_taxi",
                "hourly_income": 20000,
                "shifts": [
                    ["2022-10-15T14:00", "2022-10-15T22:00"],
                    ["2022-10-16T08:00", "2022-10-16T12:00"],
                ],
            }
        ],
    )
    login(people["reviewer"].email)
    page = client.get(f"/review/claims/{shifts.id}").get_data(as_text=True)
    # the shifts, stored as pairs, are a table with one row per shift, times in KST
    assert "2022년 10월 15일 14:00" in page and "2022년 10월 16일 12:00" in page
    # the windows of the line's service beside it
    window = page[page.index('class="line__windows"') :][:600]
    assert "2022년 10월" in window and ("전면 장애" in window or "부분 장애" in window)
    # the totals and Save in a sticky bar
    bar = page[page.index('class="decision-bar"') :][:1500]
    assert f"{shifts.amount_computed:,}원" in bar and 'type="submit"' in bar
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "review.css").read_text()
    assert ".decision-bar { position: sticky;" in css


def test_history_reads_in_words_with_kst_times(client, login, world, session, people):
    _ask(session, world["claim"], people["reviewer"].id)
    login(people["reviewer"].email)
    page = client.get(f"/review/claims/{world['claim']}").get_data(as_text=True)
    history = page[page.index('id="history-title"') :]
    assert "{&#34;" not in history and '{"' not in history  # no JSON
    assert "KST" in history and "청구 금액의 영수증 또는 청구서" in history
    assert "→" in history  # a status change as before → after, in words


def test_a_signal_is_dismissed_with_a_note_kept_in_the_audit_log(
    client, login, world, session, incident, people
):
    claimant = session.get(User, people["claimant"].id)
    first = make_claim(session, claimant, incident, payout_account="777-77-7777777")
    twin = make_claim(session, claimant, incident, payout_account="777-77-7777777")
    twin.signals = ["POSSIBLE_DUPLICATE"]
    session.commit()
    assert twin.flag_count == 1
    login(people["reviewer"].email)
    page = client.get(f"/review/claims/{twin.id}").get_data(as_text=True)
    assert f"/review/claims/{twin.id}/compare?other={first.id}" in page
    url = f"/review/claims/{twin.id}/signals/dismiss"
    client.post(
        url, data={"version": twin.version, "code": "POSSIBLE_DUPLICATE", "note": ""}
    )  # a note is needed
    session.expire_all()
    assert session.get(Claim, twin.id).flag_count == 1
    twin = session.get(Claim, twin.id)
    data = {"version": twin.version, "code": "POSSIBLE_DUPLICATE", "note": "확인함: 중복 아님 (같은 가족)"}
    assert client.post(url, data=data).status_code == 302
    session.expire_all()
    twin = session.get(Claim, twin.id)
    assert twin.signals == [] and twin.flag_count == 0
    event = _events(session, twin.id, "claim.signal_dismiss")[0]
    assert event.after == {"signal": "POSSIBLE_DUPLICATE", "note": "확인함: 중복 아님 (같은 가족)"}
    page = client.get(f"/review/claims/{twin.id}").get_data(as_text=True)
    signals = page[page.index('id="signals-title"') :][:3000]
    assert "signal--dismissed" in signals and "확인함: 중복 아님 (같은 가족)" in signals
    # the two claims side by side
    compare = client.get(f"/review/claims/{twin.id}/compare?other={first.id}")
    text = compare.get_data(as_text=True)
    assert compare.status_code == 200 and first.reference in text and twin.reference in text
    assert text.count("777-77-7777777") == 2
    assert client.get(f"/review/claims/{twin.id}/compare?other=99999999999999999999").status_code == 404
    assert client.get(f"/review/claims/{twin.id}/compare?other=x").status_code == 404


OUT_OF_RANGE = [
    "page=922337203685477580",
    "amount_min=1e23",
    "amount_max=99999999999999999999999",
    "filed_from=0001-01-01",
    "filed_to=9999-12-31",
    "page=0",
]


@pytest.mark.parametrize("query", OUT_OF_RANGE)
def test_queue_urls_out_of_range_are_a_400_never_a_500(client, login, world, query):
    login(world["people"]["reviewer"].email)
    assert client.get(f"/review/?{query}").status_code == 400


def test_a_carried_queue_out_of_range_never_breaks_the_claim_or_the_next_claim(client, login, world, session):
    login(world["people"]["reviewer"].email)
    carried = "&".join(OUT_OF_RANGE) + "&claim_ids=18446744073709551617"
    assert client.get(f"/review/claims/{world['claim']}", query_string={"queue": carried}).status_code == 200
    claim = session.get(Claim, world["claim"])
    response = client.post(
        f"/review/claims/{claim.id}/decide",
        data={"version": claim.version, "all": "accept", "queue": carried},
    )
    assert response.status_code == 302
    for path in (
        f"/review/claims/{claim.id}/compare?other=18446744073709551617",
        "/review/claims/18446744073709551617/compare?other=1",
        "/review/claims/18446744073709551617",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post("/review/assign", data={"claim_ids": ["18446744073709551617"]}).status_code == 302
