"""Benchmark: the programme reports over N claims (default 100,000), CPU time of each aggregate.

Run: .venv/bin/python bench/programme_bench.py [--claims 100000] [--database URL]
Inserts N filed claims (a tenth waiting, the rest decided: three line decisions each, some rejected,
some adjusted, some appealed and re-decided, some refused second signatures) straight into a temporary
SQLite file (or the given database, emptied first), then times each report with time.process_time.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PORTAL_ENV", "development")


def seed(session, n: int) -> None:
    from claims.models import Appeal, Approval, Claim, Decision, User
    from claims.services.incidents import load_incident_file

    incident = load_incident_file(session)
    staff = [
        User(email=f"r{i}@example.com", display_name=f"심사자 {i}", role="reviewer", password_hash="x")
        for i in range(20)
    ]
    claimant = User(email="c@example.com", display_name="청구인", role="claimant", password_hash="x")
    session.add_all([*staff, claimant])
    session.flush()
    rng = random.Random(7)
    start = datetime(2022, 10, 16, tzinfo=UTC)
    statuses = ["submitted", "in_review", "needs_info", "appealed"]
    claims, decisions, appeals, approvals = [], [], [], []
    decision_id = 0
    for i in range(1, n + 1):
        filed = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 120))
        waiting = rng.random() < 0.1
        claims.append(
            {
                "id": i,
                "reference": f"KC-2210-{i:06d}",
                "claimant_id": claimant.id,
                "claimant_type": "taxi_driver",
                "incident_id": incident.id,
                "status": rng.choice(statuses) if waiting else "letter_issued",
                "filed_at": filed,
                "amount_computed": 10000,
                "amount_claimed": 10000,
                "flags": [],
                "signals": [],
                "version": 1,
            }
        )
        if waiting:
            continue
        reviewer = rng.choice(staff).id if rng.random() < 0.7 else None
        rounds = 2 if rng.random() < 0.05 else 1
        for r in range(rounds):
            decision_id += 1
            head = decision_id
            at = filed + timedelta(days=rng.randrange(1, 40) + 30 * r)
            refused = rng.random() < 0.02
            decisions.append(
                {
                    "id": head,
                    "claim_id": i,
                    "line_index": None,
                    "reviewer_id": reviewer,
                    "outcome": "approved",
                    "approved_amount": 10000 + 1000 * r,
                    "created_at": at,
                    "superseded": r + 1 < rounds,
                    "pending": False,
                    "parent_id": None,
                    "note": "",
                    "reason_code": None,
                }
            )
            for line in range(3):
                decision_id += 1
                outcome = rng.choice(["accepted", "accepted", "adjusted", "rejected"])
                decisions.append(
                    {
                        "id": decision_id,
                        "claim_id": i,
                        "line_index": line,
                        "reviewer_id": reviewer,
                        "outcome": outcome,
                        "approved_amount": 0 if outcome == "rejected" else 3000,
                        "created_at": at,
                        "superseded": r + 1 < rounds,
                        "pending": False,
                        "parent_id": head,
                        "note": "",
                        "reason_code": rng.choice(["NO_EVIDENCE", "NOT_ELIGIBLE", "OTHER"])
                        if outcome == "rejected"
                        else None,
                    }
                )
            if refused and reviewer:
                approvals.append(
                    {
                        "claim_id": i,
                        "decision_id": head,
                        "requested_by_id": reviewer,
                        "status": "refused",
                        "amount": 10000,
                        "reasons": [],
                        "note": "",
                    }
                )
            if r == 0 and rounds == 2:
                appeals.append(
                    {
                        "claim_id": i,
                        "reason": "x",
                        "filed_at": at + timedelta(days=5),
                        "previous_reviewer_id": reviewer,
                        "resolved_at": at + timedelta(days=30),
                    }
                )
    session.execute(Claim.__table__.insert(), claims)
    session.execute(Decision.__table__.insert(), decisions)
    if appeals:
        session.execute(Appeal.__table__.insert(), appeals)
    if approvals:
        session.execute(Approval.__table__.insert(), approvals)
    session.commit()
    print(
        f"seeded {n:,} claims, {len(decisions):,} decision rows, "
        f"{len(appeals):,} appeals, {len(approvals):,} refusals"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--database")
    args = parser.parse_args()
    from sqlalchemy import text

    from claims import create_app, migrate
    from claims.db import get_session
    from claims.services import programme

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{tmp}/bench.sqlite3"
        if url.startswith("postgresql"):
            from sqlalchemy import create_engine

            engine = create_engine(url)
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            engine.dispose()
        migrate.upgrade(url)
        app = create_app(
            {
                "DATABASE_URL": url,
                "UPLOAD_DIR": tmp,
                "MAIL_OUTBOX": tmp,
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
            }
        )
        with app.app_context():
            session = get_session()
            seed(session, args.claims)
            session.execute(text("ANALYZE"))
            session.commit()
            for name in ("backlog", "throughput", "reason_mix", "appeal_outcomes", "reviewers"):
                t0, w0 = time.process_time(), time.perf_counter()
                getattr(programme, name)(session)
                print(
                    f"{name:<16} cpu {1000 * (time.process_time() - t0):7.1f} ms   "
                    f"wall {1000 * (time.perf_counter() - w0):7.1f} ms"
                )
            client = app.test_client()
            from claims.models import User

            sup = User(email="s@example.com", display_name="결재자", role="supervisor")
            sup.set_password("password123", method="pbkdf2:sha256:1000")
            session.add(sup)
            session.commit()
            client.post("/login", data={"email": "s@example.com", "password": "password123"})
            t0, w0 = time.process_time(), time.perf_counter()
            response = client.get("/oversight/reports/")
            print(
                f"{'whole page':<16} cpu {1000 * (time.process_time() - t0):7.1f} ms   "
                f"wall {1000 * (time.perf_counter() - w0):7.1f} ms  "
                f"({response.status_code}, {len(response.data):,} bytes)"
            )
        app.extensions["db_engine"].dispose()


if __name__ == "__main__":
    main()
