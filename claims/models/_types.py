"""Column helpers shared by the models: enumerations as checked strings."""

from __future__ import annotations

from sqlalchemy import CheckConstraint


def one_of(column: str, values: tuple[str, ...], name: str | None = None) -> CheckConstraint:
    """A check constraint that keeps a string column inside its enumeration."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name or f"{column}_valid")
