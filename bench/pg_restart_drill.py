"""Fault drill: PostgreSQL restarts while the portal is under load. Never touches the machine's own cluster.

Run: .venv/bin/python bench/pg_restart_drill.py [--down 10] [--duration 60]   (as root: it runs PostgreSQL as
the `postgres` user)

1. Starts a private PostgreSQL instance (initdb into /tmp/portal-drill-pg, port 5499, loopback only).
2. Migrates and seeds it (2,000 demo claims and bench accounts), serves the portal with gunicorn and an RQ
   worker, and drives it with locust (bench/locustfile.py) for --duration seconds.
3. Part-way through, stops PostgreSQL (fast shutdown: every connection is cut), keeps it down --down seconds,
   and starts it again — without touching gunicorn or the worker.
4. A probe signed in as a claimant reads a page every 0.2 s throughout: it records when pages fail, whether
   each failure was the portal's own error page (with its request id) rather than a bare server error, and
   how long after PostgreSQL was back the pages came back.
5. Then checks that nothing is half-written: every filed claim has its items, an assessment and its audit
   event; every evidence row has its file and every stored file its row; no job failed for good.
"""

from __future__ import annotations

import argparse
import csv
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from load_bench import BIN, ROOT, _free_port, _run, _stop, _wait_http, bench_accounts  # noqa: E402

PGBIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), Path("/usr/bin"))
DATA = Path("/tmp/portal-drill-pg")
PORT = 5499
URL = f"postgresql+psycopg://postgres@127.0.0.1:{PORT}/drill"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def as_postgres(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True, check=False
    )


def pg_ctl(action: str) -> float:
    started = time.perf_counter()
    options = f"-p {PORT} -k {DATA} -c listen_addresses=127.0.0.1 -c fsync=on"
    done = as_postgres(str(PGBIN / "pg_ctl"), "-D", str(DATA / "data"), "-m", "fast", "-w", "-o", options,
                       "-l", str(DATA / "server.log"), action)  # fmt: skip
    if done.returncode != 0 and action != "stop":
        raise SystemExit(f"pg_ctl {action} failed: {done.stdout}{done.stderr}")
    return time.perf_counter() - started


