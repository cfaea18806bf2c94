"""Health checks for load balancers and orchestrators.

`/healthz` (liveness) answers from the process alone: cheap enough to call every second, and it stays 200
while the database is down (restarting the app would not help). `/readyz` (readiness) checks the database
and, when configured, Redis: 503 when either is unreachable, so traffic goes to another server meanwhile.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app
from sqlalchemy import text

bp = Blueprint("health", __name__)

TIMEOUT_SECONDS = 2


@bp.get("/healthz")
def live():
    return {"status": "ok"}


def _database_ok() -> bool:
    try:
        with current_app.extensions["db_engine"].connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 — any failure means "not ready"; the log says which
        current_app.logger.warning("readiness: the database is unreachable", exc_info=True)
        return False
    return True


def _redis_ok() -> bool | None:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None  # not used: jobs run inline and counters live in memory
    import redis

    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        )
        try:
            client.ping()
        finally:
            client.close()
    except Exception:  # noqa: BLE001
        current_app.logger.warning("readiness: Redis is unreachable", exc_info=True)
        return False
    return True


@bp.get("/readyz")
def ready():
    checks = {"database": _database_ok(), "redis": _redis_ok()}
    shown = {name: ("ok" if ok else "unavailable") for name, ok in checks.items() if ok is not None}
    ready = all(ok is not False for ok in checks.values())
    return {"status": "ready" if ready else "unavailable", "checks": shown}, 200 if ready else 503


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
