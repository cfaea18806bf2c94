"""claims.letters is pure: ReportLab, segno, fontTools, pyHanko (with the cryptography libraries it is built
on) and the standard library only, no Flask, database or other app module."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "claims" / "letters"
ALLOWED_THIRD_PARTY = {
    "reportlab",
    "PIL",
    "segno",
    "fontTools",
    "deflate",  # libdeflate: the font subsets' compression (claims/letters/subset.py)
    "pyhanko",
    # pyHanko's own foundations: its validator, its ASN.1 library and the key handling it signs with.
    "pyhanko_certvalidator",
    "asn1crypto",
    "cryptography",
}
FORBIDDEN = {
    "flask",
    "flask_babel",
    "flask_login",
    "flask_wtf",
    "sqlalchemy",
    "alembic",
    "jinja2",
    "werkzeug",
}


def _imports(path: Path, package: str = "claims.letters") -> list[tuple[str, int]]:
    """(absolute module name, line) of every import in a module of package; relative imports are resolved."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                module = f"{base}.{module}" if module else base
            found.append((module, node.lineno))
    return found


def _package_of(path: Path) -> str:
    relative = path.parent.relative_to(PACKAGE.parents[1])
    return ".".join(relative.parts)


def test_letters_imports_only_its_libraries_and_the_standard_library():
    files = sorted(PACKAGE.rglob("*.py"))
    assert files, "claims/letters has no modules"
    problems = []
    for path in files:
        for module, line in _imports(path, _package_of(path)):
            top = module.split(".")[0]
            where = f"{path.relative_to(PACKAGE.parents[1])}:{line} imports {module}"
            if top in FORBIDDEN:
                problems.append(where)
            elif top == "claims":
                if not (module == "claims.letters" or module.startswith("claims.letters.")):
                    problems.append(where)
            elif (
                top not in sys.stdlib_module_names and top not in ALLOWED_THIRD_PARTY and top != "__future__"
            ):
                problems.append(where)
    assert not problems, "claims.letters must stay pure:\n" + "\n".join(problems)


def test_the_check_catches_an_app_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import flask\nfrom claims.db import Base\nfrom ..rules import assess\nfrom . import model\n"
    )
    modules = [module for module, _ in _imports(bad)]
    assert modules == ["flask", "claims.db", "claims.rules", "claims.letters"]
