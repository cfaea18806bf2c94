"""The production worker runs job after job in one work-horse, and replaces it every JOBS_PER_HORSE jobs.
A real worker process (claims.jobs.AppWorker) on Redis, in burst mode."""

from __future__ import annotations

import subprocess
import sys

from claims import jobs
from tests.faults.conftest import ROOT, worker_env

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


def test_one_horse_runs_several_jobs_and_is_replaced_after_its_share(
    app, redis_queue_name, database_url, tmp_path
):
    record = tmp_path / "pids"
    with app.app_context():
        for _ in range(5):
            jobs.enqueue("tests.faults.horse_jobs.record_pid", str(record))
    env = worker_env(database_url, redis_queue_name, INSTANCE_PATH=str(tmp_path))
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
