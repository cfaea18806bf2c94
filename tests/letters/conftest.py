"""Fixtures for the decision-letter tests: rendered Korean and English letters, shared per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for path in (HERE.parents[1], HERE):
    # The project root (for `claims`) and this folder (for `letters_support`), whatever pytest's import mode.
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from letters_support import make_letter  # noqa: E402

from claims.letters import render_letter  # noqa: E402


@pytest.fixture(scope="session")
def ko_letter() -> bytes:
    return render_letter(make_letter("ko"))


@pytest.fixture(scope="session")
def en_letter() -> bytes:
    return render_letter(make_letter("en"))
