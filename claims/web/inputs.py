"""Limits on what a request may carry, for the whole app at once (not view by view).

- Integer URL parts (`<int:claim_id>`) match only numbers that fit the database's id columns: anything longer
  is a 404 like any other unknown id, never an "integer out of range" from PostgreSQL.
- A NUL character anywhere in a form, a query, a file name or the path is refused with a 400: PostgreSQL
  cannot store it, and no person types it.
- JSON bodies are parsed with a nesting limit: a deeply nested body is a 400, never a RecursionError.
"""

from __future__ import annotations

import json

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter

from claims.web.errors import Refused

# Ids are INTEGER columns (32 bits, signed) on PostgreSQL and SQLite alike.
MAX_ID = 2**31 - 1
# A claim is an object of items of rides: a handful of levels. Far below Python's recursion limit.
MAX_JSON_DEPTH = 32

NUL_MESSAGE = _l(
    "What you sent contains a character that cannot be used (a NUL character, often from copying out of "
    "another program). Remove it and try again."
)


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` for ids: 0 … 2³¹−1, at most 10 digits; anything else does not match (404)."""

    regex = r"\d{1,10}"

    def __init__(self, map, fixed_digits=0, min=0, max=MAX_ID, signed=False):  # noqa: A002 — werkzeug's names
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def json_depth_exceeded(value, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when lists/objects nest deeper than `limit` (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in node if isinstance(child, dict | list))
    return False


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing (as invalid JSON) bodies nested deeper than MAX_JSON_DEPTH."""

    def loads(self, s, **kwargs):
        try:
            value = json.loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("the JSON is nested too deeply") from exc
        if json_depth_exceeded(value):
            raise ValueError(f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep")
        return value


def _has_nul(pairs) -> bool:
    return any("\x00" in key or (isinstance(value, str) and "\x00" in value) for key, value in pairs)


def request_has_nul() -> bool:
    if "\x00" in request.path or _has_nul((request.view_args or {}).items()):
        return True
    if _has_nul(request.args.items(multi=True)):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS") or request.is_json:
        return False
    if _has_nul(request.form.items(multi=True)):
        return True
    return any("\x00" in (upload.filename or "") for _name, upload in request.files.items(multi=True))


def init_app(app: Flask) -> None:
    """Register the converter (before any blueprint adds a route), the JSON provider and the NUL check."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.json_provider_class = BoundedJSONProvider
    app.json = BoundedJSONProvider(app)

    @app.before_request
    def _refuse_nul():
        if request_has_nul():
            raise Refused(400, NUL_MESSAGE)
