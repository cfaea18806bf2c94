"""The command line as anyone would use it: files, stdin, options, Korean and English explanations, and
bad input of every kind answered by exit status 2 and one line on stderr that names the field."""

from __future__ import annotations

import json

import pytest
from rules_support import ROOT, claim_of, run_cli

from claims.rules.policy import POLICY_DIR

TAXI = {"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 39000}
GOOD = json.dumps(claim_of("taxi_driver", TAXI))


def test_quote_from_a_file_and_from_stdin(tmp_path):
    path = tmp_path / "claim.json"
    path.write_text(GOOD, encoding="utf-8")
    from_file = run_cli("quote", str(path))
    from_dash = run_cli("quote", "-", stdin=GOOD)
    assert from_file.returncode == from_dash.returncode == 0
    assert json.loads(from_file.stdout) == json.loads(from_dash.stdout)
    assert json.loads(from_file.stdout)["total"] == 11790


def test_policy_and_incident_by_path(tmp_path):
    result = run_cli(
        "quote",
        "--policy",
        str(POLICY_DIR / "as-paid-2022.yaml"),
        "--incident",
        str(ROOT / "claims/data/incident-pangyo-2022-10-15.yaml"),
        stdin=GOOD,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 7550


def test_explain_in_korean_by_default_and_in_english():
    korean = run_cli("explain", stdin=GOOD)
    assert korean.returncode == 0 and korean.stderr == b""
    text = korean.stdout.decode("utf-8")
    assert "카카오T 택시 장애 22시간 30분 × 10 × 39,000원 / 744시간 = 11,790원" in text
    assert "합계: 11,790원" in text
    english = run_cli("explain", "--lang", "en", "-", stdin=GOOD).stdout.decode("utf-8")
    assert "22.5 hours of Kakao T taxi downtime × 10 × 39,000 KRW / 744 hours = 11,790 KRW" in english
    assert "Total: 11,790 KRW" in english


def _bad(*items, claimant_type="taxi_driver", **top):
    return json.dumps({"claimant_type": claimant_type, "items": list(items), **top})


BAD_INPUT = [
    (
        "unknown-claimant-type",
        ["quote"],
        _bad(TAXI, claimant_type="pilot"),
        "claimant_type: is not one of: user",
    ),
    ("unknown-kind", ["quote"], _bad({"kind": "sadness"}), "items[0].kind: is not one of: subscription"),
    ("unknown-service", ["quote"], _bad({**TAXI, "service": "kakao_x"}), "items[0].service: unknown service"),
    (
        "missing-amount",
        ["quote"],
        _bad({"kind": "subscription", "service": "melon"}),
        "items[0].monthly_fee: is required",
    ),
    (
        "negative-amount",
        ["quote"],
        _bad(
            TAXI,
            {
                "kind": "unpaid_fares",
                "rides": [{"started_at": "2022-10-15T15:15", "ended_at": "2022-10-15T15:40", "fare": -6500}],
            },
        ),
        "items[1].rides[0].fare: must be a non-negative integer",
    ),
    (
        "end-before-start",
        ["quote"],
        _bad(
            {
                "kind": "lost_income",
                "service": "kakao_t_taxi",
                "hourly_income": 1,
                "shifts": [["2022-10-15T20:00", "2022-10-15T12:00"]],
            }
        ),
        "items[0].shifts[0]: must end after it starts",
    ),
    (
        "malformed-time",
        ["explain"],
        _bad(TAXI, filed_at="15/10/2022"),
        "filed_at: must be a date and time such as 2022-10-15T15:30 (KST)",
    ),
    ("not-json", ["quote"], "{claimant_type: user}", "stdin: not valid JSON (line 1 column 2"),
    ("not-an-object", ["quote"], "[]", "claim: must be an object"),
    ("not-utf8", ["quote"], b"\xff\xfe{}", "stdin: not UTF-8 text"),
    ("empty-input", ["quote"], "", "stdin: not valid JSON"),
    ("file-not-found", ["quote", "no-such-claim.json"], GOOD, "no-such-claim.json: file not found"),
    ("unknown-policy", ["quote", "--policy", "fair-2023"], GOOD, "fair-2023: unknown policy id (available:"),
    (
        "missing-policy-file",
        ["quote", "--policy", "nowhere/policy.yaml"],
        GOOD,
        "nowhere/policy.yaml: file not found",
    ),
    ("missing-incident", ["explain", "--incident", "nowhere.yaml"], GOOD, "nowhere.yaml: file not found"),
    ("unknown-language", ["explain", "--lang", "fr"], GOOD, "argument --lang: invalid choice: 'fr'"),
    ("no-command", [], GOOD, "required: command"),
]


@pytest.mark.parametrize("args, stdin, message", [pytest.param(a, s, m, id=n) for n, a, s, m in BAD_INPUT])
def test_bad_input_exits_2_with_one_line(args, stdin, message):
    result = run_cli(*args, stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == b""
    err = result.stderr.decode("utf-8")
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert message in err
    assert "Traceback" not in err


def test_a_malformed_policy_file_exits_2(tmp_path):
    path = tmp_path / "policy.yaml"
    text = (POLICY_DIR / "fair-2022.yaml").read_text(encoding="utf-8").replace("value: 31,", "value: thirty,")
    path.write_text(text, encoding="utf-8")
    result = run_cli("quote", "--policy", str(path), stdin=GOOD)
    assert result.returncode == 2 and result.stdout == b""
    assert (
        result.stderr.decode().strip()
        == f"{path}: heads.subscription.month_days.value: must be a positive number"
    )


def test_every_error_is_on_the_one_line():
    result = run_cli("quote", stdin=_bad({**TAXI, "monthly_fee": -1}, {"kind": "voucher"}, claimant_type="x"))
    line = result.stderr.decode().strip()
    assert line.startswith("claimant_type: is not one of:")
    assert "items[0].monthly_fee: must be a non-negative integer" in line
    assert "items[1].face_value: is required" in line
