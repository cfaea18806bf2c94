"""The heads of loss in force: the nine shipped ones (`claims/rules/heads/`) and any registered later.

Everything kind-related in the catalogue (`KINDS`, `ALLOWED_KINDS`, `KIND_FIELDS`, ...) is a live view
of this registry, so a head registered here (`register`) shows at once in the schema, the policy
loader, the engine, the forms, the displays and the letters.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

_HEADS: dict[str, Any] = {}
_state = {"version": 0, "loaded": False}


def heads() -> dict[str, Any]:
    """Every head of loss by kind, in declaration order (POLICY §4 for the shipped ones)."""
    if not _state["loaded"]:
        _state["loaded"] = True
        importlib.import_module("claims.rules.heads")
    return _HEADS


def head(kind: str) -> Any:
    return heads()[kind]


def claimed_amount(kind: str, inputs: Mapping[str, Any]) -> int:
    """What the claimant says an item cost them, in KRW, before any rule: the one definition, each head's
    own (`HeadOfLoss.claimed_amount`), used by filing, the demo and the queue alike."""
    return heads()[kind].claimed_amount(inputs)


def input_labels() -> dict[str, Any]:
    """Every input name (entries' fields included) with its label, first declaration first."""
    labels: dict[str, Any] = {}
    for declaration in heads().values():
        for entry in declaration.inputs:
            labels.setdefault(entry.name, entry.label)
            for field in entry.entries:
                labels.setdefault(field.name, field.label)
    return labels


def register(declaration: Any) -> None:
    """Add a head of loss (a `heads.declare.HeadOfLoss`); replaces one of the same kind."""
    _HEADS[declaration.kind] = declaration
    _state["version"] += 1


def unregister(kind: str) -> None:
    _HEADS.pop(kind, None)
    _state["version"] += 1


def version() -> int:
    return _state["version"]


class Derived(Mapping):
    """A read-only mapping computed from the registry, recomputed whenever a head is (un)registered."""

    def __init__(self, compute: Callable[[dict[str, Any]], dict]):
        self._compute = compute
        self._version = -1
        self._data: dict = {}

    def _current(self) -> dict:
        if self._version != _state["version"] or not _state["loaded"]:
            data = self._compute(heads())
            self._data, self._version = data, _state["version"]
        return self._data

    def __getitem__(self, key):
        return self._current()[key]

    def __iter__(self) -> Iterator:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())

    def __repr__(self) -> str:
        return repr(self._current())


class DerivedSequence(Sequence):
    """A read-only tuple computed from the registry (as `Derived`)."""

    def __init__(self, compute: Callable[[dict[str, Any]], tuple]):
        self._mapping = Derived(lambda found: {"value": tuple(compute(found))})

    def _current(self) -> tuple:
        return self._mapping["value"]

    def __getitem__(self, index):
        return self._current()[index]

    def __len__(self) -> int:
        return len(self._current())

    def __contains__(self, value) -> bool:
        return value in self._current()

    def __iter__(self):
        return iter(self._current())

    def __eq__(self, other) -> bool:
        return tuple(self._current()) == (tuple(other) if isinstance(other, Sequence) else other)

    def __hash__(self) -> int:
        return hash(self._current())

    def __repr__(self) -> str:
        return repr(self._current())
