"""`assess_totals_many` (totals only, no trace) gives exactly what `assess_many` gives: each claim's total
and the sum of the lines of each head of loss, over a generated population, under every shipped policy."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rules_support import shipped_incident

from claims.rules import (
    KINDS,
    assess_many,
    assess_totals_each,
    assess_totals_many,
    load_policy,
    parse_many,
)

BENCH = Path(__file__).resolve().parents[2] / "bench" / "rules_bench.py"


def _population(size: int) -> list[dict]:
    spec = importlib.util.spec_from_file_location("rules_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.population(size, 11)


@pytest.fixture(scope="module")
def payloads():
    return _population(3000)


@pytest.mark.parametrize("policy_id", ["fair-2022", "as-paid-2022"])
@pytest.mark.parametrize("closes_at", [None, "2022-11-02T00:00"])  # with late filing: rule 1 too
def test_totals_equal_assess_many(payloads, policy_id, closes_at):
    incident = shipped_incident(closes_at)
    policy = load_policy(policy_id)
    claims = parse_many(payloads, incident)
    full = assess_many(claims, incident, policy)
    quick = assess_totals_many(claims, incident, policy)
    assert quick.totals == [result.total for result in full]
    heads = dict.fromkeys(KINDS, 0)
    for result in full:
        for line in result.lines:
            heads[line.kind] += line.amount
    assert quick.heads == heads
    # the population exercises what matters: every head pays somewhere (as-paid-2022 pays nothing for
    # some), some claims are capped, some filed late
    assert all(heads.values()) or policy_id == "as-paid-2022"
    assert any("CLAIM_CAPPED" in result.flags for result in full) or policy_id == "as-paid-2022"
    if closes_at:
        assert any(not result.eligible for result in full)


def test_one_pass_under_several_policies(payloads):
    incident = shipped_incident("2022-11-02T00:00")
    policies = [load_policy("fair-2022"), load_policy("as-paid-2022")]
    claims = parse_many(payloads, incident)
    each = assess_totals_each(iter(claims), incident, policies)  # an iterator: one pass
    assert each == [assess_totals_many(claims, incident, policy) for policy in policies]
