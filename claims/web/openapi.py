"""The OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json.

The test suite runs schemathesis against this document (tests/web/test_openapi.py): every answer the API
gives must be one the document lists, with the body it describes, and none may be a 500.
"""

from __future__ import annotations

from claims import rules

ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {
                        "type": ["string", "null"],
                        "description": "e.g. items[2].fare; null: the body",
                    },
                    "message": {"type": "string"},
                },
            },
        }
    },
}

CLAIM = {
    "type": "object",
    "description": "A claim as in POLICY.md §5: the claimant type and the items, each with its own inputs.",
    "required": ["claimant_type", "items"],
    "properties": {
        "claimant_type": {"type": "string", "enum": list(rules.CLAIMANT_TYPES)},
        "filed_at": {"type": "string", "description": "ISO 8601; naive times are KST"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"type": "string", "enum": list(rules.KINDS)}},
                "additionalProperties": True,
            },
        },
    },
}

ASSESSMENT = {
    "type": "object",
    "required": ["incident", "policy", "eligible", "total", "flags", "lines"],
    "properties": {
        "incident": {"type": "string"},
        "policy": {"type": "string"},
        "eligible": {"type": "boolean"},
        "total": {"type": "integer", "minimum": 0, "description": "KRW"},
        "flags": {"type": "array", "items": {"type": "string"}},
        "lines": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["index", "kind", "service", "amount", "code", "trace"],
                "properties": {
                    "index": {"type": "integer"},
                    "kind": {"type": "string"},
                    "service": {"type": ["string", "null"]},
                    "amount": {"type": "integer", "minimum": 0},
                    "code": {"type": "string"},
                    "trace": {"type": "object"},
                },
            },
        },
    },
}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(description, {"$ref": "#/components/schemas/Errors"})


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Outage claims portal API",
            "version": "1",
            "description": "The provisional assessment of a claim under a published policy (POLICY.md §5).",
        },
        "paths": {
            "/api/v1/quote": {
                "post": {
                    "operationId": "quote",
                    "summary": "Assess a claim without filing it",
                    "parameters": [
                        {
                            "name": "policy",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "examples": list(rules.available_policies())},
                            "description": "a policy id (default fair-2022); an unknown one is a 400",
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Claim"}}},
                    },
                    "responses": {
                        "200": _json(
                            "The assessment, line by line", {"$ref": "#/components/schemas/Assessment"}
                        ),
                        "400": _error("The body is not a claim; each error names its field"),
                        "413": _error("The body is larger than a claim can be (256 KiB)"),
                        "429": _error("Too many requests from this address; see Retry-After"),
                        "503": _error("The database is briefly unavailable; see Retry-After"),
                    },
                }
            },
            "/api/v1/health": {
                "get": {
                    "operationId": "health",
                    "summary": "The API answers",
                    "responses": {
                        "200": _json(
                            "Alive",
                            {
                                "type": "object",
                                "required": ["status"],
                                "properties": {"status": {"const": "ok"}},
                            },
                        )
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {"200": _json("OpenAPI 3.1", {"type": "object", "required": ["openapi"]})},
                }
            },
        },
        "components": {"schemas": {"Claim": CLAIM, "Assessment": ASSESSMENT, "Errors": ERRORS}},
    }
