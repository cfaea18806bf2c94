"""CPU per request of the load journeys (a claim filed, the review queue, my claims), in-process.

Run: source the portal's environment (DATABASE_URL of a seeded database — `flask seed-demo --claims 100000
--light` — SECRET_KEY, PORTAL_ENV=development, RATELIMIT_ENABLED=0), then
  .venv/bin/python bench/request_cpu.py [--filings 30] [--queue 20] [--profile "submit"] [--top 30]

Each request goes through the Flask test client (the whole WSGI stack: session, CSRF, database, template)
and is timed in this process's CPU time (time.process_time), so the figure is the app's own CPU per request
whatever else the machine is doing; the database server's CPU is not in it. Prints, per endpoint, the median
and the 90th percentile in CPU milliseconds, and the CPU of one whole filing journey (the 11 requests
bench/locustfile.py makes per claim). --profile NAME prints cProfile's top entries for that endpoint.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_data import CONTACT, LOSSES, PHOTO  # noqa: E402

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
KEY = re.compile(r'name="submission_key"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="submission_key"')
REFERENCE = re.compile(r"/my/claims/(KC-\d{4}-[0-9A-Z]{6})")
CLAIM_LINK = re.compile(r'href="/review/claims/(\d+)[?"]')
PASSWORD = "request-cpu-password-1"
QUEUE = ("/review/", "/review/?status=submitted", "/review/?flag=any&sort=flags", "/review/?page=5")


class Timer:
    def __init__(self, profile: str | None) -> None:
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self.profile_name = profile
        self.measuring = False  # not while warming up
        # CPU time, not wall time: on a busy machine a wall-clock profile charges waits to whatever ran last
        self.profiler = cProfile.Profile(time.process_time) if profile else None

    def __call__(self, name: str, call):
        profiling = (
            self.profiler is not None
            and self.measuring
            and (name == self.profile_name or (self.profile_name == "journey" and name in JOURNEY))
        )
        started = time.process_time()
        if profiling:
            self.profiler.enable()
        response = call()
        if profiling:
            self.profiler.disable()
        self.cpu[name].append((time.process_time() - started) * 1000)
        return response


def accounts(app) -> tuple[str, str]:
    """A confirmed claimant and a reviewer with a cheap password hash (not the load being measured)."""
    from sqlalchemy import select
    from werkzeug.security import generate_password_hash

    from claims.db import get_session, utcnow
    from claims.models import User

    emails = ("request-cpu-claimant@bench.example", "request-cpu-reviewer@bench.example")
    with app.app_context():
        session = get_session()
        for email, role in zip(emails, ("claimant", "reviewer"), strict=True):
            if session.scalar(select(User).where(User.email == email)) is None:
                session.add(
                    User(
                        email=email,
                        display_name="요청 측정",
                        phone="010-3000-0000",
                        role=role,
                        language="ko" if role == "claimant" else "en",
                        password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
                        email_confirmed_at=utcnow(),
                    )
                )
        session.commit()
    return emails


class Browser:
    def __init__(self, app, timer: Timer) -> None:
        self.client = app.test_client()
        self.timer = timer
        self.csrf = ""

    def page(self, path: str, name: str) -> str:
        response = self.timer(name, lambda: self.client.get(path))
        assert response.status_code == 200, (path, response.status_code)
        text = response.get_data(as_text=True)
        found = CSRF.search(text)
        if found:
            self.csrf = found[1]
        return text

    def form(self, path: str, name: str, data: dict) -> str:
        payload = {"csrf_token": self.csrf, **data}
        response = self.timer(name, lambda: self.client.post(path, data=payload))
        assert response.status_code == 302, (
            path,
            response.status_code,
            response.get_data(as_text=True)[:500],
        )
        return response.headers.get("Location", "")

    def sign_in(self, email: str) -> None:
        self.page("/login", "login page")
        self.form("/login", "login", {"email": email, "password": PASSWORD})


def file_claim(browser: Browser) -> None:
    """The requests of bench/locustfile.py's Claimant.file_claim."""
    browser.page("/my/claims/new?type=user", "new claim page")
    location = browser.form("/my/claims/new", "start claim", {"type": "user"})
    reference = REFERENCE.search(location)[1]
    base = f"/my/claims/{reference}/edit"
    browser.page(f"{base}/contact", "contact page")
    n = random.randrange(10**7)
    contact = {
        **CONTACT,
        "contact_phone": f"010-{n // 10**4:04d}-{n % 10**4:04d}",
        "contact_email": f"claimant-{n}@bench.example",
        "payout_account": f"110-{n:08d}",
    }
    browser.form(f"{base}/contact", "save contact", contact)
    browser.page(f"{base}/losses", "losses page")
    browser.form(f"{base}/losses", "save losses", LOSSES)
    browser.page(f"{base}/evidence", "evidence page")
    payload = {"csrf_token": browser.csrf, "action": "upload", "files": (io.BytesIO(PHOTO), "receipt.png")}
    response = browser.timer(
        "upload evidence",
        lambda: browser.client.post(f"{base}/evidence", data=payload, content_type="multipart/form-data"),
    )
    assert response.status_code == 302, response.status_code
    review = browser.page(f"{base}/review", "review page")
    key = KEY.search(review)
    browser.form(f"{base}/review", "submit", {"submission_key": key[1] or key[2], "declaration": "y"})
    browser.page(f"/my/claims/{reference}/receipt", "receipt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filings", type=int, default=30)
    parser.add_argument("--queue", type=int, default=20, help="queue pages per filter")
    parser.add_argument(
        "--profile",
        help="endpoint to profile (submit, queue, 'review page' …) or 'journey' (all of a filing)",
    )
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key (cumulative, tottime)")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--dump", help="write the profile to this file (for pstats: callers, callees)")
    args = parser.parse_args()
    random.seed(20221015)

    from claims import create_app

    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = True
    claimant, reviewer = accounts(app)
    from claims.gc_tuning import settle

    settle()  # as a gunicorn worker does once the app is loaded
    timer = Timer(args.profile)
    filer = Browser(app, timer)
    filer.sign_in(claimant)
    for _ in range(3):  # warm-up: first requests compile templates and fill caches
        file_claim(filer)
    timer.cpu.clear()
    timer.measuring = True
    for _ in range(args.filings):
        file_claim(filer)
    staff = Browser(app, timer)
    staff.sign_in(reviewer)
    for path in QUEUE:
        warm = staff.page(path, "queue (warm-up)")
    for claim_id in CLAIM_LINK.findall(warm)[:2]:
        staff.page(f"/review/claims/{claim_id}", "claim page (warm-up)")
    for _ in range(args.queue):
        for path in QUEUE:
            queue = staff.page(path, "queue")
        ids = CLAIM_LINK.findall(queue)
        if ids:
            staff.page(f"/review/claims/{random.choice(ids)}", "claim page (reviewer)")
    for _ in range(args.queue):
        filer.page("/my/claims", "my claims")
    for path, name in (
        ("/", "/"),
        ("/timeline", "/timeline"),
        ("/policy", "/policy"),
        ("/verify", "/verify"),
    ):
        for _ in range(args.queue):
            Browser(app, timer).page(path, name)

    print(
        f"CPU ms per request (this process), {args.filings} filings, {app.config['DATABASE_URL'].split('://')[0]}"
    )
    print(f"  {'endpoint':<26} {'median':>8} {'p90':>8} {'n':>5}")
    journey = 0.0
    for name, values in timer.cpu.items():
        if "warm-up" in name:
            continue
        values = sorted(values)
        median = statistics.median(values)
        p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
        print(f"  {name:<26} {median:8.1f} {p90:8.1f} {len(values):5d}")
        if name in JOURNEY:
            journey += median
    print(f"  one filing journey ({len(JOURNEY)} requests): {journey:.1f} ms CPU (sum of medians)")
    if timer.profiler is not None and timer.profile_name in timer.cpu | {"journey": 1}:
        pstats.Stats(timer.profiler).sort_stats(args.sort).print_stats(args.top)
        if args.dump:
            timer.profiler.dump_stats(args.dump)


JOURNEY = (
    "new claim page",
    "start claim",
    "contact page",
    "save contact",
    "losses page",
    "save losses",
    "evidence page",
    "upload evidence",
    "review page",
    "submit",
    "receipt",
)

if __name__ == "__main__":
    main()
