"""The demo population: `seed-demo --claims N` fills every state, with evidence files and letters."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from claims.models import Appeal, Claim, Evidence, InfoRequest, Letter


def test_seed_demo_makes_a_working_dashboard(app, runner, session, client, login):
    result = runner.invoke(args=["seed-demo", "--claims", "120"])
    assert result.exit_code == 0, result.output
    assert "Demo claims: 120" in result.output
    statuses = dict(session.execute(select(Claim.status, func.count()).group_by(Claim.status)).all())
    for status in ("submitted", "in_review", "needs_info", "letter_issued", "appealed"):
        assert statuses.get(status, 0) > 0, (status, statuses)
    reviews = {r for (r,) in session.execute(select(Claim.review_status).distinct())}
    assert {"auto_approved", "selected", "not_selected"} <= reviews
    assert session.scalar(select(func.count()).select_from(Letter)) == sum(
        statuses.get(s, 0) for s in ("letter_issued", "appealed", "closed")
    )
    assert session.scalar(select(func.count()).select_from(Appeal)) == statuses["appealed"]
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
