"""Benchmark: seed 100,000 demo claims, then time the review queue page for the common filters.

Run: .venv/bin/python bench/queue_bench.py [--claims 100000] [--requests 60] [--postgres URL | --no-postgres]
Seeds a temporary SQLite file and (when reachable) the PostgreSQL database `bench` (created if missing,
emptied first), with the same generator as `flask seed-demo --claims N --light`. Each filter is requested
through the Flask test client as a signed-in reviewer (whole page: query, counts, template); the figures
are the median and the 95th percentile in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PORTAL_ENV", "development")

from sqlalchemy import create_engine, select, text  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
TARGET_P95_MS = 150


def filters(reference: str, phone: str) -> list[tuple[str, str]]:
    return [
        ("open, oldest first (default)", "/review/"),
        ("submitted", "/review/?status=submitted"),
        ("all, largest amount", "/review/?status=all&sort=amount"),
        ("any flag, most flags", "/review/?flag=any&sort=flags"),
        ("possible duplicates", "/review/?status=all&flag=POSSIBLE_DUPLICATE"),
        ("taxi drivers, Kakao T taxi", "/review/?claimant_type=taxi_driver&service=kakao_t_taxi"),
        ("head: lost sales", "/review/?status=all&kind=lost_sales"),
        (
            "amount 50k-500k, filed range",
            "/review/?status=all&amount_min=50000&amount_max=500000"
            "&filed_from=2000-01-01&filed_to=2100-01-01",
        ),
        ("sampled for review", "/review/?status=all&review_status=selected"),
        ("unassigned", "/review/?assigned=unassigned"),
        ("assigned to me", "/review/?assigned=me"),
        ("overdue information requests", "/review/?overdue=y"),
        ("appeals", "/review/?appeals=y"),
        ("search by reference", f"/review/?q={reference}"),
        ("search by phone", f"/review/?q={phone}"),
        ("page 40 of open claims", "/review/?page=40"),
    ]


def prepare_postgres(url: str) -> str | None:
    admin = url.rsplit("/", 1)[0] + "/postgres"
    try:
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            name = url.rsplit("/", 1)[1]
            if not conn.scalar(text("select 1 from pg_database where datname = :n"), {"n": name}):
                conn.execute(text(f'create database "{name}"'))
        engine.dispose()
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        return url
    except Exception as exc:  # noqa: BLE001 — a machine without PostgreSQL still gets the SQLite figures
        print(f"PostgreSQL not reachable ({exc.__class__.__name__}): skipped")
        return None


def run(url: str, label: str, claims: int, requests: int, upload_dir: str) -> list[tuple[str, float, float]]:
    from claims import create_app, migrate
    from claims.db import get_session
    from claims.demo import accounts as demo
    from claims.demo.claims import seed_demo_claims
    from claims.models import Claim
    from claims.services.incidents import load_incident_file

    migrate.upgrade(url)
    app = create_app(
        {
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "UPLOAD_DIR": upload_dir,
            "MAIL_OUTBOX": upload_dir,
        }
    )
    with app.app_context():
        session = get_session()
        load_incident_file(session)
        demo.seed_demo_accounts(session)
        start = time.perf_counter()
        made = seed_demo_claims(session, claims, letters=False, evidence=False)
        seconds = time.perf_counter() - start
        print(f"[{label}] seeded {sum(made.values()):,} claims in {seconds:.1f} s")
        if url.startswith("postgresql"):
            session.execute(text("ANALYZE"))
            session.commit()
        else:
            session.execute(text("ANALYZE"))
        reference, phone = session.execute(
            select(Claim.reference, Claim.contact_phone).order_by(Claim.id.desc()).limit(1)
        ).one()
    client = app.test_client()
    client.post("/login", data={"email": "reviewer@example.com", "password": demo.DEMO_PASSWORD})
    results = []
    for name, path in filters(reference, phone):
        for _ in range(3):  # warm the caches, as a reviewer's second click would
            client.get(path)
        times = []
        for _ in range(requests):
            t0 = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        results.append((name, statistics.median(times), p95))
        print(f"[{label}] {name:<34} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")
    app.extensions["db_engine"].dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG))
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runs = [("sqlite", f"sqlite:///{tmp}/bench.sqlite3")]
        if not args.no_postgres and prepare_postgres(args.postgres):
            runs.append(("postgresql", args.postgres))
        summary = []
        for label, url in runs:
            for name, median, p95 in run(url, label, args.claims, args.requests, tmp):
                summary.append((label, name, median, p95))
    print(f"\nqueue page, {args.claims:,} claims, {args.requests} requests per filter (ms)")
    print(f"{'database':<11} {'filter':<34} {'median':>8} {'p95':>8}")
    for label, name, median, p95 in summary:
        mark = "" if p95 < TARGET_P95_MS else f"  over the {TARGET_P95_MS} ms target"
        print(f"{label:<11} {name:<34} {median:8.1f} {p95:8.1f}{mark}")


if __name__ == "__main__":
    main()
