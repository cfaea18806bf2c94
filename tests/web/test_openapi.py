"""The JSON API against its OpenAPI 3.1 document, with schemathesis: a bounded number of generated requests
(valid and invalid claims, odd query strings) never gets a 500 nor any answer the document does not list."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# Bounded: a few hundred requests in all, a few seconds.
EXAMPLES = {"/api/v1/quote": 150, "/api/v1/health": 5, "/api/v1/openapi.json": 5}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_the_api_answers_only_as_documented(app, incident):
    # Driven from a plain test (not schemathesis' pytest plugin, which does not run on this pytest yet):
    # each operation's generated cases go through the app in-process (WSGI).
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {"/api/v1/quote", "/api/v1/health"} <= {op.path for op in operations}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES[operation.path],
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case):
            case.call_and_validate(checks=CHECKS)

        answers_as_documented()


def test_the_document_is_openapi_3_1(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {"/api/v1/quote", "/api/v1/health", "/api/v1/openapi.json"}
