"""The JSON API under /api/v1; errors here are JSON too (see claims.web.errors)."""

from __future__ import annotations

from flask import Blueprint

from claims.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.get("/health")
def health():
    return {"status": "ok"}
