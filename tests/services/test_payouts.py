"""The payout ledger: what is owed, batches for the bank, results, top-ups, recoveries and bounced transfers.

Each test runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import contextlib
import csv
import io
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from claims.errors import ClaimConflict, InvalidInput, NotAllowed
from claims.models import AuditEvent, Claim, Payment, PayoutBatch
from claims.services import payout_results, payouts
from claims.services.letter_contents import already_paid
from tests.factories import appeal, make_claim
from tests.letters_factories import DECIDED_AT, decide, decided_claim


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _events(session, claim, prefix="payout.") -> list[str]:
    return list(
        session.scalars(
            select(AuditEvent.action)
            .where(
                AuditEvent.object_type == "claim",
                AuditEvent.object_id == str(claim.id),
                AuditEvent.action.startswith(prefix),
            )
            .order_by(AuditEvent.id)
        )
    )


def _paid_claim(session, people, incident, **fields) -> tuple[Claim, PayoutBatch]:
    """A decided claim (18,290 KRW) exported and sent."""
    claim = decided_claim(session, people["claimant"], incident, people["reviewer"], **fields)
    batch = payouts.export(session, people["supervisor"])
    payouts.mark_sent(session, batch, people["supervisor"])
    return session.get(Claim, claim.id), batch


def _lower_to_6500(session, claim, people):
    appeal(session, claim)
    decide(
        session,
        session.get(Claim, claim.id),
        people["reviewer2"],
        lines={i: ("rejected", "NOT_ELIGIBLE") for i in range(2)},
        decided_at=DECIDED_AT + timedelta(days=40),
    )
    return session.get(Claim, claim.id)


def test_the_bank_file_holds_only_escaped_transfer_rows_and_the_summary_is_its_own_file(
    session, incident, people
):
    paid = decided_claim(
        session, people["claimant"], incident, people["reviewer"], payout_holder="=HYPERLINK(1)"
    )
    rejected = make_claim(session, people["claimant"], incident)
    decide(session, rejected, people["reviewer"], lines={i: ("rejected", "OTHER") for i in range(3)})
    make_claim(session, people["claimant"], incident)  # not decided
    assert payouts.payable_summary(session) == (1, 18_290)

    with pytest.raises(NotAllowed):
        payouts.export(session, people["reviewer"])
    batch = payouts.export(session, people["supervisor"])
    rows = _rows(payouts.csv_bytes(batch))
    assert rows[0] == list(payouts.BANK_FILE_HEADER)
    assert rows[1:] == [
        [
            f"{paid.reference}-1",
            "090",
            "카카오뱅크",
            paid.payout_account,
            "'=HYPERLINK(1)",
            "18290",
            "payment",
            paid.reference,
        ]
    ]
    assert _rows(payouts.summary_bytes(batch))[1][2:] == ["1", "18290"]
    # Exported is in flight: not paid yet, and not exported again.
    assert already_paid(session, paid) == 0
    assert payouts.payable_summary(session) == (0, 0)
    with pytest.raises(NotAllowed, match="nothing to pay"):
        payouts.export(session, people["supervisor"])
    assert session.scalar(select(func.count()).select_from(PayoutBatch)) == 1


def test_an_appeal_after_payment_is_a_top_up_in_the_next_batch(session, incident, people):
    claim, first = _paid_claim(session, people, incident)
    assert already_paid(session, claim) == 18_290 and payouts.standing(session, claim).balance == 0
    appeal(session, claim)
    assert payouts.due_list(session) == []  # nothing moves while the appeal is open
    decide(
        session, session.get(Claim, claim.id), people["reviewer2"], decided_at=DECIDED_AT + timedelta(days=20)
    )
    [due] = payouts.due_list(session)
    assert (due.reference, due.kind, due.amount, due.paid, due.approved) == (
        claim.reference,
        "top_up",
        30_000,
        18_290,
        48_290,
    )
    second = payouts.export(session, people["supervisor"])
    [row] = _rows(payouts.csv_bytes(second))[1:]
    assert row[0] == f"{claim.reference}-2" and row[5:7] == ["30000", "top_up"]
    payouts.mark_sent(session, second, people["supervisor"])
    assert already_paid(session, claim) == 48_290
    assert _events(session, claim) == ["payout.exported", "payout.sent", "payout.exported", "payout.sent"]


def test_a_lowered_amount_after_payment_is_a_recovery_item_until_a_supervisor_settles_it(
    session, incident, people
):
    claim, _batch = _paid_claim(session, people, incident)
    claim = _lower_to_6500(session, claim, people)
    [item] = payouts.recoveries(session)
    assert (item.reference, item.approved, item.paid, item.amount) == (claim.reference, 6_500, 18_290, 11_790)
    assert payouts.due_list(session) == []

    with pytest.raises(InvalidInput, match="note"):
        payout_results.settle_recovery(session, claim, people["supervisor"], "written_off", 1_790, " ")
    with pytest.raises(InvalidInput):
        payout_results.settle_recovery(session, claim, people["supervisor"], "recovered", 11_791, "too much")
    with pytest.raises(NotAllowed):
        payout_results.settle_recovery(
            session, claim, people["reviewer"], "recovered", 100, "not a supervisor"
        )
    session.rollback()
    payout_results.settle_recovery(
        session, claim, people["supervisor"], "recovered", 10_000, "계좌로 반환받음"
    )
    [item] = payouts.recoveries(session)
    assert item.amount == 1_790 and already_paid(session, claim) == 8_290
    payout_results.settle_recovery(
        session, claim, people["supervisor"], "written_off", 1_790, "소액, 회수 비용이 더 큼"
    )
    assert payouts.recoveries(session) == []
    standing = payouts.standing(session, claim)
    assert (standing.paid, standing.written_off, standing.to_recover, standing.due) == (8_290, 1_790, 0, 0)
    assert _events(session, claim)[-2:] == ["payout.recovery_recovered", "payout.recovery_written_off"]


def test_a_failed_payment_is_due_again_only_after_the_account_is_corrected(session, incident, people, app):
    from tests.web.mail_helpers import messages

    claim, batch = _paid_claim(session, people, incident)
    [payment] = batch.payments
    bounced = payout_results.record_results(
        session,
        batch,
        people["supervisor"],
        [payout_results.Result(payment.reference, "failed", "계좌 없음")],
    )
    assert [p.reference for p in bounced] == [payment.reference]
    assert already_paid(session, claim) == 0
    standing = payouts.standing(session, claim)
    assert standing.blocked and standing.still_due == 18_290 and standing.due == 0
    assert payouts.due_list(session) == []
    # The claimant is asked by e-mail, with a link to the form on their claim page.
    [mail] = [m for m in messages(app.config["MAIL_OUTBOX"]) if claim.reference in m["Subject"]]
    assert f"/my/claims/{claim.reference}/payout-account" in mail.get_content()

    with pytest.raises(InvalidInput):
        payout_results.correct_account(
            session, claim, people["claimant"], claim.version, "999", "110-123-456789", "김민준"
        )
    with pytest.raises(ClaimConflict):
        payout_results.correct_account(
            session, claim, people["claimant"], claim.version - 1, "088", "110-123-456789", "김민준"
        )
    with pytest.raises(NotAllowed):
        payout_results.correct_account(
            session, claim, people["other"], claim.version, "088", "110-123-456789", "김민준"
        )
    session.rollback()
    claim = session.get(Claim, claim.id)
    payout_results.correct_account(
        session, claim, people["claimant"], claim.version, "088", "110-123-456789", "김민준"
    )
    [due] = payouts.due_list(session)
    assert (due.amount, due.kind) == (18_290, "payment")
    again = payouts.export(session, people["supervisor"])
    [row] = _rows(payouts.csv_bytes(again))[1:]
    assert row[:4] == [f"{claim.reference}-2", "088", "신한은행", "110-123-456789"]
    assert "payout.failed" in _events(session, claim) and "payout.account_corrected" in _events(
        session, claim
    )


def test_a_result_file_with_a_bad_line_changes_nothing(session, incident, people):
    first, _first_batch = _paid_claim(session, people, incident)
    decided_claim(session, people["other"], incident, people["reviewer"])
    decided_claim(session, people["en"], incident, people["reviewer"])
    batch = payouts.export(session, people["supervisor"])
    with pytest.raises(NotAllowed, match="sent"):
        payout_results.record_results(session, batch, people["supervisor"], [])
    session.rollback()
    payouts.mark_sent(session, batch, people["supervisor"])

    one, two = (p.reference for p in batch.payments)
    good = f"{one},confirmed,"
    for content, line, words in (
        (f"reference,status,reason\r\n{good}\r\n{first.reference}-1,failed,x\r\n", 3, "No transfer"),
        (f"{good}\n{two},returned,\n", 2, "reason"),
        (f"{good}\n{one},confirmed,\n", 2, "twice"),
        (f"{good}\nNOPE-1,ok,\n", 2, "No transfer"),
        (f"{good}\n{two},maybe,\n", 2, "unknown status"),
        (f"{good}\n{two}\n", 2, "expected reference"),
    ):
        with pytest.raises(InvalidInput) as refused:
            results = payout_results.parse_result_file(content.encode())
            payout_results.record_results(session, batch, people["supervisor"], results)
        message = str(refused.value)
        assert message.startswith(f"Line {line}:") and words in message and "Nothing was recorded" in message
        session.rollback()
        assert {p.state for p in session.get(PayoutBatch, batch.id).payments} == {"sent"}

    with pytest.raises(InvalidInput, match="UTF-8"):
        payout_results.parse_result_file("참조,완료".encode("cp949"))
    results = payout_results.parse_result_file(f"\ufeff{good}\n{two},반환,예금주 불일치\n".encode())
    payout_results.record_results(session, batch, people["supervisor"], results)
    states = {p.reference: (p.state, p.reason) for p in session.get(PayoutBatch, batch.id).payments}
    assert states == {one: ("confirmed", ""), two: ("returned", "예금주 불일치")}


def test_the_same_claim_cannot_have_two_exported_transfers(session, incident, people):
    claim = decided_claim(session, people["claimant"], incident, people["reviewer"])
    batch = payouts.export(session, people["supervisor"])
    session.add(
        Payment(
            reference=f"{claim.reference}-9",
            batch_id=batch.id,
            claim_id=claim.id,
            kind="payment",
            state="exported",
            amount=18_290,
        )
    )
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_two_exports_at_once_pay_each_claim_once(app, session, incident, people, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("threads against one database: PostgreSQL (SQLite serialises writers itself)")
    from claims.db import get_session
    from claims.models import User

    for _ in range(5):
        decided_claim(session, people["claimant"], incident, people["reviewer"])
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    original = payouts.due_list

    def due_list_together(*args, **kwargs):
        rows = original(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=3)
        return rows

    payouts.due_list = due_list_together
    try:

        def run(supervisor_id: int) -> None:
            with app.app_context():
                s = get_session()
                try:
                    payouts.export(s, s.get(User, supervisor_id))
                    outcomes.append("exported")
                except NotAllowed:
                    outcomes.append("refused")

        threads = [
            threading.Thread(target=run, args=(people[name].id,)) for name in ("supervisor", "supervisor2")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        payouts.due_list = original
    session.expire_all()
    assert sorted(outcomes) == ["exported", "refused"]
    per_claim = session.execute(select(Payment.claim_id, func.count()).group_by(Payment.claim_id)).all()
    assert len(per_claim) == 5 and {n for _c, n in per_claim} == {1}


def test_a_batch_is_sent_once_and_every_change_is_audited(session, incident, people):
    claim, batch = _paid_claim(session, people, incident)
    with pytest.raises(NotAllowed):
        payouts.mark_sent(session, batch, people["supervisor"])
    session.rollback()
    [payment] = session.get(PayoutBatch, batch.id).payments
    payout_results.record_results(
        session, batch, people["supervisor"], [payout_results.Result(payment.reference, "confirmed")]
    )
    payout_results.record_results(
        session,
        batch,
        people["supervisor"],
        [payout_results.Result(payment.reference, "returned", "예금주 불일치")],
    )
    assert _events(session, claim) == [
        "payout.exported",
        "payout.sent",
        "payout.confirmed",
        "payout.returned",
    ]
    batch_events = session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.object_type == "payout_batch", AuditEvent.object_id == str(batch.id)
        )
    ).all()
    assert sorted(batch_events) == ["payout.batch_sent", "payout.export"]
