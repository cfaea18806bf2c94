"""Cases written by policy owners in YAML (tests/rules/cases/*.yaml, see README.md there), one test each."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_support import CASES_DIR

from claims.rules import ClaimInputError, assess, load_incident, load_policy, parse_claim
from claims.rules.errors import DataFileError
from claims.rules.yamlio import read_yaml_file

CASE_KEYS = {"name", "policy", "incident", "claim", "expected", "note"}
EXPECTED_KEYS = {"total", "eligible", "flags", "lines", "error"}
LINE_KEYS = {"amount", "code", "kind", "service", "index", "trace"}


def _collect() -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = read_yaml_file(path, DataFileError)
        cases = data.get("cases") if isinstance(data, dict) else None
        assert isinstance(cases, list) and cases, f"{path.name}: needs a non-empty `cases:` list"
        names = set()
        for number, case in enumerate(cases):
            where = f"{path.name}: cases[{number}]"
            assert isinstance(case, dict) and not set(case) - CASE_KEYS, (
                f"{where}: keys are {sorted(CASE_KEYS)}"
            )
            assert {"name", "claim", "expected"} <= set(case), f"{where}: needs name, claim and expected"
            assert case["name"] not in names, f"{where}: duplicate name {case['name']!r}"
            names.add(case["name"])
            policies = case.get("policy", "fair-2022")
            for policy in policies if isinstance(policies, list) else [policies]:
                suffix = f"[{policy}]" if isinstance(policies, list) else ""
                params.append(pytest.param(path, case, policy, id=f"{path.stem}::{case['name']}{suffix}"))
    return params


def _resolve(base: Path, value: str) -> str | Path:
    candidate = base / value
    return candidate if candidate.suffix in (".yaml", ".yml") else value


@pytest.mark.parametrize("path, case, policy_ref", _collect())
def test_case(path, case, policy_ref):
    expected = case["expected"]
    assert isinstance(expected, dict) and expected and not set(expected) - EXPECTED_KEYS, (
        f"expected: any of {sorted(EXPECTED_KEYS)}"
    )
    incident = load_incident(path.parent / case["incident"]) if case.get("incident") else load_incident()
    policy = load_policy(_resolve(path.parent, policy_ref))
    if "error" in expected:
        with pytest.raises(ClaimInputError) as caught:
            assess(parse_claim(case["claim"], incident), incident, policy)
        assert expected["error"] in "; ".join(map(str, caught.value.errors))
        return
    result = assess(parse_claim(case["claim"], incident), incident, policy).to_dict()
    for key in ("total", "eligible", "flags"):
        if key in expected:
            assert result[key] == expected[key], f"{key}: {result}"
    for index, want in enumerate(expected.get("lines", [])):
        assert isinstance(want, dict) and not set(want) - LINE_KEYS, (
            f"lines[{index}]: keys are {sorted(LINE_KEYS)}"
        )
        line = result["lines"][index]
        for key, value in want.items():
            if key == "trace":
                assert {name: line["trace"].get(name) for name in value} == {
                    k: str(v) for k, v in value.items()
                }
            else:
                assert line[key] == value, f"lines[{index}].{key}: {line}"
