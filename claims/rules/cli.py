"""The engine's command line: `python -m claims.rules quote|explain [FILE|-]` (POLICY §5).

Bad input of any kind exits with status 2 and one line on stderr naming the field or file, with nothing on
stdout; the command never shows a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .engine import assess
from .errors import RulesError
from .explain import explain
from .incident import load_incident
from .labels import LANGUAGES
from .policy import DEFAULT_POLICY, load_policy
from .schema import ClaimInputError, parse_claim

BAD_INPUT = 2
INTERNAL_ERROR = 70  # EX_SOFTWARE: a bug in the engine, still reported in one line


class UsageError(Exception):
    """Bad command-line usage; argparse would otherwise print a usage block and exit by itself."""


USAGE = "python -m claims.rules {quote,explain} [FILE|-] [--policy ID|PATH] [--incident PATH] [--lang ko|en]"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise UsageError(f"{message} (usage: {USAGE})")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m claims.rules", description="Assess an outage claim (JSON) under a policy."
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, summary in (
        ("quote", "print the assessment as JSON"),
        ("explain", "print the assessment as text a claimant can read"),
    ):
        command = commands.add_parser(name, help=summary, description=summary)
        command.add_argument(
            "file", nargs="?", default="-", metavar="FILE", help="claim JSON file; - or none: stdin"
        )
        command.add_argument(
            "--policy", default=DEFAULT_POLICY, metavar="ID|PATH", help=f"default {DEFAULT_POLICY}"
        )
        command.add_argument("--incident", default=None, metavar="PATH", help="default: the shipped incident")
        if name == "explain":
            command.add_argument("--lang", choices=LANGUAGES, default="ko", help="ko (default) or en")
    return parser


def _read_claim(name: str) -> object:
    source = "stdin" if name == "-" else name
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{source}: file not found") from None
    except IsADirectoryError:
        raise UsageError(f"{source}: is a directory, not a file") from None
    except OSError as exc:
        raise UsageError(f"{source}: cannot be read ({exc.strerror or exc})") from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UsageError(f"{source}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{source}: not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise UsageError(f"{source}: not valid JSON (nested too deeply)") from None


def _run(argv: list[str] | None) -> str:
    args = _parser().parse_args(argv)
    incident = load_incident(args.incident)
    policy = load_policy(args.policy)
    data = _read_claim(args.file)
    claim = parse_claim(data, incident)
    assessment = assess(claim, incident, policy)
    if args.command == "quote":
        return json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return explain(assessment, incident, args.lang, policy)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def main(argv: list[str] | None = None) -> int:
    try:
        output = _run(argv)
    except ClaimInputError as exc:
        # Every problem, on one line: the first names the field as POLICY §5 shows.
        message = "; ".join(str(error) for error in exc.errors)
    except (UsageError, RulesError) as exc:
        message = str(exc)
    except Exception as exc:  # noqa: BLE001 - the command promises one line, never a traceback
        print(f"internal error: {type(exc).__name__}: {_one_line(exc)}", file=sys.stderr)
        return INTERNAL_ERROR
    else:
        sys.stdout.buffer.write(output.encode("utf-8"))
        sys.stdout.flush()
        return 0
    print(_one_line(message), file=sys.stderr)
    return BAD_INPUT
