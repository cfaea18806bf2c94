"""The payout pages as supervisors and claimants use them: due, batches, files, results, recovery, account."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from claims.models import Claim, Payment, PayoutBatch
from claims.services import payouts
from tests.factories import appeal
from tests.letters_factories import DECIDED_AT, decide, decided_claim


def _csv(response) -> list[list[str]]:
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_supervisor_exports_sends_and_records_the_banks_results(client, login, session, incident, people):
    claims = [
        decided_claim(session, people[name], incident, people["reviewer"]) for name in ("claimant", "other")
    ]
    login(people["supervisor"].email)
    page = client.get("/oversight/payouts")
    assert page.headers["Cache-Control"] == "no-store"
    body = page.get_data(as_text=True)
    assert "36,580" in body and all(c.reference in body for c in claims)

    exported = client.post("/oversight/payouts/export", follow_redirects=True)
    batch = session.query(PayoutBatch).one()
    assert exported.request.path == f"/oversight/payouts/batches/{batch.id}"
    body = exported.get_data(as_text=True)
    assert "36,580" in body and f"{claims[0].reference}-1" in body

    download = client.get(f"/oversight/payouts/{batch.id}.csv")
    assert download.mimetype == "text/csv" and download.headers["Cache-Control"] == "no-store"
    assert "attachment" in download.headers["Content-Disposition"]
    rows = _csv(download)
    assert rows[0] == list(payouts.BANK_FILE_HEADER) and len(rows) == 3  # the header and two transfers
    summary = client.get(f"/oversight/payouts/{batch.id}-summary.csv")
    assert summary.headers["Cache-Control"] == "no-store"
    [header, line] = _csv(summary)
    assert header == list(payouts.SUMMARY_HEADER) and [line[0], *line[2:]] == [str(batch.id), "2", "36580"]

    client.post("/oversight/payouts/export", follow_redirects=True)
    assert session.query(PayoutBatch).count() == 1  # nothing left to pay: no second batch
    assert client.get(f"/oversight/payouts/{batch.id}.csv").get_data() == download.get_data()

    client.post(f"/oversight/payouts/batches/{batch.id}/sent")
    session.expire_all()
    assert {p.state for p in session.get(PayoutBatch, batch.id).payments} == {"sent"}

    one, two = rows[1][0], rows[2][0]
    bad = f"reference,status,reason\n{one},confirmed,\n{two},returned,\n".encode()
    refused = client.post(
        f"/oversight/payouts/batches/{batch.id}/results",
        data={"file": (io.BytesIO(bad), "result.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "3" in refused.get_data(as_text=True) and two in refused.get_data(as_text=True)
    session.expire_all()
    assert {p.state for p in session.get(PayoutBatch, batch.id).payments} == {"sent"}  # nothing half-applied

    good = f"{one},confirmed,\n{two},failed,계좌번호 오류\n".encode()
    client.post(
        f"/oversight/payouts/batches/{batch.id}/results",
        data={"file": (io.BytesIO(good), "result.csv")},
        content_type="multipart/form-data",
    )
    session.expire_all()
    states = {p.reference: p.state for p in session.get(PayoutBatch, batch.id).payments}
    assert states == {one: "confirmed", two: "failed"}
    body = client.get("/oversight/payouts").get_data(as_text=True)
    assert two in body and "계좌번호 오류" in body  # waiting for a corrected account
    # The reviewer's claim page says where the claim stands.
    bounced_claim = session.query(Payment).filter_by(reference=two).one().claim_id
    claim_page = client.get(f"/review/claims/{bounced_claim}").get_data(as_text=True)
    assert "은행 이체 실패: 계좌 정정을 기다리는 중" in claim_page

    # A result by hand: the confirmed transfer comes back.
    confirmed = session.query(Payment).filter_by(reference=one).one()
    client.post(
        f"/oversight/payouts/payments/{confirmed.id}/result",
        data={"state": "confirmed", "status": "returned", "reason": "예금주 불일치"},
    )
    session.expire_all()
    assert session.get(Payment, confirmed.id).state == "returned"
    failed_only = client.get(f"/oversight/payouts/batches/{batch.id}?state=failed").get_data(as_text=True)
    assert f'<th scope="row">{two}</th>' in failed_only and f'<th scope="row">{one}</th>' not in failed_only


def test_a_supervisor_settles_a_recovery_with_a_note(client, login, session, incident, people):
    claim = decided_claim(session, people["claimant"], incident, people["reviewer"])
    payouts.mark_sent(session, payouts.export(session, people["supervisor"]), people["supervisor"])
    appeal(session, session.get(Claim, claim.id))
    decide(
        session,
        session.get(Claim, claim.id),
        people["reviewer2"],
        lines={i: ("rejected", "NOT_ELIGIBLE") for i in range(2)},
        decided_at=DECIDED_AT + timedelta(days=40),
    )
    login(people["supervisor"].email)
    body = client.get("/oversight/payouts").get_data(as_text=True)
    assert claim.reference in body and "11,790" in body
    page = client.get(f"/oversight/payouts/claims/{claim.id}/recovery")
    assert "11,790" in page.get_data(as_text=True)
    missing_note = client.post(
        f"/oversight/payouts/claims/{claim.id}/recovery",
        data={"expected": "11790", "outcome": "written_off", "amount": "11790", "note": ""},
    )
    assert missing_note.status_code == 200 and 'aria-invalid="true"' in missing_note.get_data(as_text=True)
    stale = client.post(
        f"/oversight/payouts/claims/{claim.id}/recovery",
        data={"expected": "1", "outcome": "written_off", "amount": "11790", "note": "x"},
    )
    assert stale.status_code == 302 and payouts.recoveries(session)
    done = client.post(
        f"/oversight/payouts/claims/{claim.id}/recovery",
        data={"expected": "11790", "outcome": "written_off", "amount": "11,790", "note": "회수 비용이 더 큼"},
    )
    assert done.status_code == 302
    assert payouts.recoveries(session) == []


def test_the_claimant_sees_what_was_paid_and_corrects_a_bounced_account(
    client, login, session, incident, people
):
    claim = decided_claim(session, people["claimant"], incident, people["reviewer"])
    batch = payouts.export(session, people["supervisor"])
    payouts.mark_sent(session, batch, people["supervisor"])
    from claims.services import payout_results

    [payment] = session.get(PayoutBatch, batch.id).payments
    payout_results.record_results(
        session,
        batch,
        people["supervisor"],
        [payout_results.Result(payment.reference, "returned", "계좌 해지")],
    )
    login(people["claimant"].email)
    body = client.get(f"/my/claims/{claim.reference}").get_data(as_text=True)
    assert "18,290" in body and "계좌 해지" in body
    assert f"/my/claims/{claim.reference}/payout-account" in body

    form = client.get(f"/my/claims/{claim.reference}/payout-account").get_data(as_text=True)
    assert '<option value="088">신한은행</option>' in form and "계좌 해지" in form
    version = session.get(Claim, claim.id).version
    wrong = client.post(
        f"/my/claims/{claim.reference}/payout-account",
        data={"version": str(version), "bank": "088", "account": "12-34", "holder": "김민준"},
    )
    assert wrong.status_code == 200 and 'aria-invalid="true"' in wrong.get_data(as_text=True)
    done = client.post(
        f"/my/claims/{claim.reference}/payout-account",
        data={"version": str(version), "bank": "088", "account": "110-123-456789", "holder": "김민준"},
    )
    assert done.status_code == 302
    session.expire_all()
    fresh = session.get(Claim, claim.id)
    assert (fresh.payout_bank, fresh.payout_account) == ("088", "110-123-456789")
    [due] = payouts.due_list(session)
    assert due.amount == 18_290
    # Paid again: the page says paid, with the date, and nothing due.
    payouts.mark_sent(session, payouts.export(session, people["supervisor"]), people["supervisor"])
    body = client.get(f"/my/claims/{claim.reference}").get_data(as_text=True)
    assert "18,290" in body and "payout-account" not in body


def test_a_supervisor_corrects_a_bounced_account(client, login, session, incident, people):
    from claims.services import payout_results

    claim = decided_claim(session, people["claimant"], incident, people["reviewer"])
    batch = payouts.export(session, people["supervisor"])
    payouts.mark_sent(session, batch, people["supervisor"])
    [payment] = session.get(PayoutBatch, batch.id).payments
    login(people["supervisor"].email)
    before = client.get(f"/oversight/payouts/claims/{claim.id}/account").get_data(as_text=True)
    assert 'name="account"' not in before  # nothing bounced: nothing to correct
    payout_results.record_results(
        session,
        batch,
        people["supervisor"],
        [payout_results.Result(payment.reference, "failed", "계좌 없음")],
    )
    page = client.get(f"/oversight/payouts/claims/{claim.id}/account").get_data(as_text=True)
    assert '<option value="090">카카오뱅크</option>' in page
    version = session.get(Claim, claim.id).version
    stale = client.post(
        f"/oversight/payouts/claims/{claim.id}/account",
        data={"version": str(version - 1), "bank": "004", "account": "123-45-6789012", "holder": "김민준"},
    )
    assert stale.status_code == 302 and payouts.due_list(session) == []
    done = client.post(
        f"/oversight/payouts/claims/{claim.id}/account",
        data={"version": str(version), "bank": "004", "account": "123-45-6789012", "holder": "김민준"},
    )
    assert done.status_code == 302
    [due] = payouts.due_list(session)
    assert (due.claim_id, due.amount, due.bank) == (claim.id, 18_290, "004")
