"""Benchmark: CPU per background letter job in a real RQ worker (PostgreSQL + Redis), and jobs per second.

Run: .venv/bin/python bench/jobs_bench.py [--jobs 150] [--runs 3] [--worker claims.jobs.AppWorker ...]

Once: a bench database (PostgreSQL `bench_jobs`, never the test databases) is migrated and seeded with demo
claims (`seed-demo --light`: decided claims without letters). Each run: a fresh copy of it (`bench_jobs_run`,
made from `bench_jobs` as a template) and an empty Redis database; one worker started as `make worker` starts
it (`rq worker --url … -w WORKER_CLASS --with-scheduler claims`) and left to settle; a few warm-up
letter jobs; then --jobs letter jobs enqueued at once, the way the app enqueues them after a decision
(claims.jobs.enqueue(letters.JOB, claim_id, actor_id)), and timed until every one of those claims has its
letter. Several worker classes given with --worker are run one after the other within each round, so that
they are compared in the same minute of a shared machine.

Printed per run and as medians: the CPU of the worker's whole process tree per job (psutil: the worker, its
live children such as the scheduler, and the reaped work-horses' times), split into the worker process itself
and its children; jobs per second (wall clock); and new PostgreSQL sessions per job (pg_stat_database).
The database server's own CPU is not in these figures. Compare with bench/letters_bench.py (rendering and
signing one letter in-process).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from load_bench import _run, bench_database_name, recreate_database  # noqa: E402 — this folder, as a script

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_jobs"
DEFAULT_REDIS = "redis://127.0.0.1:6379/6"
WARMUP = 5


def seed(url: str, env: dict, claims: int) -> None:
    """The template database: migrated and seeded once per bench."""
    recreate_database(url)
    flask = [str(BIN / "flask"), "--app", "app"]
    _run([*flask, "db", "upgrade"], env, "migrate")
    _run([*flask, "seed-demo", "--claims", str(claims), "--light"], env, f"seed {claims:,} claims")


def _tree_cpu(process) -> tuple[float, float]:
    """(CPU seconds of the process itself, of its children: reaped ones and those alive now)."""
    import psutil

    times = process.cpu_times()
    children = times.children_user + times.children_system
    for child in process.children(recursive=True):
        try:
            t = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        children += t.user + t.system
    return times.user + times.system, children


def _sessions(engine, name: str) -> int:
    from sqlalchemy import text

    with engine.connect() as conn:
        return conn.scalar(text("select sessions from pg_stat_database where datname = :n"), {"n": name}) or 0


def _wait_idle(connection, seconds: float = 60) -> None:
    from rq import Worker

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        workers = Worker.all(connection=connection)
        if workers and all(w.get_state() == "idle" for w in workers):
            return
        time.sleep(0.1)
    raise SystemExit("the worker did not start")


def one_run(worker_class: str, args, env: dict, work: Path) -> dict:
    """Start a worker of `worker_class` on a fresh copy of the database, run the jobs, measure."""
    import psutil
    from redis import Redis
    from sqlalchemy import create_engine, func, select, text

    run_url = args.postgres + "_run"
    recreate_database(run_url, template=bench_database_name(args.postgres))
    run_env = {**env, "DATABASE_URL": run_url}
    redis = Redis.from_url(args.redis)
    redis.flushdb()
    os.environ.update(run_env)
    from claims import create_app, jobs
    from claims.models import Claim, Letter
    from claims.services import letters

    app = create_app()
    with app.app_context():
        from claims.db import get_session

        session = get_session()
        ids = session.scalars(select(Claim.id).where(Claim.status == "decided").order_by(Claim.id)).all()
        session.close()
    needed = WARMUP + args.jobs
    if len(ids) < needed:
        raise SystemExit(f"only {len(ids)} decided claims: seed more (--claims) or ask for fewer --jobs")
    engine = create_engine(run_url)
    log = open(work / f"worker-{worker_class.rpartition('.')[2]}.log", "a")  # noqa: SIM115 — closed below
    worker = subprocess.Popen(
        [str(BIN / "rq"), "worker", "--url", args.redis, "-w", worker_class, "--with-scheduler",
         "--logging_level", "WARNING", jobs.QUEUE],  # fmt: skip
        cwd=ROOT, env=run_env, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    try:
        process = psutil.Process(worker.pid)
        _wait_idle(redis)

        def issued(batch) -> int:
            with engine.connect() as conn:
                query = select(func.count()).select_from(Letter).where(Letter.claim_id.in_(batch))
                return conn.scalar(query)

        def run_batch(batch) -> float:
            with app.app_context():
                started = time.perf_counter()
                for claim_id in batch:
                    jobs.enqueue(letters.JOB, claim_id, None)
            deadline = time.monotonic() + 600
            while issued(batch) < len(batch):
                if time.monotonic() > deadline or worker.poll() is not None:
                    raise SystemExit(f"{worker_class}: the jobs did not finish (see {log.name})")
                time.sleep(0.02)
            return time.perf_counter() - started

        run_batch(ids[:WARMUP])
        time.sleep(0.5)
        own0, children0 = _tree_cpu(process)
        sessions0 = _sessions(engine, bench_database_name(run_url))
        wall = run_batch(ids[WARMUP:needed])
        own1, children1 = _tree_cpu(process)
        sessions1 = _sessions(engine, bench_database_name(run_url))
        with engine.connect() as conn:
            failed = conn.scalar(
                select(func.count()).select_from(Claim).where(Claim.id.in_(ids[WARMUP:needed]))
                .where(Claim.status != "letter_issued")
            )  # fmt: skip
            conn.execute(text("select 1"))
        if failed:
            raise SystemExit(f"{worker_class}: {failed} claims without their letter")
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
        log.close()
        engine.dispose()
        app.extensions["db_engine"].dispose()
    n = args.jobs
    return {
        "cpu_ms": (own1 - own0 + children1 - children0) / n * 1000,
        "own_ms": (own1 - own0) / n * 1000,
        "children_ms": (children1 - children0) / n * 1000,
        "jobs_s": n / wall,
        "sessions": (sessions1 - sessions0) / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=150, help="letter jobs timed per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--claims", type=int, default=2000, help="demo claims seeded (about 1 in 4 decided)")
    parser.add_argument(
        "--worker", action="append", help="rq worker class (repeat to compare); default claims.jobs.AppWorker"
    )
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    args = parser.parse_args()
    classes = args.worker or ["claims.jobs.AppWorker"]
    bench_database_name(args.postgres)
    work = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    env = {
        **os.environ,
        "PORTAL_ENV": "development",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": args.postgres,
        "REDIS_URL": args.redis,
        "INSTANCE_PATH": str(work / "instance"),
        "UPLOAD_DIR": str(work / "uploads"),
        "LOG_FORMAT": "text",
        "PROMETHEUS_MULTIPROC_DIR": "",
    }
    env.pop("STORAGE_URL", None)
    print(f"uptime: {os.popen('uptime').read().strip()}")
    results: dict[str, list[dict]] = {name: [] for name in classes}
    try:
        seed(args.postgres, env, args.claims)
        for n in range(args.runs):
            for name in classes:
                result = one_run(name, args, env, work)
                results[name].append(result)
                print(
                    f"run {n + 1} {name}: {result['cpu_ms']:.1f} ms CPU per job "
                    f"(worker {result['own_ms']:.1f}, children {result['children_ms']:.1f}), "
                    f"{result['jobs_s']:.1f} jobs/s, "
                    f"{result['sessions']:.2f} new PostgreSQL sessions per job"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"median of {args.runs} runs, {args.jobs} letter jobs each (after {WARMUP} warm-up jobs)")
    for name, rows in results.items():
        if not rows:
            continue
        med = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
        print(
            f"  {name}: {med['cpu_ms']:.1f} ms CPU per job (worker {med['own_ms']:.1f} + children "
            f"{med['children_ms']:.1f}), {med['jobs_s']:.1f} jobs/s, {med['sessions']:.2f} sessions per job"
        )
    print(f"uptime: {os.popen('uptime').read().strip()}")


if __name__ == "__main__":
    main()
