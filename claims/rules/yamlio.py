"""Reading the engine's YAML data files the same way everywhere (incidents, policies, test cases)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import DataFileError


class DataLoader(yaml.SafeLoader):
    """A SafeLoader that keeps times as text and never reads `10:00` as a number.

    YAML 1.1 turns `2022-10-15T15:30:00+09:00` into a datetime and `10:00` into 600 (base 60). The engine
    parses times itself (one rule for offsets and naive times) and business hours are written `10:00`,
    so both stay strings here.
    """


DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first, _resolvers in DataLoader.yaml_implicit_resolvers.items():
    # The stock int pattern ends with a base-60 alternative ("10:00" -> 600); drop it.
    _resolvers[:] = [(tag, regexp) for tag, regexp in _resolvers if tag != "tag:yaml.org,2002:int"]
DataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0[0-7_]+
        |[-+]?(?:0|[1-9][0-9_]*)
        |[-+]?0x[0-9a-fA-F_]+)$""",
        re.X,
    ),
    list("-+0123456789"),
)


def parse_yaml(text: str, source: str, error: type[DataFileError]):
    """Parse YAML text; a syntax error becomes `error` naming the source and the line."""
    try:
        return yaml.load(text, Loader=DataLoader)  # noqa: S506 - DataLoader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(syntax)"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(source, where, f"not valid YAML: {problem}") from None


def read_yaml_file(path: str | Path, error: type[DataFileError]):
    """Read and parse one YAML file; a missing or unreadable file becomes `error` naming it."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(source, "", "file not found") from None
    except IsADirectoryError:
        raise error(source, "", "is a directory, not a file") from None
    except UnicodeDecodeError:
        raise error(source, "", "not UTF-8 text") from None
    except OSError as exc:
        raise error(source, "", f"cannot be read ({exc.strerror or exc})") from None
    return parse_yaml(text, source, error)
