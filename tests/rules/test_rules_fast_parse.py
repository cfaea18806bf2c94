"""`parse_claim`'s fast path gives the very records the full reader gives, or steps aside."""

from __future__ import annotations

import importlib.util
from dataclasses import fields
from datetime import datetime
from pathlib import Path

import pytest

from claims.rules import ClaimInputError, claim_to_dict, parse_claim, schema
from claims.rules.fastread import fast_claim

BENCH = Path(__file__).resolve().parents[2] / "bench" / "rules_bench.py"


def _population(size: int) -> list[dict]:
    spec = importlib.util.spec_from_file_location("rules_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.population(size, 7)


def _state(value):
    """Every slot of a record, hidden ones (epoch seconds, unions) included, recursively."""
    if isinstance(value, tuple):
        return tuple(_state(entry) for entry in value)
    names = getattr(type(value), "__slots__", None)
    if names is None or not hasattr(value, "__dataclass_fields__"):
        return value
    return (type(value).__name__, tuple((f.name, _state(getattr(value, f.name))) for f in fields(value)))


def _slow(data, incident):
    original = schema.fast_claim
    schema.fast_claim = lambda data, services: None
    try:
        return parse_claim(data, incident)
    finally:
        schema.fast_claim = original


@pytest.mark.parametrize("with_incident", [True, False])
def test_fast_path_equals_full_reader_on_a_population(incident, with_incident):
    on = incident if with_incident else None
    population = _population(400)
    for data in population:
        fast = fast_claim(data, on.services if on is not None else None)
        assert fast is not None, data
        assert _state(fast) == _state(_slow(data, on))
        stored = claim_to_dict(fast)  # what the database keeps: also on the fast path
        again = fast_claim(stored, on.services if on is not None else None)
        assert again is not None and _state(again) == _state(fast)


@pytest.mark.parametrize(
    "item",
    [
        {"kind": "subscription", "service": "melon", "monthly_fee": "9900"},  # digits as text: full reader
        {"kind": "subscription", "service": "melon", "monthly_fee": True},
        {"kind": "subscription", "service": "nowhere", "monthly_fee": 9900},
        {"kind": "subscription", "service": "melon", "monthly_fee": 9900, "note": "x"},
        {"kind": "voucher", "face_value": 10000, "expires_at": datetime(2022, 10, 15, 17)},
        {"kind": "voucher", "face_value": 10000, "expires_at": "2022-10-15", "service": "kakaotalk_gift"},
        {
            "kind": "lost_sales",
            "service": "kakaotalk",
            "daily_sales": 1,
            "business_hours": {"open": "9:00", "close": "24:00"},
        },
        {
            "kind": "lost_sales",
            "service": "kakaotalk",
            "daily_sales": 1,
            "business_hours": {"open": "09:00", "close": "21:00"},
            "closed_weekdays": ["6"],
        },
        {
            "kind": "lost_income",
            "service": "kakao_t_taxi",
            "hourly_income": 1,
            "shifts": [["2022-10-15T18:00", "2022-10-15T17:00"]],
        },
        {"kind": "unpaid_fares", "rides": []},
    ],
)
def test_anything_not_plainly_valid_goes_to_the_full_reader(incident, item):
    data = {"claimant_type": "merchant", "items": [item]}
    assert fast_claim(data, incident.services) is None
    try:
        expected = _state(_slow(data, incident))
    except ClaimInputError as exc:
        with pytest.raises(ClaimInputError) as again:
            parse_claim(data, incident)
        assert again.value.errors == exc.errors
    else:
        assert _state(parse_claim(data, incident)) == expected
