"""The claim schema: every kind of bad input gets a message naming its field, all at once, from a small
fixed set of messages; good input reads into typed, frozen records and writes back unchanged."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from rules_support import claim_of

from claims.rules import (
    ALLOWED_KINDS,
    CLAIMANT_TYPES,
    KIND_FIELDS,
    KINDS,
    MESSAGES,
    ClaimInputError,
    LostSales,
    Subscription,
    claim_to_dict,
    parse_claim,
    parse_item,
)
from claims.rules import schema as s

SUB = {"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 39000}


def sub(**changes):
    return {**SUB, **changes}


def errors_of(data, incident=None) -> list[tuple[str, str]]:
    with pytest.raises(ClaimInputError) as caught:
        parse_claim(data, incident)
    return [(error.field, error.message) for error in caught.value.errors]


NOT_ONE_OF_TYPES = "is not one of: user, taxi_driver, merchant, author"
AUTHOR_CHOICES = "is not one of: kakaopage, kakao_webtoon"

BAD = [
    ("not-an-object", [SUB], [("claim", s.OBJECT)]),
    ("nothing", {}, [("claimant_type", s.REQUIRED), ("items", s.REQUIRED)]),
    (
        "unknown-claimant-type",
        {"claimant_type": "pilot", "items": [SUB]},
        [("claimant_type", NOT_ONE_OF_TYPES)],
    ),
    ("items-not-a-list", {"claimant_type": "user", "items": SUB}, [("items", s.LIST)]),
    ("no-items", {"claimant_type": "user", "items": []}, [("items", s.EMPTY)]),
    ("unknown-top-field", {**claim_of("user", SUB), "name": "Kim"}, [("name", s.UNKNOWN_FIELD)]),
    ("item-not-an-object", claim_of("user", "subscription"), [("items[0]", s.OBJECT)]),
    ("missing-kind", claim_of("user", {"service": "melon"}), [("items[0].kind", s.REQUIRED)]),
    (
        "unknown-kind",
        claim_of("user", {"kind": "pain"}),
        [("items[0].kind", "is not one of: " + ", ".join(KINDS))],
    ),
    (
        "missing-amount",
        claim_of("user", {"kind": "subscription", "service": "melon"}),
        [("items[0].monthly_fee", s.REQUIRED)],
    ),
    ("null-amount", claim_of("user", sub(monthly_fee=None)), [("items[0].monthly_fee", s.REQUIRED)]),
    (
        "negative-amount",
        claim_of("user", sub(monthly_fee=-1)),
        [("items[0].monthly_fee", s.NON_NEGATIVE_INTEGER)],
    ),
    (
        "fractional-amount",
        claim_of("user", sub(monthly_fee=9.9)),
        [("items[0].monthly_fee", s.NON_NEGATIVE_INTEGER)],
    ),
    (
        "boolean-amount",
        claim_of("user", sub(monthly_fee=True)),
        [("items[0].monthly_fee", s.NON_NEGATIVE_INTEGER)],
    ),
    (
        "text-amount",
        claim_of("user", sub(monthly_fee="39,000")),
        [("items[0].monthly_fee", s.NON_NEGATIVE_INTEGER)],
    ),
    ("huge-amount", claim_of("user", sub(monthly_fee=10**12 + 1)), [("items[0].monthly_fee", s.TOO_LARGE)]),
    ("unknown-field", claim_of("user", sub(note="x")), [("items[0].note", s.UNKNOWN_FIELD)]),
    ("service-not-text", claim_of("user", sub(service=3)), [("items[0].service", s.UNKNOWN_SERVICE)]),
    (
        "service-malformed",
        claim_of("user", sub(service="Kakao T")),
        [("items[0].service", s.UNKNOWN_SERVICE)],
    ),
    (
        "author-service",
        claim_of("author", {"kind": "lost_earnings", "service": "melon", "daily_earnings": 1}),
        [("items[0].service", AUTHOR_CHOICES)],
    ),
    (
        "voucher-other-service",
        claim_of(
            "user", {"kind": "voucher", "service": "melon", "face_value": 1, "expires_at": "2022-10-16T00:00"}
        ),
        [("items[0].service", "is not one of: kakaotalk_gift")],
    ),
    (
        "fares-have-no-service",
        claim_of(
            "taxi_driver",
            {
                "kind": "unpaid_fares",
                "service": "kakao_t_taxi",
                "rides": [{"started_at": "2022-10-15T15:15", "ended_at": "2022-10-15T15:40", "fare": 6500}],
            },
        ),
        [("items[0].service", s.UNKNOWN_FIELD)],
    ),
    (
        "unknown-category",
        claim_of(
            "user",
            {
                "kind": "out_of_pocket",
                "service": "melon",
                "amount": 1,
                "incurred_at": "2022-10-16T00:00",
                "category": "fun",
            },
        ),
        [("items[0].category", "is not one of: late_fee, overcharge, penalty, other")],
    ),
    (
        "date-without-time",
        claim_of("user", {"kind": "voucher", "face_value": 1, "expires_at": "2022-10-16"}),
        [("items[0].expires_at", s.DATETIME)],
    ),
    (
        "time-without-date",
        claim_of("user", {"kind": "voucher", "face_value": 1, "expires_at": "15:30"}),
        [("items[0].expires_at", s.DATETIME)],
    ),
    (
        "impossible-date",
        claim_of("user", {"kind": "voucher", "face_value": 1, "expires_at": "2022-02-30T10:00"}),
        [("items[0].expires_at", s.DATETIME)],
    ),
    (
        "bad-offset",
        claim_of("user", {"kind": "voucher", "face_value": 1, "expires_at": "2022-10-16T10:00+25:00"}),
        [("items[0].expires_at", s.DATETIME)],
    ),
    (
        "time-as-number",
        claim_of("user", {"kind": "voucher", "face_value": 1, "expires_at": 1665815400}),
        [("items[0].expires_at", s.DATETIME)],
    ),
    (
        "year-typo",
        claim_of("user", {"kind": "voucher", "face_value": 1, "expires_at": "0022-10-16T10:00"}),
        [("items[0].expires_at", s.DATETIME)],
    ),
    ("bad-filed-at", {**claim_of("user", SUB), "filed_at": "soon"}, [("filed_at", s.DATETIME)]),
    (
        "shift-ends-before-start",
        claim_of(
            "taxi_driver",
            {
                "kind": "lost_income",
                "service": "kakao_t_taxi",
                "hourly_income": 1,
                "shifts": [
                    ["2022-10-15T10:00", "2022-10-15T12:00"],
                    ["2022-10-15T12:00", "2022-10-15T11:00"],
                ],
            },
        ),
        [("items[0].shifts[1]", s.END_BEFORE_START)],
    ),
    (
        "empty-shift",
        claim_of(
            "taxi_driver",
            {
                "kind": "lost_income",
                "service": "kakao_t_taxi",
                "hourly_income": 1,
                "shifts": [["2022-10-15T10:00", "2022-10-15T10:00"]],
            },
        ),
        [("items[0].shifts[0]", s.END_BEFORE_START)],
    ),
    (
        "shift-not-a-pair",
        claim_of(
            "taxi_driver",
            {
                "kind": "lost_income",
                "service": "kakao_t_taxi",
                "hourly_income": 1,
                "shifts": [["2022-10-15T10:00"]],
            },
        ),
        [("items[0].shifts[0]", s.PAIR)],
    ),
    (
        "shift-bad-time",
        claim_of(
            "taxi_driver",
            {
                "kind": "lost_income",
                "service": "kakao_t_taxi",
                "hourly_income": 1,
                "shifts": [["2022-10-15T10:00", "noon"]],
            },
        ),
        [("items[0].shifts[0].end", s.DATETIME)],
    ),
    (
        "no-shifts",
        claim_of(
            "taxi_driver",
            {"kind": "lost_income", "service": "kakao_t_taxi", "hourly_income": 1, "shifts": []},
        ),
        [("items[0].shifts", s.EMPTY)],
    ),
    (
        "ride-problems",
        claim_of(
            "taxi_driver",
            {
                "kind": "unpaid_fares",
                "rides": [
                    {"started_at": "2022-10-15T15:15", "ended_at": "2022-10-15T15:40", "fare": 6500},
                    {"started_at": "2022-10-15T15:15", "ended_at": "2022-10-15T15:00", "fare": -5},
                    {"started_at": "2022-10-15T15:15"},
                ],
            },
        ),
        [
            ("items[0].rides[1].fare", s.NON_NEGATIVE_INTEGER),
            ("items[0].rides[1]", s.END_BEFORE_START),
            ("items[0].rides[2].ended_at", s.REQUIRED),
            ("items[0].rides[2].fare", s.REQUIRED),
        ],
    ),
    (
        "campaign-problems",
        claim_of("merchant", {"kind": "ad_spend", "campaigns": [{"sent_at": "x", "cost": "1"}]}),
        [("items[0].campaigns[0].sent_at", s.DATETIME)],
    ),
    (
        "bad-business-hours",
        claim_of(
            "merchant",
            {
                "kind": "lost_sales",
                "service": "melon",
                "daily_sales": 1,
                "business_hours": {"open": "24:00", "close": "25:00"},
            },
        ),
        [("items[0].business_hours.open", s.TIME_OF_DAY), ("items[0].business_hours.close", s.TIME_OF_DAY)],
    ),
    (
        "hours-as-number",
        claim_of(
            "merchant",
            {
                "kind": "lost_sales",
                "service": "melon",
                "daily_sales": 1,
                "business_hours": {"open": 600, "close": "22:00"},
            },
        ),
        [("items[0].business_hours.open", s.TIME_OF_DAY)],
    ),
    (
        "missing-close",
        claim_of(
            "merchant",
            {"kind": "lost_sales", "service": "melon", "daily_sales": 1, "business_hours": {"open": "10:00"}},
        ),
        [("items[0].business_hours.close", s.REQUIRED)],
    ),
    (
        "bad-weekday",
        claim_of(
            "merchant",
            {
                "kind": "lost_sales",
                "service": "melon",
                "daily_sales": 1,
                "business_hours": {"open": "10:00", "close": "22:00"},
                "closed_weekdays": [6, 7],
            },
        ),
        [("items[0].closed_weekdays[1]", s.WEEKDAY)],
    ),
    (
        "every-error-at-once",
        {
            "claimant_type": "pilot",
            "filed_at": "later",
            "items": [
                SUB,
                sub(monthly_fee=-1),
                {"kind": "voucher", "face_value": "x", "expires_at": "2022-10-16"},
            ],
        },
        [
            ("claimant_type", NOT_ONE_OF_TYPES),
            ("filed_at", s.DATETIME),
            ("items[1].monthly_fee", s.NON_NEGATIVE_INTEGER),
            ("items[2].face_value", s.NON_NEGATIVE_INTEGER),
            ("items[2].expires_at", s.DATETIME),
        ],
    ),
]


@pytest.mark.parametrize("data, expected", [pytest.param(d, e, id=name) for name, d, e in BAD])
def test_bad_input_names_each_field(data, expected):
    assert errors_of(data) == expected


def test_first_error_is_the_exception_text():
    with pytest.raises(ClaimInputError) as caught:
        parse_claim(claim_of("user", SUB, sub(monthly_fee=-1)))
    assert str(caught.value) == "items[1].monthly_fee: must be a non-negative integer"


def test_unknown_service_against_the_incident(incident):
    assert errors_of(claim_of("user", sub(service="kakao_x")), incident) == [
        ("items[0].service", s.UNKNOWN_SERVICE)
    ]
    # Without an incident only the form of the code is checked (assess() checks it against its incident).
    assert parse_claim(claim_of("user", sub(service="kakao_x"))).items[0].service == "kakao_x"


def test_every_message_comes_from_the_fixed_set():
    for _, data, _ in BAD:
        with pytest.raises(ClaimInputError) as caught:
            parse_claim(data)
        for error in caught.value.errors:
            assert error.template in MESSAGES
            assert error.message == error.template.format(**error.params)


def test_not_one_of_keeps_its_choices_apart_for_translation():
    with pytest.raises(ClaimInputError) as caught:
        parse_claim({"claimant_type": "pilot", "items": [SUB]})
    error = caught.value.errors[0]
    assert (error.template, dict(error.params)) == (s.NOT_ONE_OF, {"choices": ", ".join(CLAIMANT_TYPES)})


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2022-10-15T15:30", datetime(2022, 10, 15, 6, 30, tzinfo=UTC)),
        ("2022-10-15 15:30:00", datetime(2022, 10, 15, 6, 30, tzinfo=UTC)),
        ("2022-10-15T15:30:00+09:00", datetime(2022, 10, 15, 6, 30, tzinfo=UTC)),
        ("2022-10-15T06:30Z", datetime(2022, 10, 15, 6, 30, tzinfo=UTC)),
        ("2022-10-15T08:30:00+02:00", datetime(2022, 10, 15, 6, 30, tzinfo=UTC)),
        (datetime(2022, 10, 15, 15, 30), datetime(2022, 10, 15, 6, 30, tzinfo=UTC)),
    ],
)
def test_times_without_offset_mean_seoul(text, expected):
    claim = parse_claim(claim_of("user", {"kind": "voucher", "face_value": 1, "expires_at": text}))
    expires_at = claim.items[0].expires_at
    assert expires_at == expected
    assert expires_at.utcoffset() is not None


def test_filed_at_is_optional():
    assert parse_claim(claim_of("user", SUB)).filed_at is None
    assert parse_claim({**claim_of("user", SUB), "filed_at": None}).filed_at is None
    filed = parse_claim(claim_of("user", SUB, filed_at="2022-10-20T09:00")).filed_at
    assert filed.utcoffset() == timedelta(hours=9)


def test_typed_frozen_records():
    claim = parse_claim(
        claim_of(
            "merchant",
            SUB,
            {
                "kind": "lost_sales",
                "service": "melon",
                "daily_sales": "1000",
                "business_hours": {"open": "9:30", "close": "24:00"},
                "closed_weekdays": [6, 5, 6],
            },
        )
    )
    first, second = claim.items
    assert first == Subscription("kakao_t_taxi", 39000)
    assert isinstance(second, LostSales)
    assert (second.kind, second.daily_sales, second.closed_weekdays) == ("lost_sales", 1000, (5, 6))
    assert second.business_hours.seconds_per_day == 14 * 3600 + 30 * 60
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.monthly_fee = 1


def test_claim_to_dict_round_trips():
    data = {
        "claimant_type": "taxi_driver",
        "filed_at": "2022-10-20T09:00:00+09:00",
        "items": [
            SUB,
            {
                "kind": "lost_income",
                "service": "kakao_t_taxi",
                "hourly_income": 20000,
                "shifts": [["2022-10-15T12:00:00+09:00", "2022-10-15T20:00:00+09:00"]],
            },
            {
                "kind": "unpaid_fares",
                "rides": [
                    {
                        "started_at": "2022-10-15T06:15:00+00:00",
                        "ended_at": "2022-10-15T06:40:00+00:00",
                        "fare": 6500,
                    }
                ],
            },
            {
                "kind": "out_of_pocket",
                "service": "kakao_t_bike",
                "incurred_at": "2022-10-16T12:00:00+09:00",
                "amount": 1000,
                "category": "late_fee",
            },
        ],
    }
    claim = parse_claim(data)
    assert claim_to_dict(claim) == data
    assert parse_claim(claim_to_dict(claim)) == claim


def test_round_trip_of_every_kind():
    items = {
        "voucher": {"face_value": 1, "expires_at": "2022-10-16T00:00:00+09:00"},
        "lost_sales": {
            "service": "melon",
            "daily_sales": 1,
            "business_hours": {"open": "18:00", "close": "02:00"},
            "closed_weekdays": [0],
        },
        "ad_spend": {"campaigns": [{"sent_at": "2022-10-16T00:00:00+09:00", "cost": 5}]},
        "launch_window": {
            "service": "kakaopage",
            "work_title": "달빛 정원",
            "launch_at": "2022-10-14T00:00:00+09:00",
            "expected_earnings": 9,
        },
        "lost_earnings": {"service": "kakao_webtoon", "daily_earnings": 9},
    }
    for kind, fields in items.items():
        item = parse_item({"kind": kind, **fields})
        assert (
            parse_item(
                claim_to_dict(parse_claim({"claimant_type": "user", "items": [{"kind": kind, **fields}]}))[
                    "items"
                ][0]
            )
            == item
        )


def test_parse_item_names_fields_like_the_claim():
    with pytest.raises(ClaimInputError) as caught:
        parse_item(sub(monthly_fee=-1), path="items[3]")
    assert str(caught.value) == "items[3].monthly_fee: must be a non-negative integer"


def test_catalogue_matches_policy_section_4():
    assert KINDS[0] == "subscription" and KINDS[-1] == "lost_earnings" and len(KINDS) == 9
    assert set(KIND_FIELDS) == set(KINDS)
    assert {kind for kind in KINDS if all(kind in ALLOWED_KINDS[t] for t in CLAIMANT_TYPES)} == {
        "subscription"
    }
    assert [t for t in CLAIMANT_TYPES if "out_of_pocket" in ALLOWED_KINDS[t]] == [
        "user",
        "taxi_driver",
        "merchant",
    ]
    assert [t for t in CLAIMANT_TYPES if "voucher" in ALLOWED_KINDS[t]] == ["user"]
    assert ALLOWED_KINDS["author"] == ("subscription", "launch_window", "lost_earnings")
