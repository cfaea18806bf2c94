"""The demo population: `seed-demo --claims N` fills every state, with evidence files and letters."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from claims.models import Appeal, Claim, Evidence, InfoRequest, Letter, Payment, PayoutBatch
from claims.services import payouts


def test_seed_demo_makes_a_working_dashboard(app, runner, session, client, login):
    result = runner.invoke(args=["seed-demo", "--claims", "120"])
    assert result.exit_code == 0, result.output
    assert "Demo claims: 120" in result.output
    statuses = dict(session.execute(select(Claim.status, func.count()).group_by(Claim.status)).all())
    for status in ("submitted", "in_review", "needs_info", "letter_issued", "appealed"):
        assert statuses.get(status, 0) > 0, (status, statuses)
    reviews = {r for (r,) in session.execute(select(Claim.review_status).distinct())}
    assert {"auto_approved", "selected", "not_selected"} <= reviews
    # One letter per decided claim, plus the letters that replaced one after a decided appeal (demo payouts).
    replaced = session.scalar(select(func.count()).select_from(Letter).where(Letter.replaces_id.is_not(None)))
    assert replaced == 2
    assert session.scalar(select(func.count()).select_from(Letter)) == replaced + sum(
        statuses.get(s, 0) for s in ("letter_issued", "appealed", "closed")
    )
    open_appeals = select(func.count()).select_from(Appeal).where(Appeal.resolved_at.is_(None))
    assert session.scalar(open_appeals) == statuses["appealed"]
    assert session.scalar(select(func.count()).select_from(InfoRequest)) == statuses["needs_info"]
    files = session.scalars(select(Evidence)).all()
    assert files and all((Path(app.config["UPLOAD_DIR"]) / f.stored_name).exists() for f in files)
    # Running it again adds nothing (make run does, every time).
    assert runner.invoke(args=["seed-demo", "--claims", "120"]).exit_code == 0
    assert session.scalar(select(func.count()).select_from(Claim)) == 120
    # A demo reviewer sees a working queue and claim pages.
    login("reviewer@example.com", "demo1234!")
    assert client.get("/review/?status=all").get_data(as_text=True).count("/review/claims/") == 50
    claim_id = session.scalar(select(Claim.id).where(Claim.status == "appealed").limit(1))
    assert client.get(f"/review/claims/{claim_id}").status_code == 200


def test_seed_demo_shows_a_supervisor_a_batch_a_top_up_and_a_recovery(app, runner, session, client, login):
    assert runner.invoke(args=["seed-demo", "--claims", "120"]).exit_code == 0
    first, second = session.scalars(select(PayoutBatch).order_by(PayoutBatch.id)).all()
    assert first.sent_at is not None and second.sent_at is None
    assert {p.state for p in first.payments} == {"confirmed", "failed"}
    [top_up] = second.payments
    assert top_up.kind == "top_up" and top_up.state == "exported"
    login("supervisor@example.com", "demo1234!")
    page = client.get("/oversight/payouts").get_data(as_text=True)
    failed = session.scalar(select(Payment.reference).where(Payment.state == "failed"))
    [recovery] = payouts.recoveries(session)
    assert "회수 대상" in page and recovery.reference in page and f"{recovery.amount:,}" in page
    assert failed in page and "계좌번호 오류" in page  # waiting for a corrected account
    batch_page = client.get(f"/oversight/payouts/batches/{second.id}").get_data(as_text=True)
    assert top_up.reference in batch_page and "추가 지급" in batch_page
