"""One table of cases per head of loss (POLICY §4), with the boundaries: the instant a window opens and
closes, the end of a grace, thresholds, caps, band edges, overnight hours, closed weekdays, overlapping
shifts, partial windows, and times written with and without an offset."""

from __future__ import annotations

import pytest
from rules_support import claim_of, quote

FAIR, PAID = "fair-2022", "as-paid-2022"


def case(name, claimant_type, item, policy, amount, code, on="real", flags=None):
    return pytest.param(claimant_type, item, policy, amount, code, on, flags, id=name)


def check(request, claimant_type, item, policy, amount, code, on, flags):
    incident = request.getfixturevalue("incident" if on == "real" else "synthetic")
    policy = request.getfixturevalue("policies")[policy]
    assessment = quote(claim_of(claimant_type, item), incident, policy)
    line = assessment.lines[0]
    assert (line.amount, line.code) == (amount, code), dict(line.trace)
    if flags is not None:
        assert list(assessment.flags) == flags
    return line


def sub(service, fee):
    return {"kind": "subscription", "service": service, "monthly_fee": fee}


SUBSCRIPTION = [
    case("taxi-fair-policy-example", "taxi_driver", sub("kakao_t_taxi", 39000), FAIR, 11790, "OK"),
    case("taxi-as-paid-policy-example", "taxi_driver", sub("kakao_t_taxi", 39000), PAID, 7550, "OK"),
    case("driver-as-paid-policy-example", "taxi_driver", sub("kakao_t_driver", 22000), PAID, 4260, "OK"),
    case(
        "mail-capped-one-month", "user", sub("daum_mail", 9900), FAIR, 9900, "CAPPED", flags=["MANUAL_REVIEW"]
    ),
    case("bike-below-one-month", "user", sub("kakao_t_bike", 10000), FAIR, 8800, "OK", flags=[]),
    # kakaopay: 19 h full + 55.5 h partial × 0.5 = 46.75 h -> 10,000 × 46.75 / 744 × 10 = 6,283.6
    case("partial-hours-weighted", "user", sub("kakaopay", 10000), FAIR, 6280, "OK"),
    # kakaobank's full outage lasted 1.5 h (then degraded): below the 2 h telecom threshold.
    case("bank-below-threshold", "user", sub("kakaobank", 10000), FAIR, 0, "BELOW_THRESHOLD"),
    case("bank-as-paid-no-threshold", "user", sub("kakaobank", 10000), PAID, 1940, "OK"),
    case("exactly-two-hours", "user", sub("two_hours", 7440), FAIR, 200, "OK", on="synthetic"),
    case("one-second-short", "user", sub("just_short", 7440), FAIR, 0, "BELOW_THRESHOLD", on="synthetic"),
    case("touching-windows-join", "user", sub("touching", 7440), FAIR, 200, "OK", on="synthetic"),
    case("partial-breaks-the-run", "user", sub("gapped", 7440), FAIR, 0, "BELOW_THRESHOLD", on="synthetic"),
    case("only-partial", "user", sub("degraded", 7440), FAIR, 0, "BELOW_THRESHOLD", on="synthetic"),
    case("no-window-fair", "user", sub("untouched", 7440), FAIR, 0, "NO_OVERLAP", on="synthetic"),
    case("no-window-as-paid", "user", sub("untouched", 7440), PAID, 0, "NO_OVERLAP", on="synthetic"),
    case("free-plan", "user", sub("kakao_t_taxi", 0), FAIR, 0, "OK"),
    case("open-to-authors", "author", sub("kakaopage", 4900), FAIR, 2670, "OK"),  # × 40.5 h
]


def oop(at, amount=10000, service="kakao_t_bike"):
    return {
        "kind": "out_of_pocket",
        "service": service,
        "incurred_at": at,
        "amount": amount,
        "category": "late_fee",
    }


