"""Background jobs: on Redis + RQ when REDIS_URL is set, inline otherwise.

A job is a dotted path to a function that takes plain arguments; it runs inside its own app context (and so
with its own database session). Workers, started from the repository root with the web app's environment
(DATABASE_URL, SECRET_KEY, PORTAL_ENV, REDIS_URL …):
- `flask --app app worker`: builds the app once and runs the jobs in its own process (no fork);
- `rq worker --url $REDIS_URL -w claims.jobs.AppWorker claims`: the app built once in a supervisor that
  forks one long-lived work-horse running job after job, and fails and retries the job of a horse that dies
  (claims/workers.py);
- plain `rq worker --url $REDIS_URL claims` works too, but each job's fork imports and builds the app anew.
"""

from __future__ import annotations

import importlib
import os
import time

from flask import Flask, current_app, has_app_context

from claims.workers import AppWorker  # noqa: F401 — `rq worker -w claims.jobs.AppWorker` (README)

QUEUE = "claims"
JOB_TIMEOUT = 600
# A job that failed (database restarting, mail server down) is tried again a little later, twice.
RETRY_INTERVALS = (30, 300)

_worker_app: Flask | None = None
_worker_pid: int | None = None


def _resolve(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _app() -> Flask:
    """The current app (inline, `flask worker`, tests), else one built from the environment, once."""
    global _worker_app, _worker_pid
    if has_app_context():
        return current_app._get_current_object()
    if _worker_app is None:
        from claims import create_app

        _worker_app, _worker_pid = create_app(), os.getpid()
    elif _worker_pid != os.getpid():
        # A fork of the worker: the parent's pooled connections must not be shared, so open new ones.
        _worker_app.extensions["db_engine"].dispose(close=False)
        _worker_pid = os.getpid()
    return _worker_app


def run_job(path: str, *args, **kwargs):
    """Entry point of every job, inline or in a worker: open an app context, call the function."""
    from claims import metrics

    with _app().app_context():
        started = time.perf_counter()
        try:
            result = _resolve(path)(*args, **kwargs)
        except BaseException:
            metrics.job_ended(path, "error", time.perf_counter() - started)
            raise
        metrics.job_ended(path, "ok", time.perf_counter() - started)
        return result


def queued_in_background() -> bool:
    """True when enqueue() hands jobs to RQ, False when it runs them right away."""
    return bool(current_app.config.get("REDIS_URL")) and not current_app.config.get("JOBS_INLINE")


def connection():
    """The Redis connection of this app (one pool per app)."""
    from redis import Redis

    redis = current_app.extensions.get("jobs_redis")
    if redis is None:
        redis = current_app.extensions["jobs_redis"] = Redis.from_url(current_app.config["REDIS_URL"])
    return redis


def queue():
    from rq import Queue

    return Queue(QUEUE, connection=connection())


def enqueue(path: str, *args, **kwargs):
    """Run `path(*args)` in the background when Redis is configured, right now otherwise.

    Inline, the function's result is returned (and its exception raised); with RQ, the rq Job.
    """
    if not queued_in_background():
        return _resolve(path)(*args, **kwargs)
    from rq import Retry

    return queue().enqueue(
        run_job,
        args=(path, *args),
        kwargs=kwargs,
        job_timeout=JOB_TIMEOUT,
        result_ttl=0,  # a return value (an ORM row, say) is for inline callers, not worth keeping in Redis
        retry=Retry(max=len(RETRY_INTERVALS), interval=list(RETRY_INTERVALS)),
        description=f"{path}{args!r}",
    )


def queued_count() -> int | None:
    """How many jobs wait in the queue, or None without Redis (or when Redis does not answer)."""
    if not queued_in_background():
        return None
    try:
        return queue().count
    except Exception:  # noqa: BLE001 — a dashboard figure; the page must not fail because Redis is down
        current_app.logger.warning("the job queue did not answer", exc_info=True)
        return None


def work(burst: bool = False) -> bool:
    """Run an RQ worker in this process and app (no fork per job): `flask --app app worker`."""
    from rq import SimpleWorker

    from claims.gc_tuning import settle
    from claims.letters.fonts import register_fonts

    worker = SimpleWorker([queue()], connection=connection())
    register_fonts()
    settle()
    return worker.work(burst=burst, with_scheduler=True)  # the scheduler runs the retries of failed jobs


def init_app(app: Flask) -> None:
    app.config.setdefault("JOBS_INLINE", False)
