"""The rules stay pure (DESIGN, Principle 2): they import only the standard library, PyYAML and
themselves, and assessing a claim opens no file."""

from __future__ import annotations

import ast
import builtins
import io
import os
import sys
from pathlib import Path

import pytest
from rules_support import claim_of

import claims.rules
from claims.rules import assess, assess_many, explain, parse_claim

RULES_DIR = Path(claims.rules.__file__).resolve().parent
ALLOWED_THIRD_PARTY = {"yaml"}


def _imports(path: Path, package: str) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in a file that lives in `package`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[: len(parts) - node.level + 1] if node.level else []
            found.append((node.lineno, ".".join([*base, *([node.module] if node.module else [])])))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            found.append((node.lineno, "__import__ (dynamic)"))
    return found


def _violations(path: Path, package: str) -> list[str]:
    bad = []
    for line, module in _imports(path, package):
        top = module.split(".")[0]
        if not (
            top in sys.stdlib_module_names
            or top in ALLOWED_THIRD_PARTY
            or module == "claims.rules"
            or module.startswith("claims.rules.")
        ):
            bad.append(f"{path.name}:{line}: {module}")
    return bad


def test_rules_import_only_stdlib_yaml_and_themselves():
    files = sorted(RULES_DIR.rglob("*.py"))
    assert len(files) > 10
    bad = []
    for path in files:
        package = ".".join(("claims", "rules", *path.relative_to(RULES_DIR).parent.parts))
        bad += _violations(path, package)
    assert bad == []


def test_the_purity_check_can_fail(tmp_path):
    # A test that cannot fail is worse than none: the same checker must catch each of these.
    path = tmp_path / "sample.py"
    path.write_text(
        "import os\nimport flask\nfrom sqlalchemy import select\nfrom .. import db\n"
        "from ..models import Claim\nfrom . import money\nfrom .heads import HEADS\n__import__('requests')\n"
    )
    assert _violations(path, "claims.rules") == [
        "sample.py:2: flask",
        "sample.py:3: sqlalchemy",
        "sample.py:4: claims",
        "sample.py:5: claims.models",
        "sample.py:8: __import__ (dynamic)",
    ]


def _forbid(*args, **kwargs):
    raise AssertionError(f"the rules opened a file while assessing: {args[:1]}")


def test_assess_opens_no_file(monkeypatch, incident, fair, as_paid):
    data = claim_of(
        "merchant",
        {"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 39000},
        {
            "kind": "lost_sales",
            "service": "kakaopay",
            "daily_sales": 100000,
            "business_hours": {"open": "18:00", "close": "03:00"},
            "closed_weekdays": [6],
        },
        {"kind": "ad_spend", "campaigns": [{"sent_at": "2022-10-16T10:00", "cost": 5000}]},
        {
            "kind": "out_of_pocket",
            "service": "melon",
            "incurred_at": "2022-10-16T10:00",
            "amount": 5000,
            "category": "other",
        },
        filed_at="2022-10-20T10:00",
    )
    claim = parse_claim(data, incident)
    for module, name in ((builtins, "open"), (io, "open"), (os, "open"), (io, "open_code")):
        monkeypatch.setattr(module, name, _forbid)
    for policy in (fair, as_paid):
        assessment = assess(claim, incident, policy)
        assess_many([claim, claim], incident, policy)
        explain(assessment, incident, "ko", policy)
    with pytest.raises(AssertionError, match="opened a file"):
        open(__file__)  # noqa: SIM115 - the patch is in force
