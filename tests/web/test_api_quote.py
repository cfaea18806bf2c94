"""POST /api/v1/quote: the `quote` command of POLICY §5 over HTTP, with JSON errors and a rate limit."""

from __future__ import annotations

import json

import pytest

from claims import rules
from claims.services.incidents import DEFAULT_INCIDENT_FILE

TAXI = {
    "claimant_type": "taxi_driver",
    "items": [
        {"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 39000},
        {
            "kind": "unpaid_fares",
            "rides": [{"started_at": "2022-10-15T15:15", "ended_at": "2022-10-15T15:40", "fare": 6500}],
        },
    ],
}


@pytest.mark.parametrize(("policy_id", "total"), [("fair-2022", 18290), ("as-paid-2022", 7550 + 6500)])
def test_quote_answers_exactly_as_the_engine(client, incident, policy_id, total):
    response = client.post(f"/api/v1/quote?policy={policy_id}", json=TAXI)
    assert response.status_code == 200
    expected = rules.assess(
        rules.parse_claim(TAXI), rules.load_incident(DEFAULT_INCIDENT_FILE), rules.load_policy(policy_id)
    ).to_dict()
    assert response.get_json() == expected
    assert response.get_json()["total"] == total


def test_default_policy_is_fair(client, incident):
    assert client.post("/api/v1/quote", json=TAXI).get_json()["policy"] == "fair-2022"


def test_quote_works_before_any_incident_is_loaded(client):
    assert client.post("/api/v1/quote", json=TAXI).get_json()["total"] == 18290


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {
                "claimant_type": "pilot",
                "items": [{"kind": "subscription", "service": "melon", "monthly_fee": 1}],
            },
            "claimant_type",
        ),
        (
            {
                "claimant_type": "user",
                "items": [{"kind": "subscription", "service": "nope", "monthly_fee": 1}],
            },
            "items[0].service",
        ),
        (
            {
                "claimant_type": "user",
                "items": [{"kind": "subscription", "service": "melon", "monthly_fee": -1}],
            },
            "items[0].monthly_fee",
        ),
        (
            {"claimant_type": "user", "items": [{"kind": "voucher", "face_value": 1, "expires_at": "soon"}]},
            "items[0].expires_at",
        ),
        ({"claimant_type": "user"}, "items"),
        ([1, 2], "claim"),
    ],
)
def test_bad_input_is_400_with_the_field(client, incident, body, field):
    response = client.post("/api/v1/quote", json=body)
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert field in [error["field"] for error in errors]
    assert all(error["message"] for error in errors)


def test_not_json_and_unknown_policy_are_400(client, incident):
    response = client.post("/api/v1/quote", data="not json", content_type="application/json")
    assert response.status_code == 400 and response.get_json()["errors"][0]["field"] is None
    response = client.post("/api/v1/quote?policy=nope", data=json.dumps(TAXI), content_type="text/plain")
    assert response.status_code == 400 and response.get_json()["errors"][0]["field"] == "policy"


def test_quote_is_rate_limited_with_a_json_error(app_config, incident):
    from claims import create_app

    app = create_app({**app_config, "RATELIMIT_ENABLED": True, "QUOTE_RATE_LIMIT": "3 per minute"})
    client = app.test_client()
    codes = [client.post("/api/v1/quote", json=TAXI).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "errors" in client.post("/api/v1/quote", json=TAXI).get_json()
    app.extensions["db_engine"].dispose()
