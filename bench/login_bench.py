"""How long a failed sign-in takes for a known and for an unknown e-mail address (they should be the same).

Runs the real view in-process (SQLite, scrypt as in production, rate limits off) and prints the median and
spread of each. Usage: .venv/bin/python bench/login_bench.py [--tries 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PORTAL_ENV", "testing")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=30)
    args = parser.parse_args()

    from claims import create_app, migrate
    from claims.db import get_session
    from claims.services import accounts

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        migrate.upgrade(url)
        app = create_app(
            {
                "DATABASE_URL": url,
                "RATELIMIT_ENABLED": False,
                "WTF_CSRF_ENABLED": False,
                "SECRET_KEY": "x" * 32,
            }
        )
        with app.app_context():
            accounts.create_user(
                get_session(), email="known@example.com", password="password123", display_name="K"
            )
        client = app.test_client()
        timings: dict[str, list[float]] = {"known e-mail, wrong password": [], "unknown e-mail": []}
        for _ in range(args.tries):
            for label, email in (
                ("known e-mail, wrong password", "known@example.com"),
                ("unknown e-mail", "nobody@example.com"),
            ):
                start = time.perf_counter()
                response = client.post("/login", data={"email": email, "password": "wrong-password"})
                timings[label].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
        app.extensions["db_engine"].dispose()
    method = app.config["PASSWORD_HASH_METHOD"]
    print(f"failed sign-ins, {args.tries} each, PASSWORD_HASH_METHOD={method}")
    for label, values in timings.items():
        q = statistics.quantiles(values, n=10)
        print(
            f"  {label:30s} median {statistics.median(values):7.1f} ms   p10 {q[0]:7.1f}   p90 {q[-1]:7.1f}"
        )


if __name__ == "__main__":
    main()
