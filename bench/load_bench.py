"""Load benchmark on the production stack: gunicorn + PostgreSQL + Redis (an RQ worker running), then the
same on the SQLite default (no Redis: jobs inline), driven by locust through public, claimant and reviewer
journeys.

Run: make bench-load   (or .venv/bin/python bench/load_bench.py [--duration 60] [--users 60] [--only sqlite])

For each database: a fresh bench database (PostgreSQL `bench_load`, never the test databases; SQLite in a
temporary folder), migrated, seeded with 100,000 demo claims (`seed-demo --light`), plus bench accounts; then
gunicorn serves it on 127.0.0.1 and locust (headless, loopback only, bounded time) runs bench/locustfile.py.
Prints per-endpoint throughput, median / p95 / p99 and errors, claim submissions per second over the steady
window, and what the server logged (500s) — side by side for both databases.

The bench turns off rate limiting (every simulated user comes from 127.0.0.1) and serves with
PORTAL_ENV=development so that session cookies travel over plain http; everything else is as in production.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_load"
DEFAULT_REDIS = "redis://127.0.0.1:6379/4"
TARGET_P95_MS = 200
TARGET_SUBMITS = 50
# The requests of one claim filed through the browser (bench/locustfile.py Claimant.file_claim).
JOURNEY = (
    "GET /my/claims/new",
    "POST /my/claims/new",
    *(
        f"{method} /my/claims/<ref>/edit/{step}"
        for step in ("contact", "losses", "evidence", "review")
        for method in ("GET", "POST")
    ),
    "GET /my/claims/<ref>/receipt",
)
KEY_ENDPOINTS = ("/", "/timeline", "/policy", "queue", "submit", "claim page (reviewer)", "decide")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(args: list[str], env: dict, what: str) -> str:
    started = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{what} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    print(f"  {what}: {time.perf_counter() - started:.1f} s")
    return done.stdout


def bench_database_name(url: str) -> str:
    """The database a bench may drop and fill: never the test suite's or the server's own."""
    name = url.rsplit("/", 1)[1]
    if name in ("test", "postgres") or name.startswith("test_"):
        raise SystemExit(f"refusing to use {name}: the bench needs its own database")
    return name


def recreate_database(url: str, template: str | None = None) -> None:
    """A new, empty (or `template`'s copy) bench database; whatever was still connected to the old one (an
    earlier run stopped halfway) is disconnected."""
    from sqlalchemy import create_engine, text

    name = bench_database_name(url)
    admin = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    admin.dispose()


def bench_accounts(env: dict, claimants: int, reviewers: int, password: str) -> None:
    """Claimant and reviewer accounts for locust. Their password hash is a cheap one (scrypt costs ~0.25 s of
    CPU on purpose, and signing in 400 bench users is not the load being measured); accounts registered during
    the run (the NewClaimant journey) get the portal's real hash."""
    code = f"""
import os
from sqlalchemy import insert, text
from werkzeug.security import generate_password_hash
from claims import create_app
from claims.db import utcnow
from claims.services.confirmation import PRIVACY_CONSENT_VERSION
from claims.db import get_session
from claims.models import User
app = create_app()
with app.app_context():
    session = get_session()
    hashed = generate_password_hash({password!r}, method="pbkdf2:sha256:1000")
    # Confirmed addresses and the privacy consent, as a registered claimant who followed the link has them.
    now = utcnow()
    person = dict(email_confirmed_at=now, privacy_consent_at=now,
                  privacy_consent_version=PRIVACY_CONSENT_VERSION)
    rows = [dict(email=f"bench-claimant-{{n}}@bench.example", display_name=f"부하 청구인 {{n}}",
                 phone="010-3000-0000", role="claimant", language="ko", password_hash=hashed, **person)
            for n in range({claimants})]
    rows += [dict(email=f"bench-reviewer-{{n}}@bench.example", display_name=f"Bench reviewer {{n}}",
                  role="reviewer", language="en", password_hash=hashed, **person) for n in range({reviewers})]
    session.execute(insert(User), rows)
    session.execute(text("ANALYZE"))
    session.commit()
"""
    _run(
        [str(BIN / "python"), "-c", code],
        env,
        f"bench accounts ({claimants} claimants, {reviewers} reviewers)",
    )


