"""Every worked example of POLICY §6, through the Python interface and through the command line."""

from __future__ import annotations

import pytest
from rules_support import claim_of, cli_json, quote

TAXI = {"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 39000}
DRIVER = {"kind": "subscription", "service": "kakao_t_driver", "monthly_fee": 22000}
MAIL = {"kind": "subscription", "service": "daum_mail", "monthly_fee": 9900}
RIDE = {
    "kind": "unpaid_fares",
    "rides": [{"started_at": "2022-10-15T15:15", "ended_at": "2022-10-15T15:40", "fare": 6500}],
}
SHOP = {
    "kind": "lost_sales",
    "service": "kakaotalk_gift",
    "daily_sales": 200000,
    "business_hours": {"open": "10:00", "close": "22:00"},
}

# (claim, policy, total, line amount, line code, flags, trace values that show the computation)
EXAMPLES = [
    pytest.param(
        claim_of("taxi_driver", TAXI),
        "as-paid-2022",
        7550,
        "OK",
        [],
        {"unrounded": "7548.39", "days": "6", "month_days": "31"},
        id="taxi-as-paid-7550",
    ),
    pytest.param(
        claim_of("taxi_driver", DRIVER),
        "as-paid-2022",
        4260,
        "OK",
        [],
        {"unrounded": "4258.06"},
        id="driver-as-paid-4260",
    ),
    pytest.param(
        claim_of("taxi_driver", TAXI),
        "fair-2022",
        11790,
        "OK",
        [],
        {"weighted_hours": "22.5", "month_hours": "744", "multiplier": "10", "unrounded": "11794.35"},
        id="taxi-fair-11790",
    ),
    pytest.param(
        claim_of("user", MAIL),
        "fair-2022",
        9900,
        "CAPPED",
        ["MANUAL_REVIEW"],
        {"weighted_hours": "89.5", "line_cap": "9900"},
        id="mail-fair-capped",
    ),
    pytest.param(
        claim_of("taxi_driver", RIDE),
        "fair-2022",
        6500,
        "OK",
        [],
        {"rides_counted": "1"},
        id="ride-fair-6500",
    ),
    pytest.param(
        claim_of("taxi_driver", RIDE),
        "as-paid-2022",
        6500,
        "OK",
        [],
        {"rides_counted": "1"},
        id="ride-as-paid-6500",
    ),
    pytest.param(
        claim_of("merchant", SHOP),
        "as-paid-2022",
        30000,
        "OK",
        [],
        {"weighted_hours": "18", "hours_per_day": "12", "lost_sales": "300000", "tier_up_to": "300000"},
        id="shop-as-paid-band-30000",
    ),
    pytest.param(
        claim_of("merchant", SHOP),
        "fair-2022",
        90000,
        "OK",
        [],
        {"lost_sales": "300000", "rate": "0.3"},
        id="shop-fair-90000",
    ),
]


@pytest.mark.parametrize("data, policy, amount, code, flags, trace", EXAMPLES)
def test_worked_example(incident, policies, data, policy, amount, code, flags, trace):
    assessment = quote(data, incident, policies[policy])
    (line,) = assessment.lines
    assert (assessment.total, line.amount, line.code, list(assessment.flags)) == (amount, amount, code, flags)
    assert {key: line.trace[key] for key in trace} == trace


@pytest.mark.parametrize("data, policy, amount, code, flags, trace", EXAMPLES)
def test_worked_example_on_the_command_line(data, policy, amount, code, flags, trace):
    out = cli_json("quote", "--policy", policy, claim=data)
    assert out["incident"] == "pangyo-2022-10-15"
    assert out["policy"] == policy
    assert out["eligible"] is True
    assert (out["total"], out["flags"]) == (amount, flags)
    (line,) = out["lines"]
    assert (line["index"], line["amount"], line["code"]) == (0, amount, code)
    assert {key: line["trace"][key] for key in trace} == trace


def test_default_policy_is_fair_2022():
    assert cli_json("quote", claim=claim_of("taxi_driver", TAXI))["total"] == 11790