# kakao_t_bike: [15 Oct 15:30, 18 Oct 09:00); the grace of 72 h ends 21 Oct 09:00.
OUT_OF_POCKET = [
    case("at-first-window-start", "user", oop("2022-10-15T15:30"), FAIR, 10000, "OK"),
    case("a-second-before", "user", oop("2022-10-15T15:29:59"), FAIR, 0, "NO_OVERLAP"),
    case("last-second-of-grace", "user", oop("2022-10-21T08:59:59"), FAIR, 10000, "OK"),
    case("grace-over", "user", oop("2022-10-21T09:00"), FAIR, 0, "NO_OVERLAP"),
    case("utc-offset-at-start", "user", oop("2022-10-15T06:30:00Z"), FAIR, 10000, "OK"),
    case("utc-offset-before", "user", oop("2022-10-15T06:29:59+00:00"), FAIR, 0, "NO_OVERLAP"),
    case("explicit-kst-offset", "user", oop("2022-10-15T15:30:00+09:00"), FAIR, 10000, "OK"),
    case("at-the-cap", "user", oop("2022-10-16T12:00", 500000), FAIR, 500000, "OK"),
    case("rounds-down-to-cap", "user", oop("2022-10-16T12:00", 500004), FAIR, 500000, "OK"),
    case("rounds-above-cap", "user", oop("2022-10-16T12:00", 500005), FAIR, 500000, "CAPPED"),
    case("no-cap-as-paid", "user", oop("2022-10-16T12:00", 700000), PAID, 700000, "OK"),
    case("half-up-to-ten", "merchant", oop("2022-10-16T12:00", 1045), FAIR, 1050, "OK"),
    case("below-half-down", "taxi_driver", oop("2022-10-16T12:00", 1044), FAIR, 1040, "OK"),
    case("not-for-authors", "author", oop("2022-10-16T12:00"), FAIR, 0, "NOT_ALLOWED_FOR_TYPE"),
]


def voucher(expires_at, face_value=30000):
    return {"kind": "voucher", "face_value": face_value, "expires_at": expires_at}


# kakaotalk_gift: [15 Oct 15:30, 16 Oct 21:30); the grace of 168 h ends 23 Oct 21:30.
VOUCHER = [
    case("expires-as-outage-starts", "user", voucher("2022-10-15T15:30"), FAIR, 30000, "OK"),
    case("expired-just-before", "user", voucher("2022-10-15T15:29:59"), FAIR, 0, "NO_OVERLAP"),
    case("last-second-of-grace", "user", voucher("2022-10-23T21:29:59"), PAID, 30000, "OK"),
    case("grace-over", "user", voucher("2022-10-23T21:30"), PAID, 0, "NO_OVERLAP"),
    case("users-only", "taxi_driver", voucher("2022-10-16T00:00"), FAIR, 0, "NOT_ALLOWED_FOR_TYPE"),
    case("not-for-merchants", "merchant", voucher("2022-10-16T00:00"), FAIR, 0, "NOT_ALLOWED_FOR_TYPE"),
]


def income(*shifts, hourly=20000, service="kakao_t_taxi"):
    return {
        "kind": "lost_income",
        "service": service,
        "hourly_income": hourly,
        "shifts": [list(s) for s in shifts],
    }


