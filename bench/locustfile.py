"""Load journeys for `make bench-load` (locust, headless, against a portal on loopback only).

- Public: the home page, the timeline, the policy, the estimate and the letter check, as visitors click.
- Claimant: signs in with a bench account, then files claims as a browser does — each step's page, then its
  form (contact, losses, a photo as evidence, the review page with the amounts, the declaration) — and
  follows them (my claims, the claim page).
- New claimant: registers an account (the password hash is the expensive part), then files one claim.
- Reviewer: the queue (with common filters), a claim page, takes the claim, decides it line by line.
- Submitter (the submission surge only): a claimant whose claim is complete and whose review page is open
  presses Submit, and the browser follows to the receipt; drafts from bench/load_drafts.py (BENCH_DRAFTS),
  each user paced to its share of BENCH_SURGE_RATE submissions per second.

Every request is named by what it is, so the figures read per endpoint; the final POST of the review step is
named "submit" (one per filed claim). Accounts come from bench/load_bench.py (BENCH_CLAIMANTS, etc.).
"""

from __future__ import annotations

import email as email_parser
import itertools
import json
import os
import random
import re
import time
from email import policy as email_policy
from pathlib import Path

from load_data import CONTACT, LOSSES, PHOTO  # locust puts this folder on the path
from locust import FastHttpUser, between, constant, constant_throughput, task

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
KEY = re.compile(r'name="submission_key"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="submission_key"')
REFERENCE = re.compile(r"/my/claims/(KC-\d{4}-[0-9A-Z]{6})")
CLAIM_LINK = re.compile(r'href="/review/claims/(\d+)[?"]')
VERSION = re.compile(r'name="version"[^>]*value="(\d+)"')
LINE = re.compile(r'name="line-(\d+)-outcome"')
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-password-1")
CLAIMANTS = int(os.environ.get("BENCH_CLAIMANTS", "400"))
REVIEWERS = int(os.environ.get("BENCH_REVIEWERS", "20"))
_claimant_numbers = itertools.count()
_reviewer_numbers = itertools.count()
_new_numbers = itertools.count()
_submitter_numbers = itertools.count()
SUBMITTERS = int(os.environ.get("BENCH_SUBMITTERS", "0"))
SURGE_RATE = float(os.environ.get("BENCH_SURGE_RATE", "50"))
# Where the portal writes e-mails without MAIL_SERVER (instance/outbox): a new claimant follows the link
# that confirms its address.
OUTBOX = Path(os.environ.get("INSTANCE_PATH", "instance")) / "outbox"
CONFIRM_LINK = re.compile(r"/confirm/([A-Za-z0-9_.\-]+)")


