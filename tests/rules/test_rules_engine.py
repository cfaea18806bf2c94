"""Claim-level rules (POLICY §3): late filing, kinds not open to the claimant type, heads a policy does not
pay, their order, flags, claim caps; and the Assessment's shape (POLICY §5)."""

from __future__ import annotations

import decimal

import pytest
from rules_support import claim_of, quote, shipped_incident

from claims.rules import ClaimInputError, assess, assess_many, explain, load_policy, parse_claim

SUB = {"kind": "subscription", "service": "two_hours", "monthly_fee": 7440}
INCOME = {
    "kind": "lost_income",
    "service": "kakao_t_taxi",
    "hourly_income": 20000,
    "shifts": [["2022-10-15T12:00", "2022-10-15T20:00"]],
}


def oop(amount, service="kakao_t_bike"):
    return {
        "kind": "out_of_pocket",
        "service": service,
        "incurred_at": "2022-10-16T12:00",
        "amount": amount,
        "category": "penalty",
    }


# The synthetic incident's claims window closes at 2 Nov 2022 00:00 KST.
@pytest.mark.parametrize(
    "filed_at, eligible",
    [
        pytest.param("2022-11-01T23:59:59", True, id="last-second"),
        pytest.param("2022-11-02T00:00", False, id="as-window-closes"),
        pytest.param("2022-11-01T15:00:00Z", False, id="utc-offset-at-close"),
        pytest.param("2022-11-01T14:59:59+00:00", True, id="utc-offset-before"),
        pytest.param("2023-01-01T00:00", False, id="much-later"),
        pytest.param(None, True, id="no-filed-at"),
        # The opening of the window is the portal's business, not an eligibility rule.
        pytest.param("2022-10-16T00:00", True, id="before-window-opens"),
    ],
)
def test_late_filing(synthetic, fair, filed_at, eligible):
    assessment = quote(claim_of("user", SUB, SUB, filed_at=filed_at), synthetic, fair)
    assert assessment.eligible is eligible
    if eligible:
        assert [line.code for line in assessment.lines] == ["OK", "OK"]
        assert assessment.total == 400
    else:
        assert [(line.amount, line.code) for line in assessment.lines] == [(0, "LATE_FILING")] * 2
        assert assessment.total == 0
        assert assessment.lines[0].trace["closes_at"] == "2022-11-02T00:00:00+09:00"
        assert set(assessment.lines[0].trace) == {"filed_at", "closes_at"}


def test_an_open_claims_window_never_makes_a_claim_late(incident, fair):
    assert incident.closes_at is None
    assert quote(claim_of("user", oop(1000), filed_at="2030-01-01T00:00"), incident, fair).eligible


@pytest.mark.parametrize(
    "claimant_type, item, filed_at, policy, code",
    [
        pytest.param("user", INCOME, "2022-11-02T00:00", "as-paid-2022", "LATE_FILING", id="late-first"),
        pytest.param("user", INCOME, None, "as-paid-2022", "NOT_ALLOWED_FOR_TYPE", id="type-before-policy"),
        pytest.param("taxi_driver", INCOME, None, "as-paid-2022", "NOT_COMPENSATED", id="policy-before-head"),
        pytest.param("taxi_driver", INCOME, None, "fair-2022", "OK", id="head-rule-last"),
    ],
)
def test_claim_rules_apply_in_order(policies, claimant_type, item, filed_at, policy, code):
    # The shipped windows, with a claims window that closed on 2 Nov 2022.
    incident = shipped_incident(closes_at="2022-11-02T00:00")
    data = claim_of(claimant_type, item, filed_at=filed_at)
    assert quote(data, incident, policies[policy]).lines[0].code == code


def test_claim_cap_reduces_the_total_and_keeps_the_lines(incident, fair):
    data = claim_of(
        "user",
        oop(500000),
        oop(500000),
        {"kind": "voucher", "face_value": 50000, "expires_at": "2022-10-16T00:00"},
    )
    assessment = quote(data, incident, fair)
    assert [line.amount for line in assessment.lines] == [500000, 500000, 50000]
    assert assessment.subtotal == 1050000
    assert assessment.total == 1000000
    assert assessment.claim_cap == 1000000
    assert assessment.flags == ("CLAIM_CAPPED",)


def test_a_total_equal_to_the_cap_is_not_capped(incident, fair):
    assessment = quote(claim_of("user", oop(500000), oop(500000)), incident, fair)
    assert (assessment.total, assessment.flags) == (1000000, ())