# kakao_t_taxi: [15 Oct 15:30, 16 Oct 14:00), full.
LOST_INCOME = [
    case(
        "shift-ends-as-outage-starts",
        "taxi_driver",
        income(("2022-10-15T10:00", "2022-10-15T15:30")),
        FAIR,
        0,
        "NO_OVERLAP",
    ),
    case(
        "shift-starts-as-outage-ends",
        "taxi_driver",
        income(("2022-10-16T14:00", "2022-10-16T20:00")),
        FAIR,
        0,
        "NO_OVERLAP",
    ),
    # 15:30-20:00: 4.5 h × 20,000 × 0.6
    case(
        "partial-overlap", "taxi_driver", income(("2022-10-15T12:00", "2022-10-15T20:00")), FAIR, 54000, "OK"
    ),
    case(
        "same-shift-utc",
        "taxi_driver",
        income(("2022-10-15T03:00:00Z", "2022-10-15T11:00:00Z")),
        FAIR,
        54000,
        "OK",
    ),
    # union 12:00-02:00: 10.5 h of outage, counted once
    case(
        "overlapping-shifts-count-once",
        "taxi_driver",
        income(("2022-10-15T12:00", "2022-10-15T20:00"), ("2022-10-15T18:00", "2022-10-16T02:00")),
        FAIR,
        126000,
        "OK",
    ),
    case(
        "duplicate-shift-counts-once",
        "taxi_driver",
        income(("2022-10-15T12:00", "2022-10-15T20:00"), ("2022-10-15T12:00", "2022-10-15T20:00")),
        FAIR,
        54000,
        "OK",
    ),
    case(
        "capped",
        "taxi_driver",
        income(("2022-10-15T15:30", "2022-10-16T14:00"), hourly=60000),
        FAIR,
        300000,
        "CAPPED",
        flags=["MANUAL_REVIEW"],
    ),
    # kakaopay 10:30-12:30 on 16 Oct is degraded only: 2 h × 0.5 × 10,000 × 0.6
    case(
        "partial-window",
        "taxi_driver",
        income(("2022-10-16T10:30", "2022-10-16T12:30"), hourly=10000, service="kakaopay"),
        FAIR,
        6000,
        "OK",
    ),
    case(
        "not-compensated-as-paid",
        "taxi_driver",
        income(("2022-10-15T12:00", "2022-10-15T20:00")),
        PAID,
        0,
        "NOT_COMPENSATED",
    ),
    case(
        "not-compensated-even-without-overlap",
        "taxi_driver",
        income(("2022-10-01T12:00", "2022-10-01T20:00")),
        PAID,
        0,
        "NOT_COMPENSATED",
    ),
    case(
        "drivers-only",
        "user",
        income(("2022-10-15T12:00", "2022-10-15T20:00")),
        FAIR,
        0,
        "NOT_ALLOWED_FOR_TYPE",
    ),
]


def fares(*rides):
    return {
        "kind": "unpaid_fares",
        "rides": [{"started_at": s, "ended_at": e, "fare": f} for s, e, f in rides],
    }


# Payment runs at ended_at; it fails inside a FULL window of kakao_t_taxi [15 Oct 15:30, 16 Oct 14:00)
# or of kakaopay [15 Oct 15:30, 16 Oct 10:30) (kakaopay is then only degraded).
UNPAID_FARES = [
    case(
        "policy-example-fair",
        "taxi_driver",
        fares(("2022-10-15T15:15", "2022-10-15T15:40", 6500)),
        FAIR,
        6500,
        "OK",
    ),
    case(
        "policy-example-as-paid",
        "taxi_driver",
        fares(("2022-10-15T15:15", "2022-10-15T15:40", 6500)),
        PAID,
        6500,
        "OK",
    ),
    case(
        "ends-as-outage-starts",
        "taxi_driver",
        fares(("2022-10-15T15:00", "2022-10-15T15:30", 7000)),
        FAIR,
        7000,
        "OK",
    ),
    case(
        "ends-a-second-before",
        "taxi_driver",
        fares(("2022-10-15T15:00", "2022-10-15T15:29:59", 7000)),
        FAIR,
        0,
        "NO_OVERLAP",
    ),
    case(
        "last-second-of-taxi-outage",
        "taxi_driver",
        fares(("2022-10-16T13:30", "2022-10-16T13:59:59", 8000)),
        FAIR,
        8000,
        "OK",
    ),
    case(
        "ends-as-taxi-recovers",
        "taxi_driver",
        fares(("2022-10-16T13:30", "2022-10-16T14:00", 8000)),
        FAIR,
        0,
        "NO_OVERLAP",
    ),
    case(
        "only-some-rides-count",
        "taxi_driver",
        fares(
            ("2022-10-15T15:15", "2022-10-15T15:40", 6500),
            ("2022-10-16T15:00", "2022-10-16T15:20", 9000),
            ("2022-10-16T01:00", "2022-10-16T01:30", 12000),
        ),
        FAIR,
        18500,
        "OK",
    ),
    case(
        "drivers-only",
        "merchant",
        fares(("2022-10-15T15:15", "2022-10-15T15:40", 6500)),
        FAIR,
        0,
        "NOT_ALLOWED_FOR_TYPE",
    ),
]


def sales(daily, opens, closes, closed=None, service="kakaotalk_gift"):
    item = {
        "kind": "lost_sales",
        "service": service,
        "daily_sales": daily,
        "business_hours": {"open": opens, "close": closes},
    }
    if closed is not None:
        item["closed_weekdays"] = closed
    return item


