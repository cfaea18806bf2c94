"""The JSON API under /api/v1; errors here are JSON too (see claims.web.errors)."""

from __future__ import annotations

from flask import Blueprint, current_app, request

from claims import rules
from claims.db import get_session
from claims.extensions import csrf, limiter
from claims.rules.policy import DEFAULT_POLICY
from claims.services import quotes
from claims.web.openapi import document as openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

# A claim is a few kilobytes; anything much larger is not a claim.
MAX_QUOTE_BYTES = 256 * 1024


def _errors(errors: list[dict], status: int = 400):
    return {"errors": errors}, status


def _quote_limit() -> str:
    return current_app.config.get("QUOTE_RATE_LIMIT", "60 per minute")


@bp.get("/health")
def health():
    return {"status": "ok"}


@bp.get("/openapi.json")
def openapi():
    return openapi_document()


@bp.post("/quote")
@limiter.limit(_quote_limit)
def quote():
    """The provisional assessment of a claim: body and answer as `python -m claims.rules quote` (§5)."""
    if (request.content_length or 0) > MAX_QUOTE_BYTES:
        return _errors([{"field": None, "message": "the body is too large for a claim"}], 413)
    data = request.get_json(force=True, silent=True)
    if data is None:
        return _errors([{"field": None, "message": "the body must be the claim as a JSON object"}])
    policy_id = request.args.get("policy", DEFAULT_POLICY)
    try:
        assessment = quotes.quote(get_session(), data, policy_id)
    except quotes.UnknownPolicy:
        known = ", ".join(rules.available_policies())
        return _errors([{"field": "policy", "message": f"unknown policy (available: {known})"}])
    except rules.ClaimInputError as exc:
        return _errors([{"field": error.field, "message": error.message} for error in exc.errors])
    except (rules.RulesError, ValueError, TypeError) as exc:
        # Input the schema let through but the engine could not use: still the caller's input, not our fault.
        return _errors([{"field": None, "message": str(exc) or "the claim cannot be assessed"}])
    return assessment.to_dict()
