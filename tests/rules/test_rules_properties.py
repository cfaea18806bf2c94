"""Properties that hold for any claim: amounts are never negative, nothing is paid without overlap, more
fee, income, sales or overlap never pays less, no amount passes its cap, and the total is the sum of the
lines up to the claim cap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from rules_support import quote

from claims.rules import (
    ALLOWED_KINDS,
    AUTHOR_SERVICES,
    CLAIMANT_TYPES,
    KINDS,
    OOP_CATEGORIES,
    load_incident,
    load_policy,
)

INCIDENT = load_incident()
POLICIES = [load_policy("fair-2022"), load_policy("as-paid-2022")]
SERVICES = sorted(INCIDENT.services)
KST = timezone(timedelta(hours=9))
# Claim times range over 13-23 Oct 2022 (the outage is 15-20 Oct); "before" times end before it starts.
BASE = datetime(2022, 10, 13, tzinfo=KST)
SPAN_MINUTES = 10 * 24 * 60
BEFORE = datetime(2022, 9, 1, tzinfo=KST)

examples = settings(max_examples=60, deadline=None)


def text(moment: datetime, as_utc: bool) -> str:
    """The same instant written two ways: naive (KST) or with a UTC offset."""
    return moment.astimezone(UTC).isoformat() if as_utc else moment.replace(tzinfo=None).isoformat()


@st.composite
def instants(draw, base=BASE, span=SPAN_MINUTES):
    return text(base + timedelta(minutes=draw(st.integers(0, span))), draw(st.booleans()))


@st.composite
def spans(draw, base=BASE, span=SPAN_MINUTES):
    start = base + timedelta(minutes=draw(st.integers(0, span)))
    end = start + timedelta(minutes=draw(st.integers(1, 16 * 60)))
    as_utc = draw(st.booleans())
    return [text(start, as_utc), text(end, as_utc)]


money = st.integers(0, 3_000_000)
services = st.sampled_from(SERVICES)
clock = st.builds("{:02d}:{:02d}".format, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))


def items(base=BASE, span=SPAN_MINUTES):
    at, period = instants(base, span), spans(base, span)
    return {
        "subscription": st.fixed_dictionaries(
            {"kind": st.just("subscription"), "service": services, "monthly_fee": money}
        ),
        "out_of_pocket": st.fixed_dictionaries(
            {
                "kind": st.just("out_of_pocket"),
                "service": services,
                "incurred_at": at,
                "amount": money,
                "category": st.sampled_from(OOP_CATEGORIES),
            }
        ),
        "voucher": st.fixed_dictionaries({"kind": st.just("voucher"), "face_value": money, "expires_at": at}),
        "lost_income": st.fixed_dictionaries(
            {
                "kind": st.just("lost_income"),
                "service": services,
                "hourly_income": money,
                "shifts": st.lists(period, min_size=1, max_size=4),
            }
        ),
        "unpaid_fares": st.fixed_dictionaries(
            {
                "kind": st.just("unpaid_fares"),
                "rides": st.lists(
                    st.builds(
                        lambda p, fare: {"started_at": p[0], "ended_at": p[1], "fare": fare}, period, money
                    ),
                    min_size=1,
                    max_size=4,
                ),
            }
        ),
        "lost_sales": st.fixed_dictionaries(
            {
                "kind": st.just("lost_sales"),
                "service": services,
                "daily_sales": money,
                "business_hours": st.fixed_dictionaries({"open": clock, "close": clock}),
                "closed_weekdays": st.lists(st.integers(0, 6), max_size=3),
            }
        ),
        "ad_spend": st.fixed_dictionaries(
            {
                "kind": st.just("ad_spend"),
                "campaigns": st.lists(
                    st.fixed_dictionaries({"sent_at": at, "cost": money}), min_size=1, max_size=3
                ),
            }
        ),
        "launch_window": st.fixed_dictionaries(
            {
                "kind": st.just("launch_window"),
                "service": st.sampled_from(AUTHOR_SERVICES),
                "work_title": st.sampled_from(["달빛 정원", " Moonlit Garden ", "x" * 200]),
                "launch_at": at,
                "expected_earnings": money,
            }
        ),
        "lost_earnings": st.fixed_dictionaries(
            {
                "kind": st.just("lost_earnings"),
                "service": st.sampled_from(AUTHOR_SERVICES),
                "daily_earnings": money,
            }
        ),
    }


ITEMS = items()
any_item = st.one_of(*ITEMS.values())
claims = st.fixed_dictionaries(
    {"claimant_type": st.sampled_from(CLAIMANT_TYPES), "items": st.lists(any_item, min_size=1, max_size=4)}
)
policies = st.sampled_from(POLICIES)


def line_cap(policy, item) -> int | None:
    head = policy.heads[item["kind"]].values
    if item["kind"] == "subscription":
        return None if head["cap_months"] is None else int(item["monthly_fee"] * head["cap_months"])
    return head.get("line_cap")


@examples
@given(claims, policies)
def test_amounts_never_negative_caps_hold_and_total_is_the_capped_sum(data, policy):
    assessment = quote(data, INCIDENT, policy)
    lines = assessment.lines
    assert [line.index for line in lines] == list(range(len(data["items"])))
    for line, item in zip(lines, data["items"], strict=True):
        assert line.amount >= 0
        cap = line_cap(policy, item)
        if cap is not None:
            assert line.amount <= cap
        assert line.amount % 10 == 0 or line.code == "CAPPED"
        assert (line.code == "CAPPED") <= ("MANUAL_REVIEW" in assessment.flags)
        if line.code not in ("OK", "CAPPED"):
            assert line.amount == 0
        if item["kind"] not in ALLOWED_KINDS[data["claimant_type"]]:
            assert line.code == "NOT_ALLOWED_FOR_TYPE"
    subtotal = sum(line.amount for line in lines)
    cap = policy.claim_caps[data["claimant_type"]]
    assert assessment.total == (subtotal if cap is None else min(subtotal, cap))
    assert ("CLAIM_CAPPED" in assessment.flags) == (cap is not None and subtotal > cap)
    assert list(assessment.flags) == sorted(set(assessment.flags))


TIMED = ("out_of_pocket", "voucher", "lost_income", "unpaid_fares", "ad_spend", "launch_window")
# A launch window is 5 days long: launches before 10 Oct cannot reach the outage.
BEFORE_ITEMS = items(BEFORE, span=30 * 24 * 60)


@examples
@given(st.sampled_from(TIMED).flatmap(lambda kind: BEFORE_ITEMS[kind]), policies)
def test_nothing_is_paid_when_nothing_overlaps(item, policy):
    owner = next(t for t in CLAIMANT_TYPES if item["kind"] in ALLOWED_KINDS[t])
    (line,) = quote({"claimant_type": owner, "items": [item]}, INCIDENT, policy).lines
    assert line.amount == 0
    assert line.code in ("NO_OVERLAP", "NOT_COMPENSATED")


def amount_of(kind: str, item: dict, policy) -> int:
    owner = next(t for t in CLAIMANT_TYPES if kind in ALLOWED_KINDS[t])
    return quote({"claimant_type": owner, "items": [item]}, INCIDENT, policy).lines[0].amount


@examples
@given(
    st.sampled_from(["subscription", "lost_income", "lost_sales", "out_of_pocket", "lost_earnings"]).flatmap(
        lambda kind: st.tuples(st.just(kind), ITEMS[kind])
    ),
    money,
    policies,
)
def test_more_fee_income_or_sales_never_pays_less(pair, more, policy):
    kind, item = pair
    field = {
        "subscription": "monthly_fee",
        "lost_income": "hourly_income",
        "lost_sales": "daily_sales",
        "out_of_pocket": "amount",
        "lost_earnings": "daily_earnings",
    }[kind]
    richer = {**item, field: item[field] + more}
    assert amount_of(kind, item, policy) <= amount_of(kind, richer, policy)


@examples
@given(ITEMS["lost_income"], spans(), st.integers(0, 24 * 60), policies)
def test_more_overlap_never_pays_less(item, extra_shift, longer_by, policy):
    start, end = item["shifts"][0]
    end_moment = datetime.fromisoformat(end)
    longer = [start, (end_moment + timedelta(minutes=longer_by)).isoformat()]
    extended = {**item, "shifts": [longer, *item["shifts"][1:]]}
    added = {**item, "shifts": [*item["shifts"], extra_shift]}
    base = amount_of("lost_income", item, policy)
    assert base <= amount_of("lost_income", extended, policy)
    assert base <= amount_of("lost_income", added, policy)


@examples
@given(ITEMS["lost_sales"], policies)
def test_fewer_closed_days_never_pays_less(item, policy):
    opened = {**item, "closed_weekdays": item["closed_weekdays"][1:]}
    assert amount_of("lost_sales", item, policy) <= amount_of("lost_sales", opened, policy)


@examples
@given(claims, policies)
def test_writing_times_in_utc_changes_nothing(data, policy):
    def to_utc(value):
        if isinstance(value, str) and value[:4].isdigit() and "T" in value:
            moment = datetime.fromisoformat(value)
            return (moment if moment.tzinfo else moment.replace(tzinfo=KST)).astimezone(UTC).isoformat()
        if isinstance(value, list):
            return [to_utc(entry) for entry in value]
        if isinstance(value, dict):
            return {key: to_utc(entry) for key, entry in value.items()}
        return value

    original = quote(data, INCIDENT, policy)
    moved = quote(to_utc(data), INCIDENT, policy)
    assert [(line.amount, line.code) for line in moved.lines] == [
        (line.amount, line.code) for line in original.lines
    ]
    assert moved.total == original.total


def test_every_kind_has_a_strategy():
    assert set(ITEMS) == set(KINDS)