# kakaotalk_gift: [Sat 15 Oct 15:30, Sun 16 Oct 21:30), full.
LOST_SALES = [
    # H = 6.5 h (15 Oct) + 11.5 h (16 Oct) = 18 h; lost = 200,000 × 18 / 12 = 300,000
    case("policy-example-as-paid", "merchant", sales(200000, "10:00", "22:00"), PAID, 30000, "OK"),
    case("policy-example-fair", "merchant", sales(200000, "10:00", "22:00"), FAIR, 90000, "OK"),
    # 18:00-02:00 (8 h): 15 Oct 18:00-02:00 = 8 h, 16 Oct 18:00-21:30 = 3.5 h; lost = 80,000 × 11.5 / 8
    case("overnight-hours", "merchant", sales(80000, "18:00", "02:00"), FAIR, 34500, "OK"),
    # 20:00-16:00 (20 h): the period opened on 14 Oct runs to 15 Oct 16:00 (0.5 h); 15 Oct 20:00-16 Oct 16:00
    # (20 h); 16 Oct 20:00-21:30 (1.5 h). H = 22 h; lost = 200,000 × 22 / 20 = 220,000
    case("day-before-counts-overnight", "merchant", sales(200000, "20:00", "16:00"), FAIR, 66000, "OK"),
    # closed on Sunday: only Saturday's 6.5 h; lost = 108,333.33; × 0.3 = 32,500
    case("closed-sunday", "merchant", sales(200000, "10:00", "22:00", [6]), FAIR, 32500, "OK"),
    case("closed-all-weekend", "merchant", sales(200000, "10:00", "22:00", [5, 6]), FAIR, 0, "NO_OVERLAP"),
    # overnight and closed on Saturday: Saturday's 18:00 opening is gone, Sunday 18:00-21:30 remains
    case("closed-saturday-overnight", "merchant", sales(80000, "18:00", "02:00", [5]), FAIR, 10500, "OK"),
    # open == close: 24 h a day; H = 30 h; lost = daily × 1.25
    case("band-edge-300000", "merchant", sales(240000, "00:00", "00:00"), PAID, 30000, "OK"),
    case("just-above-300000", "merchant", sales(240001, "00:00", "00:00"), PAID, 50000, "OK"),
    case("band-edge-500000", "merchant", sales(400000, "00:00", "00:00"), PAID, 50000, "OK", flags=[]),
    case(
        "just-above-500000",
        "merchant",
        sales(400001, "00:00", "24:00"),
        PAID,
        50000,
        "OK",
        flags=["MANUAL_REVIEW"],
    ),
    case(
        "above-bands-ten-percent",
        "merchant",
        sales(800000, "00:00", "00:00"),
        PAID,
        100000,
        "OK",
        flags=["MANUAL_REVIEW"],
    ),
    case("no-sales-fair", "merchant", sales(0, "10:00", "22:00"), FAIR, 0, "NO_OVERLAP"),
    case("no-sales-as-paid", "merchant", sales(0, "10:00", "22:00"), PAID, 0, "NO_OVERLAP"),
    case(
        "night-shop", "merchant", sales(200000, "22:00", "10:00", service="kakao_t_driver"), PAID, 30000, "OK"
    ),
    case(
        "capped",
        "merchant",
        sales(10000000, "10:00", "22:00"),
        FAIR,
        3000000,
        "CAPPED",
        flags=["MANUAL_REVIEW"],
    ),
    # talk_channel: full to 16 Oct 21:30, then degraded to 18 Oct 09:00. In 10-22 hours: 18 h full +
    # 0.5 h (16 Oct) + 12 h (17 Oct) degraded; H = 24.25 h; lost = 120,000 × 24.25 / 12 = 242,500
    case(
        "partial-windows-weighted",
        "merchant",
        sales(120000, "10:00", "22:00", service="talk_channel"),
        FAIR,
        72750,
        "OK",
    ),
    case("merchants-only", "user", sales(200000, "10:00", "22:00"), FAIR, 0, "NOT_ALLOWED_FOR_TYPE"),
]


