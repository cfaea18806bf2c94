"""Helpers for the rules engine's tests: a synthetic incident with windows chosen for boundaries, claim
builders, and running the command line the way anyone would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from claims.rules import DEFAULT_INCIDENT, assess, incident_from_dict, parse_claim
from claims.rules.errors import IncidentError
from claims.rules.yamlio import read_yaml_file

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = Path(__file__).resolve().parent / "cases"

# A small incident whose windows sit on round instants, so that boundary cases read plainly.
SYNTHETIC = {
    "id": "synthetic",
    "name": {"ko": "시험용 장애", "en": "Test outage"},
    "timezone": "Asia/Seoul",
    "claims": {"opens_at": "2022-10-19T00:00", "closes_at": "2022-11-02T00:00"},
    "services": {
        "two_hours": {
            "name": {"ko": "두 시간", "en": "Two hours"},
            "windows": [
                {"start": "2022-10-15T12:00", "end": "2022-10-15T14:00", "level": "full"},
            ],
        },
        "just_short": {
            "name": {"ko": "조금 짧음", "en": "Just short"},
            "windows": [
                {"start": "2022-10-15T12:00", "end": "2022-10-15T13:59:59", "level": "full"},
            ],
        },
        "touching": {
            "name": {"ko": "맞닿음", "en": "Touching"},
            "windows": [
                {"start": "2022-10-15T12:00", "end": "2022-10-15T13:00", "level": "full"},
                {"start": "2022-10-15T13:00", "end": "2022-10-15T14:00", "level": "full"},
            ],
        },
        "gapped": {
            "name": {"ko": "끊김", "en": "Gapped"},
            "windows": [
                {"start": "2022-10-15T12:00", "end": "2022-10-15T13:30", "level": "full"},
                {"start": "2022-10-15T13:30", "end": "2022-10-15T14:00", "level": "partial"},
                {"start": "2022-10-15T14:00", "end": "2022-10-15T15:30", "level": "full"},
            ],
        },
        "degraded": {
            "name": {"ko": "부분 장애", "en": "Degraded"},
            "windows": [
                {"start": "2022-10-15T12:00", "end": "2022-10-15T20:00", "level": "partial"},
            ],
        },
        "untouched": {"name": {"ko": "장애 없음", "en": "Untouched"}, "windows": []},
    },
}


def shipped_data() -> dict:
    """The shipped incident file as a dict, to derive variants from."""
    return read_yaml_file(DEFAULT_INCIDENT, IncidentError)


def shipped_incident(closes_at: str | None = None):
    data = shipped_data()
    data["claims"]["closes_at"] = closes_at
    return incident_from_dict(data, source="shipped variant")


def claim_of(claimant_type: str, *items: dict, filed_at: str | None = None) -> dict:
    data = {"claimant_type": claimant_type, "items": list(items)}
    if filed_at is not None:
        data["filed_at"] = filed_at
    return data


def quote(data: dict, incident, policy):
    """Parse and assess claim JSON (as the command line does)."""
    return assess(parse_claim(data, incident), incident, policy)


def run_cli(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    """Run `python -m claims.rules ...` from the project root, as anyone would."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "claims.rules", *args],
        input=data if data is not None else b"",
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def cli_json(*args: str, claim: dict) -> dict:
    result = run_cli(*args, stdin=json.dumps(claim))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    return json.loads(result.stdout)
