"""The production worker runs job after job in one work-horse, and replaces it every JOBS_PER_HORSE jobs.
A real worker process (claims.jobs.AppWorker) on Redis, in burst mode."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

from claims import jobs
from tests.faults.test_worker_killed import REDIS_URL, ROOT

WORKER = """
import os, sys
from redis import Redis
from rq import Queue
from claims import workers
workers.JOBS_PER_HORSE = 2
connection = Redis.from_url(os.environ["REDIS_URL"])
queue = Queue(os.environ["FAULT_QUEUE"], connection=connection)
worker = workers.AppWorker([queue], connection=connection)
print(os.getpid())
worker.work(burst=True, logging_level="WARNING")
"""


@pytest.fixture
def queue_name(app, monkeypatch):
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must provide Redis at {REDIS_URL}: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL} ({exc}); start redis-server to run this test")
    name = f"claims-horses-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(jobs, "QUEUE", name)
    app.config.update(REDIS_URL=REDIS_URL, JOBS_INLINE=False)
    yield name
    with app.app_context():
        jobs.queue().delete(delete_jobs=True)


def test_one_horse_runs_several_jobs_and_is_replaced_after_its_share(app, queue_name, database_url, tmp_path):
    record = tmp_path / "pids"
    with app.app_context():
        for _ in range(5):
            jobs.enqueue("tests.faults.horse_jobs.record_pid", str(record))
    env = {
        **os.environ,
        "PORTAL_ENV": "testing",
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "INSTANCE_PATH": str(tmp_path),
        "FAULT_QUEUE": queue_name,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("STORAGE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", WORKER], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    supervisor = int(done.stdout.split()[0])
    pids = [int(line) for line in record.read_text().split()]
    assert len(pids) == 5
    # Two jobs per horse: the horses' pids run 1 1 2 2 3, none of them the supervisor.
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]
    assert len(set(pids)) == 3 and supervisor not in pids