def confirmation_path(email: str, seconds: float = 10) -> str | None:
    """The confirmation link sent to `email`, read from the outbox as the claimant reads their mail."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for mail in sorted(OUTBOX.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True)[:200]:
            message = email_parser.message_from_bytes(mail.read_bytes(), policy=email_policy.default)
            if message["To"] != email:
                continue
            if found := CONFIRM_LINK.search(message.get_body().get_content()):
                return f"/confirm/{found[1]}"
        time.sleep(0.2)
    return None


class Browser(FastHttpUser):
    abstract = True
    csrf = ""

    def page(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return ""
            text = response.text or ""
            found = CSRF.search(text)
            if found:
                self.csrf = found[1]
            return text

    def form(self, path: str, name: str, data: dict, files: dict | None = None, expect: int = 302) -> str:
        """POST a form as the browser would (with the CSRF token); return where it redirects."""
        payload = {"csrf_token": self.csrf, **data}
        with self.client.post(
            path, name=name, data=payload, files=files, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} (expected {expect})")
                return ""
            return response.headers.get("Location", "")

    def sign_in(self, email: str) -> None:
        self.page("/login", "login page")
        self.form("/login", "login", {"email": email, "password": PASSWORD})


class Public(Browser):
    weight = 3
    wait_time = between(0.5, 1.5)

    @task(4)
    def home(self):
        self.page("/", "/")

    @task(2)
    def timeline(self):
        self.page("/timeline", "/timeline")

    @task(2)
    def policy(self):
        self.page("/policy", "/policy")

    @task(1)
    def estimate(self):
        self.page("/estimate", "/estimate")

    @task(1)
    def verify(self):
        self.page("/verify", "/verify")


class Claimant(Browser):
    weight = 8
    wait_time = constant(0.5)

    def on_start(self):
        self.references: list[str] = []
        self.sign_in(f"bench-claimant-{next(_claimant_numbers) % CLAIMANTS}@bench.example")

    def file_claim(self) -> str | None:
        self.page("/my/claims/new?type=user", "new claim page")
        location = self.form("/my/claims/new", "start claim", {"type": "user"})
        found = REFERENCE.search(location)
        if not found:
            return None
        reference = found[1]
        base = f"/my/claims/{reference}/edit"
        self.page(f"{base}/contact", "contact page")
        n = random.randrange(10**7)  # one person per claim (phone, e-mail, account): no accidental duplicates
        contact = {
            **CONTACT,
            "contact_phone": f"010-{n // 10**4:04d}-{n % 10**4:04d}",
            "contact_email": f"claimant-{n}@bench.example",
            "payout_account": f"110-{n:08d}",
        }
        self.form(f"{base}/contact", "save contact", contact)
        self.page(f"{base}/losses", "losses page")
        self.form(f"{base}/losses", "save losses", LOSSES)
        self.page(f"{base}/evidence", "evidence page")
        self.form(
            f"{base}/evidence",
            "upload evidence",
            {"action": "upload"},
            files={"files": ("receipt.png", PHOTO, "image/png")},
        )
        review = self.page(f"{base}/review", "review page")
        key = KEY.search(review)
        if not key:
            return None
        self.form(f"{base}/review", "submit", {"submission_key": key[1] or key[2], "declaration": "y"})
        self.page(f"/my/claims/{reference}/receipt", "receipt")
        self.references.append(reference)
        return reference

    @task(4)
    def file(self):
        self.file_claim()

    @task(1)
    def follow(self):
        self.page("/my/claims", "my claims")
        if self.references:
            self.page(f"/my/claims/{random.choice(self.references)}", "claim page (claimant)")


class NewClaimant(Browser):
    weight = 1
    wait_time = between(5, 15)  # each registration costs a scrypt hash (~0.25 s of CPU) by design

    @task
    def register_and_file(self):
        n = next(_new_numbers)
        email = f"new-{os.getpid()}-{n}@bench.example"
        self.client.cookies.clear()
        self.page("/register", "register page")
        self.form(
            "/register",
            "register",
            {
                "display_name": f"새 청구인 {n}",
                "email": email,
                "phone": "010-2000-0000",
                "password": PASSWORD,
                "confirm": PASSWORD,
                "language": "ko",
                "privacy_consent": "agree",
            },
        )
        link = confirmation_path(email)  # no claim can be filed before the address is confirmed
        if link is None:
            return
        self.page(link, "confirm e-mail")
        Claimant.file_claim(self)  # type: ignore[arg-type]


class Reviewer(Browser):
    weight = 2
    wait_time = between(0.2, 0.6)
    FILTERS = ("/review/", "/review/?status=submitted", "/review/?flag=any&sort=flags", "/review/?page=5")

    def on_start(self):
        self.sign_in(f"bench-reviewer-{next(_reviewer_numbers) % REVIEWERS}@bench.example")

    @task(3)
    def queue(self):
        self.page(random.choice(self.FILTERS), "queue")

    @task(1)
    def decide(self):
        queue = self.page(f"/review/?page={random.randint(1, 40)}&status=submitted", "queue")
        ids = CLAIM_LINK.findall(queue)
        if not ids:
            return
        claim_id = random.choice(ids)
        first = self.page(f"/review/claims/{claim_id}", "claim page (reviewer)")
        taken = VERSION.search(first)  # every form that changes a claim carries the version it showed
        if not taken:
            return
        self.form(f"/review/claims/{claim_id}/assign", "take claim", {"version": taken[1]})
        page = self.page(f"/review/claims/{claim_id}", "claim page (reviewer)")
        version = VERSION.search(page)
        lines = sorted(set(LINE.findall(page)))
        if not version or not lines:
            return
        data = {"version": version[1], **{f"line-{i}-outcome": "accepted" for i in lines}}
        self.form(f"/review/claims/{claim_id}/decide", "decide", data)


def _drafts_by_account() -> list[list[dict]]:
    path = os.environ.get("BENCH_DRAFTS")
    if not path:
        return []
    accounts: dict[str, list[dict]] = {}
    for draft in json.loads(Path(path).read_text()):
        accounts.setdefault(draft["email"], []).append(draft)
    return list(accounts.values())


class Submitter(Browser):
    """One of BENCH_SUBMITTERS users (only in the surge, chosen by name on locust's command line), each signed
    in as one surge account and filing its complete drafts at its share of the surge rate."""

    abstract = SUBMITTERS == 0  # only in the surge: a run without BENCH_SUBMITTERS (the drill) never picks it
    fixed_count = SUBMITTERS
    wait_time = constant_throughput(SURGE_RATE / max(1, SUBMITTERS))
    accounts: list[list[dict]] | None = None

    def on_start(self):
        if Submitter.accounts is None:
            Submitter.accounts = _drafts_by_account()
        mine = Submitter.accounts[next(_submitter_numbers) % len(Submitter.accounts)]
        self.drafts = list(mine)
        self.sign_in(mine[0]["email"])
        self.page("/my/claims", "my claims")  # the form's CSRF token, as the open review page holds it

    @task
    def submit(self):
        if not self.drafts:
            return
        draft = self.drafts.pop(0)
        base = f"/my/claims/{draft['reference']}"
        submission = {"submission_key": draft["key"], "declaration": "y"}
        location = self.form(f"{base}/edit/review", "submit", submission)
        if location.endswith(f"{base}/receipt"):
            self.page(f"{base}/receipt", "receipt")
        elif location:
            with self.client.get(location, name="submit went elsewhere", catch_response=True) as response:
                response.failure(f"the submission was sent to {location}, not to its receipt")
