"""Benchmark: compare two policies over 100,000 claims read from PostgreSQL, and reassess 100,000 claims.

    .venv/bin/python bench/compare_bench.py [--claims 100000] [--runs 5] [--postgres URL] [--reseed]
                                            [--reassess] [--profile]

Seeds the database (default `bench_steer`, created if missing) once with the demo generator
(`flask seed-demo --claims N` without letters or files); later runs reuse it unless --reseed. Each run is
what the comparison page and `flask compare-policies` do: stream every filed claim with the lean query,
parse it and assess it under as-paid-2022 and fair-2022 at once (`assess_totals_each`, totals only), then
summarise. Printed per run: wall time and this process's CPU time (the machine is shared, so CPU time is
the steadier figure; PostgreSQL's own work shows only in the wall time), with the split read and assess /
summarise; then the medians. The CPU time includes freeing what the comparison leaves behind.

--reassess then marks every claim open (this database is the bench's own) and times one reassessment run
over all of them: assess, one new snapshot per claim, claim rows and audit events in bulk.
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

from sqlalchemy import create_engine, func, select, text, update  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_steer"
TARGET_SECONDS = 3.0


def ensure_database(url: str) -> None:
    admin = url.rsplit("/", 1)[0] + "/postgres"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        name = url.rsplit("/", 1)[1]
        if not conn.scalar(text("select 1 from pg_database where datname = :n"), {"n": name}):
            conn.execute(text(f'create database "{name}"'))
    engine.dispose()


def reset_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def build_app(url: str, folder: str):
    from claims import create_app

    return create_app(
        {
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "UPLOAD_DIR": folder,
            "MAIL_OUTBOX": folder,
        }
    )


def seed(app, claims: int) -> None:
    from claims.db import get_session
    from claims.demo import accounts as demo
    from claims.demo.claims import seed_demo_claims
    from claims.models import Claim
    from claims.services.incidents import load_incident_file

    with app.app_context():
        session = get_session()
        have = session.scalar(select(func.count(Claim.id)))
        if have >= claims:
            print(f"reusing {have:,} seeded claims")
            return
        load_incident_file(session)
        demo.seed_demo_accounts(session)
        started = time.perf_counter()
        made = seed_demo_claims(session, claims, letters=False, evidence=False)
        print(f"seeded {sum(made.values()):,} claims in {time.perf_counter() - started:.1f} s")
        session.execute(text("ANALYZE"))
        session.commit()


def time_compare(app, runs: int, profile: bool) -> None:
    from claims import rules
    from claims.db import get_session
    from claims.services import comparison
    from claims.services.incidents import default_incident

    as_paid, fair = rules.load_policy("as-paid-2022"), rules.load_policy("fair-2022")
    walls, cpus, splits, walls_split = [], [], [], []
    for number in range(runs):
        with app.app_context():
            session = get_session()
            incident = default_incident(session)
            wall, cpu = time.perf_counter(), time.process_time()
            if profile and number == runs - 1:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                result = profiler.runcall(comparison.compare, session, incident, as_paid, fair, 1_000_000)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            else:
                result = comparison.compare(session, incident, as_paid, fair, 1_000_000)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            session.rollback()
        walls.append(wall)
        cpus.append(cpu)
        splits.append(result.seconds)
        walls_split.append(result.wall)
        print(
            f"run {number + 1}: {result.claims:,} claims  wall {wall:.2f} s ({_split(result.wall)})  "
            f"cpu {cpu:.2f} s ({_split(result.seconds)})  totals {result.total[0]:,} → {result.total[1]:,}"
        )
    med_cpu = {k: statistics.median(s[k] for s in splits) for k in splits[0]}
    med_wall = {k: statistics.median(s[k] for s in walls_split) for k in walls_split[0]}
    print(
        f"median of {runs}: wall {statistics.median(walls):.2f} s ({_split(med_wall)}), "
        f"cpu {statistics.median(cpus):.2f} s ({_split(med_cpu)}); target < {TARGET_SECONDS:.0f} s"
    )


def _split(phases: dict[str, float]) -> str:
    return ", ".join(f"{name} {seconds:.2f}" for name, seconds in phases.items())


def time_reassess(app) -> None:
    from claims.db import get_session
    from claims.models import Claim
    from claims.services import reassess
    from claims.services.incidents import default_incident

    with app.app_context():
        session = get_session()
        # The bench's own database: every claim becomes open, so that all of them are reassessed.
        session.execute(update(Claim).values(status="submitted").where(Claim.status != "draft"))
        session.commit()
        run = reassess.start(session, default_incident(session), "manual", None, enqueue=False)
        wall, cpu = time.perf_counter(), time.process_time()
        reassess.run(run.id)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        row = session.get(type(run), run.id)
        session.refresh(row)
        print(
            f"reassessment: {row.done:,} open claims in wall {wall:.2f} s, cpu {cpu:.2f} s "
            f"({row.changed:,} changed)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", default=DEFAULT_PG)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--reassess", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    from claims import migrate

    ensure_database(args.postgres)
    if args.reseed:
        reset_schema(args.postgres)
    migrate.upgrade(args.postgres)
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(args.postgres, folder)
        seed(app, args.claims)
        time_compare(app, args.runs, args.profile)
        if args.reassess:
            time_reassess(app)
        app.extensions["db_engine"].dispose()


if __name__ == "__main__":
    main()