def ads(*campaigns):
    return {"kind": "ad_spend", "campaigns": [{"sent_at": at, "cost": cost} for at, cost in campaigns]}


# talk_channel: full [15 Oct 15:30, 16 Oct 21:30), then partial to 18 Oct 09:00 (any level counts).
AD_SPEND = [
    case("sent-as-outage-starts", "merchant", ads(("2022-10-15T15:30", 50000)), FAIR, 50000, "OK"),
    case("sent-a-second-before", "merchant", ads(("2022-10-15T15:29:59", 50000)), FAIR, 0, "NO_OVERLAP"),
    case("sent-while-degraded", "merchant", ads(("2022-10-18T08:59:59", 50000)), PAID, 50000, "OK"),
    case("sent-after-recovery", "merchant", ads(("2022-10-18T09:00", 50000)), PAID, 0, "NO_OVERLAP"),
    case(
        "only-some-count",
        "merchant",
        ads(("2022-10-17T10:00", 50000), ("2022-10-19T10:00", 70000)),
        FAIR,
        50000,
        "OK",
    ),
    case("merchants-only", "taxi_driver", ads(("2022-10-17T10:00", 50000)), FAIR, 0, "NOT_ALLOWED_FOR_TYPE"),
]


def launch(at, expected, service="kakao_webtoon"):
    return {
        "kind": "launch_window",
        "service": service,
        "work_title": "Moonlit Garden",
        "launch_at": at,
        "expected_earnings": expected,
    }


# kakao_webtoon: [15 Oct 15:30, 16 Oct 07:00), full (15.5 h). The launch window is 5 days (120 h).
LAUNCH_WINDOW = [
    case(
        "window-ends-as-outage-starts", "author", launch("2022-10-10T15:30", 1000000), FAIR, 0, "NO_OVERLAP"
    ),
    # one minute of overlap: 1,000,000 × 3 × 60 / 432,000 = 416.67
    case("one-minute-overlap", "author", launch("2022-10-10T15:31", 1000000), FAIR, 420, "OK"),
    # 15.5 h × 3 / 120 h = 0.3875 of 1,200,000
    case("whole-outage-in-window", "author", launch("2022-10-15T00:00", 1200000), FAIR, 465000, "OK"),
    # kakaopage: 15.5 h full + 50 h × 0.5 = 40.5 h; × 3 > 120 h -> the whole expected earnings
    case(
        "share-at-most-one", "author", launch("2022-10-14T00:00", 1000000, "kakaopage"), FAIR, 1000000, "OK"
    ),
    case(
        "capped",
        "author",
        launch("2022-10-14T00:00", 8000000, "kakaopage"),
        FAIR,
        5000000,
        "CAPPED",
        flags=["MANUAL_REVIEW"],
    ),
    case(
        "not-compensated-as-paid", "author", launch("2022-10-15T00:00", 1200000), PAID, 0, "NOT_COMPENSATED"
    ),
    case("authors-only", "merchant", launch("2022-10-15T00:00", 1200000), FAIR, 0, "NOT_ALLOWED_FOR_TYPE"),
]


def earnings(daily, service="kakao_webtoon"):
    return {"kind": "lost_earnings", "service": service, "daily_earnings": daily}


LOST_EARNINGS = [
    case("webtoon", "author", earnings(48000), FAIR, 31000, "OK"),  # 48,000 × 15.5 / 24
    case("page-with-partial", "author", earnings(50000, "kakaopage"), FAIR, 84380, "OK"),  # × 40.5 / 24
    case("not-compensated-as-paid", "author", earnings(48000), PAID, 0, "NOT_COMPENSATED"),
    case("authors-only", "taxi_driver", earnings(48000), FAIR, 0, "NOT_ALLOWED_FOR_TYPE"),
]


@pytest.mark.parametrize("claimant_type, item, policy, amount, code, on, flags", SUBSCRIPTION)
def test_subscription(request, claimant_type, item, policy, amount, code, on, flags):
    check(request, claimant_type, item, policy, amount, code, on, flags)


@pytest.mark.parametrize("claimant_type, item, policy, amount, code, on, flags", OUT_OF_POCKET)
def test_out_of_pocket(request, claimant_type, item, policy, amount, code, on, flags):
    check(request, claimant_type, item, policy, amount, code, on, flags)


