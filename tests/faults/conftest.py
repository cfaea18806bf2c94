"""What the fault tests share: a private queue on the local Redis, and the environment of the real worker
process they start (the test app's database, Redis and queue)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from claims import jobs

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_queue_name(app, monkeypatch):
    """A queue of its own on the local Redis (skipped without one, but CI must have it), retries 1 s apart."""
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must provide Redis at {REDIS_URL}: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL} ({exc}); start redis-server to run this test")
    name = f"claims-fault-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(jobs, "QUEUE", name)
    # Retries a second apart (production waits 30 s, then 5 min).
    monkeypatch.setattr(jobs, "RETRY_INTERVALS", (1, 1))
    app.config.update(REDIS_URL=REDIS_URL, JOBS_INLINE=False)
    yield name
    with app.app_context():
        jobs.queue().delete(delete_jobs=True)


def worker_env(database_url: str, queue_name: str, **extra: str) -> dict:
    """The environment of a worker process started by a test: its database, Redis and queue."""
    env = {
        **os.environ,
        "PORTAL_ENV": "testing",
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "FAULT_QUEUE": queue_name,
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    env.pop("STORAGE_URL", None)
    return env