def test_flags_are_sorted_and_unique(incident, fair):
    daum = {"kind": "subscription", "service": "daum_mail", "monthly_fee": 9900}
    data = claim_of("user", daum, daum, oop(600000), oop(500000))
    assessment = quote(data, incident, fair)
    assert [line.code for line in assessment.lines] == ["CAPPED", "CAPPED", "CAPPED", "OK"]
    assert assessment.flags == ("CLAIM_CAPPED", "MANUAL_REVIEW")
    assert assessment.total == 1000000


@pytest.mark.parametrize(
    "claimant_type, cap",
    [("user", 1000000), ("taxi_driver", 1500000), ("merchant", 5000000), ("author", 5000000)],
)
def test_claim_caps_by_type(incident, fair, as_paid, claimant_type, cap):
    data = claim_of(claimant_type, {"kind": "subscription", "service": "daum_mail", "monthly_fee": 10**9})
    assert quote(data, incident, fair).total == cap
    assert quote(data, incident, as_paid).total == 10**9 * 6 // 31 // 10 * 10 + 10  # 193,548,387.1 -> ...390
    assert "CLAIM_CAPPED" not in quote(data, incident, as_paid).flags


def test_to_dict_is_the_json_of_policy_section_5(incident, fair):
    data = claim_of(
        "taxi_driver",
        {"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 39000},
        {
            "kind": "unpaid_fares",
            "rides": [{"started_at": "2022-10-15T15:15", "ended_at": "2022-10-15T15:40", "fare": 6500}],
        },
    )
    out = quote(data, incident, fair).to_dict()
    assert list(out) == ["incident", "policy", "eligible", "total", "flags", "lines"]
    assert out["incident"] == "pangyo-2022-10-15"
    assert out["policy"] == "fair-2022"
    assert out["eligible"] is True
    assert out["total"] == 18290
    assert out["flags"] == []
    assert [list(line) for line in out["lines"]] == [
        ["index", "kind", "service", "amount", "code", "trace"]
    ] * 2
    assert [(line["index"], line["service"]) for line in out["lines"]] == [(0, "kakao_t_taxi"), (1, None)]
    assert all(isinstance(value, str) for line in out["lines"] for value in line["trace"].values())


def test_unknown_service_is_an_input_error_at_assessment(incident, fair):
    claim = parse_claim(claim_of("user", {"kind": "subscription", "service": "kakao_x", "monthly_fee": 1}))
    with pytest.raises(ClaimInputError) as caught:
        assess(claim, incident, fair)
    assert str(caught.value) == "items[0].service: unknown service"


def test_fixed_services_missing_from_an_incident_mean_no_overlap(synthetic, fair):
    data = claim_of("user", {"kind": "voucher", "face_value": 1000, "expires_at": "2022-10-15T13:00"})
    assert quote(data, synthetic, fair).lines[0].code == "NO_OVERLAP"


def test_assess_many_matches_assess(incident, fair, as_paid):
    claims = [
        parse_claim(claim_of("user", oop(amount)), incident) for amount in (0, 1045, 500005, 999999)
    ] + [
        parse_claim(
            claim_of(
                "merchant",
                {
                    "kind": "lost_sales",
                    "service": "kakaotalk_gift",
                    "daily_sales": 200000,
                    "business_hours": {"open": "10:00", "close": "22:00"},
                },
            )
        )
    ]
    for policy in (fair, as_paid):
        assert assess_many(claims, incident, policy) == [assess(claim, incident, policy) for claim in claims]
    assert assess_many([], incident, fair) == []


def test_the_callers_decimal_context_does_not_matter(incident):
    data = claim_of(
        "user",
        {"kind": "subscription", "service": "daum_mail", "monthly_fee": 9900},
        {
            "kind": "out_of_pocket",
            "service": "melon",
            "incurred_at": "2022-10-16T10:00",
            "amount": 123456,
            "category": "other",
        },
    )
    with decimal.localcontext() as context:
        context.prec = 3
        context.rounding = decimal.ROUND_FLOOR
        policy = load_policy("fair-2022")
        assessment = quote(data, incident, policy)
        assert [line.amount for line in assessment.lines] == [9900, 123460]
        assert assess_many([parse_claim(data)], incident, policy) == [assessment]
        assert "11,910원, 한도 9,900원 적용" in explain(assessment, incident, "ko", policy)
    assert policy.params_hash == load_policy("fair-2022").params_hash
