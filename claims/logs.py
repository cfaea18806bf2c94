"""Logs an operator can search: one JSON object per line, each with the request id (or job id) it belongs to.

Every request gets an id (the `X-Request-ID` a proxy or load balancer sent, when it looks like one, else a
new one). It is sent back in the `X-Request-ID` header, printed on error pages (a claimant can quote it) and
added to every log line written while the request runs, by our code or a library's. Each request also writes
one access line (method, path, status, duration, CPU time). `LOG_FORMAT=json` (production's default) or
`text`.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, g, has_request_context, request

HEADER = "X-Request-ID"
_INCOMING = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_OURS = "_portal_handler"
access_log = logging.getLogger("claims.access")


def request_id() -> str | None:
    """The id of the current request, or of the current background job; None outside both."""
    if has_request_context():
        return g.get("request_id")
    try:
        from rq import get_current_job

        job = get_current_job()
    except Exception:  # noqa: BLE001 — not in a worker
        job = None
    return f"job-{job.id}" if job is not None else None


class _Stderr:
    """Whatever sys.stderr is when a line is written (test runners swap it per test)."""

    def write(self, text: str) -> None:
        sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id() or "-"
        return True


def _formatter(kind: str) -> logging.Formatter:
    if kind == "json":
        from pythonjsonlogger.json import JsonFormatter

        return JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            datefmt="%Y-%m-%dT%H:%M:%S%z",
        )
    return logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")


def configure(kind: str, level: int = logging.INFO) -> None:
    """Send every log record to stderr in `kind` ("json" or "text"), with its request id. Idempotent."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OURS, False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(_Stderr())
    setattr(handler, _OURS, True)
    handler.setFormatter(_formatter(kind))
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)
    root.setLevel(logging.WARNING)  # libraries: warnings and errors only
    logging.getLogger("claims").setLevel(level)  # our own messages: mail outbox, jobs, access lines


def init_app(app: Flask) -> None:
    configure(app.config.get("LOG_FORMAT") or "json")

    @app.before_request
    def _start():
        incoming = request.headers.get(HEADER, "")
        g.request_id = incoming if _INCOMING.fullmatch(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()
        g.request_cpu = time.thread_time()

    @app.after_request
    def _finish(response):
        rid = g.get("request_id")
        if rid:
            response.headers[HEADER] = rid
            elapsed = time.perf_counter() - g.get("request_started", time.perf_counter())
            cpu = time.thread_time() - g.get("request_cpu", time.thread_time())
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 1),
                    # CPU this request's thread used: its cost, whatever the machine's load.
                    "cpu_ms": round(cpu * 1000, 1),
                    "endpoint": request.endpoint,
                },
            )
        return response

    @app.context_processor
    def _request_id():
        return {"request_id": g.get("request_id")}
