"""Fixtures for the rules engine's tests: the shipped incident and policies, and a synthetic incident."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for path in (HERE.parents[1], HERE):
    # The project root (for `claims`) and this folder (for `rules_support`), whatever pytest's import mode.
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from rules_support import SYNTHETIC  # noqa: E402

from claims.rules import incident_from_dict, load_incident, load_policy  # noqa: E402


@pytest.fixture(scope="session")
def incident():
    return load_incident()


@pytest.fixture(scope="session")
def synthetic():
    return incident_from_dict(SYNTHETIC, source="synthetic")


@pytest.fixture(scope="session")
def fair():
    return load_policy("fair-2022")


@pytest.fixture(scope="session")
def as_paid():
    return load_policy("as-paid-2022")


@pytest.fixture(scope="session")
def policies(fair, as_paid):
    return {"fair-2022": fair, "as-paid-2022": as_paid}