def _wait_http(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 — loopback only
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def _scrape(url: str, token: str) -> dict[str, float]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — loopback only
        text = response.read().decode()
    values: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith(("portal_jobs", "portal_letters_issued_total", "portal_claims{")):
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values


def _background(pid: int) -> None:
    """Make the worker's whole session yield the CPU to the app. Linux shares a busy CPU fairly between
    sessions (autogroups) first and between the processes inside each second, so a worker in a session of its
    own would get as much CPU as all of gunicorn's workers together, whatever its own priority; the session's
    nice (/proc/PID/autogroup) is what ranks it. Under systemd, CPUWeight= on the worker's unit does this."""
    autogroup = Path(f"/proc/{pid}/autogroup")
    try:
        autogroup.write_text("19")
    except OSError as exc:  # no autogroups on this kernel, or not allowed: the idle class still applies
        print(f"  (the worker's session keeps its CPU share: {exc})")


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


GROUPS = ("gunicorn", "rq worker", "postgres", "redis", "locust")


def _group(process, roots: dict[int, str]) -> str:
    """The group of a process: the app server or the job worker it descends from (their forks and
    renamed processes included), the database, Redis; anything else is "other"."""
    try:
        name = process.name()
        for ancestor in (process, *process.parents()):
            if ancestor.pid in roots:
                return roots[ancestor.pid]
    except Exception:  # noqa: BLE001 — ended meanwhile: not counted
        return "other"
    if name.startswith("postgres"):
        return "postgres"
    if name.startswith("redis"):
        return "redis"
    return "other"


def cpu_by_group(roots: dict[int, str]) -> dict[str, float]:
    """CPU seconds used so far by each process group on the machine (children that ended included), and the
    machine's busy total — so a run shows where its cores went (app, jobs, database, load generator).
    `roots` names the processes started here (gunicorn's master, the RQ worker) by pid."""
    import resource

    import psutil

    totals = dict.fromkeys((*GROUPS, "other"), 0.0)
    for process in psutil.process_iter():
        if process.pid == os.getpid():
            continue  # this script: the locust it ran and waited for is counted from its children's usage
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        totals[_group(process, roots)] += (
            times.user + times.system + times.children_user + times.children_system
        )
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    totals["locust"] += ended.ru_utime + ended.ru_stime
    busy = psutil.cpu_times()
    totals["machine"] = busy.user + busy.system + busy.nice + busy.irq + busy.softirq
    return totals


def read_stats(prefix: Path) -> list[dict]:
    if not Path(f"{prefix}_stats.csv").exists():
        raise SystemExit(f"locust wrote no figures: see {prefix.parent / 'locust.log'}")
    with open(f"{prefix}_stats.csv", newline="") as fh:
        return list(csv.DictReader(fh))


def steady_submits(prefix: Path, ramp: float, duration: float) -> tuple[float, float]:
    """Submissions per second over the steady window (after the ramp), and the slowest 10-second stretch."""
    points = []
    if not Path(f"{prefix}_stats_history.csv").exists():
        return 0.0, 0.0
    with open(f"{prefix}_stats_history.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["Name"] == "submit":
                points.append((int(row["Timestamp"]), int(row["Total Request Count"])))
    if len(points) < 2:
        return 0.0, 0.0
    start = points[0][0] + ramp
    window = [(t, n) for t, n in points if start <= t <= start + duration]
    if len(window) < 2:
        return 0.0, 0.0
    mean = (window[-1][1] - window[0][1]) / max(1, window[-1][0] - window[0][0])
    slowest = min(
        ((b[1] - a[1]) / max(1, b[0] - a[0]) for a in window for b in window if 9 <= b[0] - a[0] <= 11),
        default=mean,
    )
    return mean, slowest


# Which locust users each phase runs (bench/locustfile.py): the journeys measure what a whole filing costs and
# how the portal holds up when every core is busy; the surge measures how many claims it files a second while
# visitors and reviewers go on (claimants whose claim is complete press Submit).
PHASES = {
    "journeys": ("Public", "Claimant", "NewClaimant", "Reviewer"),
    "surge": ("Submitter", "Public", "Reviewer"),
}


def run(label: str, url: str, redis_url: str | None, args, work: Path) -> list[dict]:
    print(f"\n== {label}: {url}")
    instance = work / label
    instance.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    env = {
        **os.environ,
        "PORTAL_ENV": "development",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": url,
        "INSTANCE_PATH": str(instance),
        "UPLOAD_DIR": str(instance / "uploads"),
        "RATELIMIT_ENABLED": "false",
        "LOG_FORMAT": "json",
        "METRICS_TOKEN": token,
        "PROMETHEUS_MULTIPROC_DIR": "",
        "BENCH_PASSWORD": "bench-password-1",
        "BENCH_CLAIMANTS": str(args.claimant_accounts),
        "BENCH_REVIEWERS": str(args.reviewer_accounts),
        "BENCH_SUBMITTERS": str(args.submitters),
        "BENCH_SURGE_RATE": str(args.surge_rate),
        "BENCH_DRAFTS": str(instance / "drafts.json"),
    }
    env.pop("REDIS_URL", None)
    env.pop("STORAGE_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
        from redis import Redis

        Redis.from_url(redis_url).flushdb()
    flask = [str(BIN / "flask"), "--app", "app"]
    _run([*flask, "db", "upgrade"], env, "migrate")
    _run([*flask, "seed-demo", "--claims", str(args.claims), "--light"], env, f"seed {args.claims:,} claims")
    bench_accounts(env, args.claimant_accounts, args.reviewer_accounts, env["BENCH_PASSWORD"])
    if "surge" in args.phases:
        # Enough for the whole surge at its rate, the ramp and a margin (a user out of drafts stops).
        drafts = int(args.surge_rate * (args.duration + 30))
        _run(
            [
                str(BIN / "python"),
                str(ROOT / "bench" / "load_drafts.py"),
                env["BENCH_DRAFTS"],
                "--drafts",
                str(drafts),
                "--accounts",
                str(args.submitters),
                "--password",
                env["BENCH_PASSWORD"],
            ],  # fmt: skip
            env,
            f"{drafts:,} complete drafts for the surge",
        )
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    server_log = open(instance / "server.log", "w")  # noqa: SIM115 — closed below
    locust_log = open(instance / "locust.log", "w")  # noqa: SIM115 — closed below
    processes: list[subprocess.Popen] = []
    worker = server = None
    results = []
    try:
        if redis_url:
            # Background jobs yield the cores to people waiting on a page (the idle scheduling class, and its
            # session's share, see _background): letters queue up during a surge and go out after it, and the
            # phase reports how long the queue took to drain.
            worker = subprocess.Popen(
                [*(["chrt", "--idle", "0"] if args.worker_idle else []),
                 str(BIN / "rq"), "worker", "--url", redis_url, "-w", "claims.jobs.AppWorker",
                 "--with-scheduler",
                 "--logging_level", "WARNING", "claims"],  # fmt: skip
                cwd=ROOT, env=env, stdout=server_log, stderr=server_log, start_new_session=True,
            )  # fmt: skip
            processes.append(worker)
            if args.worker_idle:
                _background(worker.pid)
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", str(args.workers), "--threads", str(args.threads),
             *(["--keep-alive", str(args.keep_alive)] if args.keep_alive is not None else []),
             "--bind", f"127.0.0.1:{port}", "app:app"],  # fmt: skip
            cwd=ROOT, env=env, stdout=server_log, stderr=server_log, start_new_session=True,
        )  # fmt: skip
        processes.append(server)
        _wait_http(f"{host}/healthz")
        print(
            f"  gunicorn: {args.workers} workers × {args.threads} threads on {host}"
            + (", RQ worker" if worker else "")
        )
        for name in args.phases:
            roots = {server.pid: "gunicorn", **({worker.pid: "rq worker"} if worker else {})}
            results.append(
                phase(name, label, host, env, args, instance, server_log, locust_log, worker, token, roots)
            )
    finally:
        for process in reversed(processes):
            _stop(process)
        server_log.close()
        locust_log.close()
    return results


def phase(name, label, host, env, args, instance, server_log, locust_log, worker, token, roots) -> dict:
    """One locust run against the served portal; its figures, and what the server logged meanwhile."""
    users = args.users if name == "journeys" else args.submitters + args.surge_background
    prefix = instance / f"locust-{name}"
    ramp = max(1.0, users / args.spawn_rate)
    total = int(args.duration + ramp + 2)
    what = f"{args.submitters} submitting at {args.surge_rate:g}/s in all + " if name == "surge" else ""
    print(
        f"  {name}: {what}{users} users ({', '.join(PHASES[name])}), {args.spawn_rate}/s, {total} s "
        f"({ramp:.0f} s ramp + {args.duration} s)"
    )
    server_log.flush()
    log_from = (instance / "server.log").stat().st_size
    cpu_before, wall_before = cpu_by_group(roots), time.monotonic()
    subprocess.run(
        [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--host", host,
         "-u", str(users), "-r", str(args.spawn_rate), "-t", f"{total}s", "--csv", str(prefix),
         "--csv-full-history", "--only-summary", "--stop-timeout", "10", "--reset-stats",
         "--loglevel", "ERROR", *PHASES[name]],  # fmt: skip
        cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL, stderr=locust_log,
    )  # fmt: skip
    cpu_after, wall = cpu_by_group(roots), time.monotonic() - wall_before
    cores = {group: (cpu_after[group] - cpu_before[group]) / wall for group in cpu_after}
    drained = 0.0
    if worker is not None:  # let the worker finish what the run queued
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if _scrape(f"{host}/metrics", token).get("portal_jobs_queued", 0) <= 0:
                break
            time.sleep(1)
        drained = time.monotonic() - wall_before - wall
    metrics = _scrape(f"{host}/metrics", token)
    with open(instance / "server.log", "rb") as fh:
        fh.seek(log_from)
        lines = fh.read().decode(errors="replace").splitlines()
    logged = [json.loads(line) for line in lines if line.startswith("{")]
    server_errors = [line for line in logged if line.get("status", 0) >= 500 or line.get("level") == "ERROR"]
    cpu: dict[str, list[float]] = {}
    for line in logged:
        if line.get("logger") == "claims.access" and "cpu_ms" in line:
            path = re.sub(r"/\d+", "/<id>", re.sub(r"KC-\d{4}-[0-9A-Z]{6}", "<ref>", line["path"]))
            cpu.setdefault(f"{line['method']} {path}", []).append(line["cpu_ms"])
    return {
        "label": f"{label} {name}",
        "phase": name,
        "stats": read_stats(prefix),
        "submits": steady_submits(prefix, ramp, args.duration),
        "metrics": metrics,
        "server_errors": server_errors,
        "cpu": {endpoint: statistics.median(values) for endpoint, values in cpu.items()},
        "cores": cores,
        "drained": drained,
    }


def _fmt(value: str) -> str:
    try:
        return f"{float(value):.0f}"
    except ValueError:
        return value


def report(results: list[dict], args) -> None:
    print(f"\nper endpoint ({args.duration} s steady after the ramp; times in ms)")
    header = f"{'run':<20} {'endpoint':<24} {'requests':>9} {'req/s':>7} {'median':>7} {'p95':>7}"
    header += f" {'p99':>7} {'errors':>7}"
    print(header)
    for result in results:
        for row in result["stats"]:
            print(
                f"{result['label']:<20} {row['Name'][:24]:<24} {row['Request Count']:>9} "
                f"{float(row['Requests/s']):7.1f} {_fmt(row['50%']):>7} {_fmt(row['95%']):>7} "
                f"{_fmt(row['99%']):>7} "
                f"{row['Failure Count']:>7}"
            )
    print("\nside by side")
    labels = [r["label"] for r in results]
    print(f"{'':<28}" + "".join(f"{label:>28}" for label in labels))
    for name in KEY_ENDPOINTS:
        cells = []
        for result in results:
            row = next((r for r in result["stats"] if r["Name"] == name), None)
            cells.append(
                "—" if row is None else f"{float(row['Requests/s']):.1f}/s p95 {_fmt(row['95%'])} ms"
            )
        print(f"{name:<28}" + "".join(f"{cell:>28}" for cell in cells))
    for label, key in (("claim submissions/s (steady)", 0), ("slowest 10 s of submissions/s", 1)):
        print(f"{label:<28}" + "".join(f"{r['submits'][key]:>28.1f}" for r in results))
    totals = [next(r for r in result["stats"] if r["Name"] == "Aggregated") for result in results]
    print(f"{'errors (locust)':<28}" + "".join(f"{t['Failure Count']:>28}" for t in totals))
    print(f"{'server 5xx / ERROR lines':<28}" + "".join(f"{len(r['server_errors']):>28}" for r in results))
    print(f"{'letters issued (metrics)':<28}" + "".join(
        f"{r['metrics'].get('portal_letters_issued_total', 0):>28.0f}" for r in results))  # fmt: skip
    print(f"{'jobs queue drained after (s)':<28}" + "".join(f"{r['drained']:>28.0f}" for r in results))
    print(
        f"{'jobs failed (metrics)':<28}"
        + "".join(f"{r['metrics'].get('portal_jobs_failed', 0):>28.0f}" for r in results)
    )
    print("\nwhere the cores went during the run (CPU seconds per second of the run, by process group)")
    print(f"{'':<28}" + "".join(f"{r['label']:>21}" for r in results))
    for group in (*GROUPS, "other", "machine"):
        print(f"{group:<28}" + "".join(f"{r['cores'].get(group, 0.0):>21.2f}" for r in results))
    print("\nCPU per request in the app (median ms of the serving thread, from the access log): what each")
    print("request costs whatever the machine's load; the database's own CPU is not included")
    names = sorted({name for r in results for name in r["cpu"]})
    print(f"{'':<40}" + "".join(f"{r['label']:>21}" for r in results))
    for name in names:
        print(f"{name[:40]:<40}" + "".join(f"{r['cpu'].get(name, float('nan')):>21.1f}" for r in results))
    for result in (r for r in results if r["phase"] == "journeys"):
        journey = sum(result["cpu"].get(name, 0.0) for name in JOURNEY)
        print(
            f"  {result['label']}: one claim filed as a browser does ({len(JOURNEY)} requests) costs "
            f"{journey:.0f} ms of app CPU: at most {2000 / journey if journey else 0:.0f} claims/s on 2 cores"
        )
    print("\ntargets: 0 errors; public pages and queue p95 < 200 ms; >= 50 submissions/s for 60 s")
    print("(journeys: every claim filed from a blank form, all cores busy; surge: complete claims submitted)")
    for result in results:
        misses = []
        for row in result["stats"]:
            public_or_queue = row["Name"] in ("/", "/timeline", "/policy", "/estimate", "/verify", "queue")
            if public_or_queue and row["95%"] not in ("N/A", "") and float(row["95%"]) >= TARGET_P95_MS:
                misses.append(f"{row['Name']} p95 {row['95%']} ms")
        total = next(r for r in result["stats"] if r["Name"] == "Aggregated")
        if int(total["Failure Count"]) or result["server_errors"]:
            misses.append(f"{total['Failure Count']} errors, {len(result['server_errors'])} server errors")
        if result["submits"][0] < TARGET_SUBMITS:
            what = "claims filed from a blank form" if result["phase"] == "journeys" else "submissions"
            misses.append(f"{result['submits'][0]:.1f} {what}/s")
        print(f"  {result['label']}: " + ("all met" if not misses else "missed: " + "; ".join(misses)))
        for line in result["server_errors"][:5]:
            print(f"    {line.get('message')} {line.get('path', '')} {line.get('request_id', '')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="steady seconds after the ramp")
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--keep-alive", type=int, help="gunicorn's keep-alive seconds (default: gunicorn.conf.py)"
    )
    parser.add_argument("--claimant-accounts", type=int, default=400)
    parser.add_argument("--reviewer-accounts", type=int, default=20)
    parser.add_argument(
        "--worker-idle",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run the RQ worker in the idle scheduling class (chrt --idle 0): jobs yield to pages",
    )
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument(
        "--phases", default="journeys,surge", help="journeys, surge or both (comma-separated, in order)"
    )
    parser.add_argument(
        "--submitters", type=int, default=100, help="surge: users submitting complete claims (between them)"
    )
    parser.add_argument("--surge-rate", type=float, default=50, help="surge: submissions per second offered")
    parser.add_argument(
        "--surge-background", type=int, default=20, help="surge: visitors and reviewers meanwhile (3 : 2)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, locust CSV)")
    args = parser.parse_args()
    args.phases = [name.strip() for name in args.phases.split(",") if name.strip()]
    if not args.phases or set(args.phases) - set(PHASES):
        parser.error(f"--phases: choose from {', '.join(PHASES)}")
    print(f"uptime: {os.popen('uptime').read().strip()}")
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    results = []
    try:
        if args.only in (None, "postgresql"):
            recreate_database(args.postgres)
            results.extend(run("postgresql", args.postgres, args.redis, args, work))
        if args.only in (None, "sqlite"):
            results.extend(run("sqlite", f"sqlite:///{work / 'portal.sqlite3'}", None, args, work))
        report(results, args)
    finally:
        if args.keep:
            print(f"\nlogs and locust CSV kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"uptime: {os.popen('uptime').read().strip()}")
    for name in args.phases:
        rates = [r["submits"][0] for r in results if r["phase"] == name]
        if rates:
            print(f"median steady submissions/s, {name}: {statistics.median(rates):.1f}")


if __name__ == "__main__":
    main()
