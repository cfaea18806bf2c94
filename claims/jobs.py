"""Background jobs: on Redis + RQ when REDIS_URL is set, inline otherwise.

A job is a dotted path to a function that takes plain arguments; it runs inside its own app context.
"""

from __future__ import annotations

import importlib

from flask import Flask, current_app

QUEUE = "claims"


def _resolve(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def run_job(path: str, *args, **kwargs):
    """Entry point of every job, inline or in a worker: open an app context, call the function."""
    from claims import create_app

    try:
        app = current_app._get_current_object()
    except RuntimeError:
        app = create_app()
    with app.app_context():
        return _resolve(path)(*args, **kwargs)


def enqueue(path: str, *args, **kwargs):
    """Run `path(*args)` in the background when Redis is configured, right now otherwise."""
    redis_url = current_app.config.get("REDIS_URL")
    if not redis_url or current_app.config.get("JOBS_INLINE"):
        return _resolve(path)(*args, **kwargs)
    from redis import Redis
    from rq import Queue

    queue = Queue(QUEUE, connection=Redis.from_url(redis_url))
    return queue.enqueue(run_job, path, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.config.setdefault("JOBS_INLINE", False)