def start_cluster() -> None:
    if (DATA / "data" / "PG_VERSION").exists():
        pg_ctl("stop")
        shutil.rmtree(DATA)
    DATA.mkdir(parents=True)
    shutil.chown(DATA, "postgres", "postgres")
    done = as_postgres(
        str(PGBIN / "initdb"), "-D", str(DATA / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8"
    )
    if done.returncode != 0:
        raise SystemExit(f"initdb failed: {done.stderr}")
    pg_ctl("start")
    as_postgres(str(PGBIN / "createdb"), "-h", "127.0.0.1", "-p", str(PORT), "-U", "postgres", "drill")


class Probe(threading.Thread):
    """A signed-in claimant reading their claims page every 0.2 s: (time, status, clean error page, secs)."""

    def __init__(self, host: str, email: str, password: str):
        super().__init__(daemon=True)
        self.host, self.samples, self.stop = host, [], threading.Event()
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = self.opener.open(f"{host}/login", timeout=10).read().decode()
        form = {"csrf_token": CSRF.search(page)[1], "email": email, "password": password}
        self.opener.open(f"{host}/login", urllib.parse.urlencode(form).encode(), timeout=10)

    def run(self) -> None:
        while not self.stop.is_set():
            started = time.time()
            try:
                response = self.opener.open(f"{self.host}/my/claims", timeout=10)
                self.samples.append((started, response.status, True, time.time() - started))
            except urllib.error.HTTPError as exc:
                body = exc.read().decode(errors="replace")
                rid = exc.headers.get("X-Request-ID") or ""
                clean = 'class="error-page' in body and bool(rid) and rid in body
                self.samples.append((started, exc.code, clean, time.time() - started))
            except OSError:
                self.samples.append((started, 0, False, time.time() - started))
            time.sleep(0.2)


def consistency(env: dict) -> list[str]:
    """Nothing half-written: checked in this process against the drill's database and store."""
    for name in ("DATABASE_URL", "UPLOAD_DIR", "INSTANCE_PATH", "SECRET_KEY", "PORTAL_ENV"):
        os.environ[name] = env[name]
    from sqlalchemy import exists, func, select

    from claims import create_app, storage
    from claims.db import get_session
    from claims.models import Assessment, AuditEvent, Claim, ClaimItem, Evidence, Letter, User

    app = create_app()
    with app.app_context():
        s = get_session()
        filed = select(Claim.id).where(Claim.filed_at.is_not(None))
        count = lambda query: s.scalar(select(func.count()).select_from(query.subquery()))  # noqa: E731
        no_items = count(filed.where(~exists().where(ClaimItem.claim_id == Claim.id)))
        no_assessment = count(filed.where(~exists().where(Assessment.claim_id == Claim.id)))
        ours = select(User.id).where(User.email.like("%@bench.example"))
        filed_by_them = select(Claim.id).where(Claim.filed_at.is_not(None), Claim.claimant_id.in_(ours))
        submitted = {
            str(claim_id) for claim_id in s.scalars(filed_by_them)
        }  # audit events name the claim's id
        audited = set(s.scalars(select(AuditEvent.object_id).where(AuditEvent.action == "claim.submit")))
        keys = set(storage.current().list_keys())
        rows = set(s.scalars(select(Evidence.stored_name)))
        rows |= set(s.scalars(select(Letter.stored_name).where(Letter.stored_name.is_not(None))))
        decided = select(Claim.id).where(Claim.status == "decided", Claim.decided_by_id.in_(ours))
        waiting = count(decided)
        app.extensions["db_engine"].dispose()
    return [
        f"filed claims without items: {no_items}; without an assessment: {no_assessment}",
        f"claims filed by the drill's users: {len(submitted)}, without their claim.submit audit event: "
        f"{len(submitted - audited)}",
        f"rows without a stored file: {len(rows - keys)}; stored files without a row: {len(keys - rows)}",
        f"claims decided by the drill's reviewers still waiting for their letter: {waiting}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--down", type=float, default=10, help="seconds PostgreSQL stays down")
    parser.add_argument("--at", type=float, default=20, help="seconds into the run when it goes down")
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root (PostgreSQL is started as the postgres user)")
    print(f"uptime: {os.popen('uptime').read().strip()}")
    start_cluster()
    work = Path("/tmp/portal-drill-work")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    env = {
        **os.environ,
        "PORTAL_ENV": "development",
        "SECRET_KEY": "drill-" + os.urandom(16).hex(),
        "DATABASE_URL": URL,
        "REDIS_URL": REDIS,
        "INSTANCE_PATH": str(work),
        "UPLOAD_DIR": str(work / "uploads"),
        "RATELIMIT_ENABLED": "false",
        "LOG_FORMAT": "json",
        "PROMETHEUS_MULTIPROC_DIR": "",
        "BENCH_PASSWORD": "bench-password-1",
        "BENCH_CLAIMANTS": "100",
        "BENCH_REVIEWERS": "5",
    }
    env.pop("STORAGE_URL", None)
    from redis import Redis

    Redis.from_url(REDIS).flushdb()
    flask = [str(BIN / "flask"), "--app", "app"]
    _run([*flask, "db", "upgrade"], env, "migrate")
    _run([*flask, "seed-demo", "--claims", "2000", "--light"], env, "seed 2,000 claims")
    bench_accounts(env, 100, 5, env["BENCH_PASSWORD"])
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    log = open(work / "server.log", "w")  # noqa: SIM115 — closed below
    worker = subprocess.Popen(
        [str(BIN / "rq"), "worker", "--url", REDIS, "-w", "claims.jobs.AppWorker", "--with-scheduler",
         "claims"],
        cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "3", "--threads", "2", "--bind", f"127.0.0.1:{port}", "app:app"],
        cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    try:
        _wait_http(f"{host}/healthz")
        probe = Probe(host, "bench-claimant-99@bench.example", env["BENCH_PASSWORD"])
        probe.start()
        locust = subprocess.Popen(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                host,
                "-u",
                str(args.users),
                "-r",
                "10",
                "-t",
                f"{args.duration}s",
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "ERROR",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(args.at)
        down_at = time.time()
        stop_seconds = pg_ctl("stop")
        print(f"  PostgreSQL stopped (fast shutdown, {stop_seconds:.1f} s) at t={args.at:.0f} s")
        time.sleep(args.down)
        pg_ctl("start")
        up_at = time.time()
        print(f"  PostgreSQL started again after {up_at - down_at:.1f} s down")
        locust.wait()
        probe.stop.set()
        probe.join()
        deadline = time.monotonic() + 120  # let the worker drain (and retry) the letter jobs
        while time.monotonic() < deadline and Redis.from_url(REDIS).llen("rq:queue:claims"):
            time.sleep(1)
        time.sleep(5)
    finally:
        _stop(server)
        _stop(worker)
        log.close()
    failures = [s for s in probe.samples if s[1] != 200]
    during = [s for s in failures if down_at - 1 <= s[0] <= up_at + 60]
    unclean = [s for s in failures if not s[2]]
    back = next((s[0] for s in probe.samples if s[0] > up_at and s[1] == 200), None)
    print(f"\nprobe: {len(probe.samples)} page loads, {len(failures)} failed ({len(during)} while or after "
          f"PostgreSQL was down), {len(unclean)} without the portal's own error page")  # fmt: skip
    statuses = sorted({s[1] for s in failures})
    print(f"  failure statuses: {statuses}")
    print(f"  pages back {back - up_at:.1f} s after PostgreSQL was up (gunicorn not restarted)" if back else
          "  pages did NOT come back")  # fmt: skip
    late = [s for s in failures if back and s[0] > back]
    print(f"  failures after recovery: {len(late)}")
    with open(work / "locust_stats.csv", newline="") as fh:
        total = next(r for r in csv.DictReader(fh) if r["Name"] == "Aggregated")
    print(f"locust: {total['Request Count']} requests, {total['Failure Count']} failed")
    lines = (work / "server.log").read_text().splitlines()
    bare = [line for line in lines if "Internal Server Error" in line and not line.startswith("{")]
    print(f"server log: {sum('OperationalError' in line for line in lines)} lines naming OperationalError, "
          f"{len(bare)} bare gunicorn errors")  # fmt: skip
    for line in consistency(env):
        print(line)
    pg_ctl("stop")
    print(f"uptime: {os.popen('uptime').read().strip()}")


if __name__ == "__main__":
    main()