@pytest.mark.parametrize("claimant_type, item, policy, amount, code, on, flags", VOUCHER)
def test_voucher(request, claimant_type, item, policy, amount, code, on, flags):
    check(request, claimant_type, item, policy, amount, code, on, flags)


@pytest.mark.parametrize("claimant_type, item, policy, amount, code, on, flags", LOST_INCOME)
def test_lost_income(request, claimant_type, item, policy, amount, code, on, flags):
    check(request, claimant_type, item, policy, amount, code, on, flags)


@pytest.mark.parametrize("claimant_type, item, policy, amount, code, on, flags", UNPAID_FARES)
def test_unpaid_fares(request, claimant_type, item, policy, amount, code, on, flags):
    check(request, claimant_type, item, policy, amount, code, on, flags)


@pytest.mark.parametrize("claimant_type, item, policy, amount, code, on, flags", LOST_SALES)
def test_lost_sales(request, claimant_type, item, policy, amount, code, on, flags):
    check(request, claimant_type, item, policy, amount, code, on, flags)


@pytest.mark.parametrize("claimant_type, item, policy, amount, code, on, flags", AD_SPEND)
def test_ad_spend(request, claimant_type, item, policy, amount, code, on, flags):
    check(request, claimant_type, item, policy, amount, code, on, flags)


@pytest.mark.parametrize("claimant_type, item, policy, amount, code, on, flags", LAUNCH_WINDOW)
def test_launch_window(request, claimant_type, item, policy, amount, code, on, flags):
    check(request, claimant_type, item, policy, amount, code, on, flags)


@pytest.mark.parametrize("claimant_type, item, policy, amount, code, on, flags", LOST_EARNINGS)
def test_lost_earnings(request, claimant_type, item, policy, amount, code, on, flags):
    check(request, claimant_type, item, policy, amount, code, on, flags)


def test_trace_names_the_quantities_and_parameters(incident, fair):
    line = quote(claim_of("taxi_driver", sub("kakao_t_taxi", 39000)), incident, fair).lines[0]
    assert line.trace == {
        "monthly_fee": "39000",
        "month_days": "31",
        "weighted_hours": "22.5",
        "partial_weight": "0.5",
        "longest_full_hours": "22.5",
        "min_continuous_hours": "2",
        "month_hours": "744",
        "multiplier": "10",
        "rate": "1",
        "unrounded": "11794.35",
        "line_cap": "39000",
    }


def test_lost_sales_trace_shows_hours_and_lost_sales(incident, fair):
    line = quote(claim_of("merchant", sales(200000, "10:00", "22:00")), incident, fair).lines[0]
    assert line.trace["weighted_hours"] == "18"
    assert line.trace["hours_per_day"] == "12"
    assert line.trace["lost_sales"] == "300000"
    assert line.trace["rate"] == "0.3"


def test_trace_hours_are_shown_to_four_decimals_but_amounts_use_exact_seconds(incident, fair):
    # kakaotalk: 10 h 01 min full + 19 h 59 min partial = 20.0083... weighted hours
    line = quote(claim_of("user", sub("kakaotalk", 744000)), incident, fair).lines[0]
    assert line.trace["weighted_hours"] == "20.0083"
    # 744,000 × 72,030 s / (31 × 86,400 s) × 10 = 200,083.33...
    assert line.trace["unrounded"] == "200083.33"


def test_amounts_are_exact_until_the_line_is_rounded(incident, fair):
    # kakaotalk is down 72,030 weighted seconds. A 24-hour merchant selling 240,000 KRW a day lost
    # 240,000 × 72,030 / 86,400 = 200,083.33... KRW, × 0.30 margin = exactly 60,025 KRW, which rounds half
    # up to 60,030. Dividing first (to any number of digits) gives 60,024.999... and 60,020.
    line = quote(
        claim_of("merchant", sales(240000, "00:00", "24:00", service="kakaotalk")), incident, fair
    ).lines[0]
    assert (line.amount, line.code) == (60030, "OK")
    assert line.trace["lost_sales"] == "200083.33"
    assert line.trace["unrounded"] == "60025"
