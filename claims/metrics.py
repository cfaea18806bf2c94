"""Prometheus metrics for operators at /metrics: requests, latency, background jobs, letters, claims.

Not public: /metrics answers only `Authorization: Bearer $METRICS_TOKEN` (401 otherwise) and does not exist
while METRICS_TOKEN is unset. A token rather than an address allow-list, because behind a load balancer every
request comes from the balancer's address.

Request counts and latencies are kept per process; under gunicorn, `gunicorn.conf.py` points
PROMETHEUS_MULTIPROC_DIR at a fresh folder so that every worker writes there and one scrape adds them up.
What several machines share is read at scrape time instead: letters issued and claims per status from the
database, and jobs from Redis — each job adds to a Redis hash when it ends, whichever worker or machine ran it
(so RQ workers and their work-horses need no metrics files of their own).
"""

from __future__ import annotations

import hmac
import os
import time

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

JOBS_HASH = "portal:metrics:jobs"
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUESTS = Counter(
    "portal_http_requests", "HTTP requests answered", ["method", "endpoint", "status"], registry=None
)
LATENCY = Histogram(
    "portal_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["endpoint"],
    buckets=BUCKETS,
    registry=None,
)
# Jobs that ran inline (no Redis): counted in the process like requests.
INLINE_JOBS = Counter("portal_inline_jobs", "Jobs run inline (no Redis)", ["job", "outcome"], registry=None)


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        for metric in (REQUESTS, LATENCY, INLINE_JOBS):
            registry.register(metric)
    registry.register(_SharedCollector(current_app._get_current_object()))
    return registry


class _SharedCollector:
    """What all servers and workers share, read at scrape time: the database and the job queue."""

    def __init__(self, app: Flask):
        self.app = app

    def collect(self):
        from sqlalchemy import func, select

        from claims.db import get_session
        from claims.models import Claim, Letter

        session = get_session()
        letters = CounterMetricFamily("portal_letters_issued", "Decision letters issued (all time)")
        letters.add_metric([], session.scalar(select(func.count()).select_from(Letter)) or 0)
        yield letters
        claims = GaugeMetricFamily("portal_claims", "Claims by status", labels=["status"])
        for status, count in session.execute(select(Claim.status, func.count()).group_by(Claim.status)):
            claims.add_metric([status], count)
        yield claims
        yield from self._jobs()

    def _jobs(self):
        from claims import jobs

        if not jobs.queued_in_background():
            return
        try:
            redis = jobs.connection()
            counts = redis.hgetall(JOBS_HASH)
            queue = jobs.queue()
            waiting, failed = queue.count, queue.failed_job_registry.count
            running = queue.started_job_registry.count
        except Exception:  # noqa: BLE001 — a scrape with Redis down still reports the rest
            current_app.logger.warning("metrics: the job queue did not answer", exc_info=True)
            return
        done = CounterMetricFamily(
            "portal_jobs", "Background jobs ended, by job and outcome", labels=["job", "outcome"]
        )
        seconds = CounterMetricFamily("portal_job_seconds", "Time spent in background jobs", labels=["job"])
        for raw, value in sorted(counts.items()):
            kind, _, job = raw.decode().partition(":")
            if kind == "seconds":
                seconds.add_metric([job], float(value))
            else:
                name, _, outcome = job.rpartition("|")
                done.add_metric([name, outcome], float(value))
        yield done
        yield seconds
        for name, value, text in (
            ("portal_jobs_queued", waiting, "Jobs waiting in the queue"),
            ("portal_jobs_running", running, "Jobs being run now"),
            ("portal_jobs_failed", failed, "Jobs that failed for good (rq's failed registry)"),
        ):
            gauge = GaugeMetricFamily(name, text)
            gauge.add_metric([], value)
            yield gauge


def job_ended(path: str, outcome: str, seconds: float) -> None:
    """Count a job that ended ("ok" or "error"): in Redis when jobs run in the background, else here."""
    from claims import jobs

    job = path.rpartition(".")[2]
    if not jobs.queued_in_background():
        INLINE_JOBS.labels(job, outcome).inc()
        return
    try:
        pipe = jobs.connection().pipeline()
        pipe.hincrby(JOBS_HASH, f"count:{job}|{outcome}", 1)
        pipe.hincrbyfloat(JOBS_HASH, f"seconds:{job}", seconds)
        pipe.execute()
    except Exception:  # noqa: BLE001 — a metric must never fail a job
        current_app.logger.warning("metrics: could not count a job", exc_info=True)


def _authorized(token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def init_app(app: Flask) -> None:
    @app.before_request
    def _start_timer():
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _count(response):
        started = g.pop("metrics_started", None)
        if started is not None and request.endpoint != "metrics":
            endpoint = request.endpoint or "unknown"
            REQUESTS.labels(request.method, endpoint, str(response.status_code)).inc()
            LATENCY.labels(endpoint).observe(time.perf_counter() - started)
        return response

    @app.get("/metrics", endpoint="metrics")
    def _metrics():
        token = app.config.get("METRICS_TOKEN")
        if not token:
            abort(404)
        if not _authorized(token):
            return Response("a bearer token is needed\n", 401, {"WWW-Authenticate": "Bearer"})
        return Response(generate_latest(_registry()), mimetype=CONTENT_TYPE_LATEST)
