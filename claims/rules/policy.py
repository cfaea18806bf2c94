"""Policies: the parameters of every head of loss, each with its reference, loaded from YAML and checked.

The formulas' shapes live in `heads`; every number lives here. A head's `method` picks the shape, and
its `rate` is the share of the computed loss that is paid (POLICY calls it reimbursement, replacement
or margin rate): `rate: 0` switches the head off (NOT_COMPENSATED), and then the head needs no other
parameter.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .catalogue import CLAIMANT_TYPES, KINDS
from .errors import PolicyError
from .money import number_text, to_decimal
from .registry import Derived
from .yamlio import read_yaml_file

POLICY_DIR = Path(__file__).resolve().parent.parent / "data" / "policies"
DEFAULT_POLICY = "fair-2022"

# Parameter types: how a value is read and what it may be.
METHOD = "the name of a method"
FRACTION, DECIMAL, POSITIVE, MONEY_CAP, OPTIONAL_DECIMAL, TIERS = (
    "a number from 0 to 1",
    "a non-negative number",
    "a positive number",
    "a non-negative integer (KRW) or null for no cap",
    "a non-negative number or null",
    "a list of {up_to, amount} in increasing order",
)

# The methods of each head and their parameters (besides `method` and `rate`, which every head has), as
# each head of loss declares them (heads/<kind>.py).
METHODS = Derived(lambda heads: {kind: head.methods for kind, head in heads.items()})
_TOP_KEYS = ("id", "name", "description", "common", "heads", "claim_caps")
_ID = re.compile(r"[a-z0-9][a-z0-9.-]*")


@dataclass(frozen=True, slots=True)
class Parameter:
    """One policy parameter for display: `subscription.multiplier`, its value, where the value comes from,
    and what it is called in Korean and English (`{"ko": ..., "en": ...}`; empty if the file names none)."""

    path: str
    value: Any
    reference: str
    label: Mapping[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return _canonical_text(self.value)


@dataclass(frozen=True, slots=True)
class Head:
    kind: str
    method: str
    values: Mapping[str, Any]


@dataclass(frozen=True, eq=False)
class Policy:
    id: str
    name: Mapping[str, str]
    description: Mapping[str, str]
    partial_weight: Decimal
    heads: Mapping[str, Head]
    claim_caps: Mapping[str, int | None]
    references: Mapping[str, str]
    source: str = "<dict>"
    # Each parameter's name in Korean and English (`label` beside its reference in the YAML), by path; like
    # the references, not part of `params_hash`. Shipped policies label every parameter (a test checks).
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    params_hash: str = field(init=False)
    # Memo for the engine's per-policy constants (see engine.prepare); never part of the policy's identity.
    cache: dict = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        # The hash covers methods and values, not references: rewording where a value comes from does not
        # change any amount, so it must not make stored assessments look stale.
        canonical = json.dumps(
            {p.path: _canonical(p.value) for p in self.parameters()}, sort_keys=True, separators=(",", ":")
        )
        object.__setattr__(self, "params_hash", hashlib.sha256(canonical.encode()).hexdigest())

    def parameters(self) -> list[Parameter]:
        """Every parameter with its value and reference, in file order, for the published policy page."""
        # Paths are the file's keys without `heads.`: `subscription.multiplier`, `claim_caps.user`.
        values: dict[str, Any] = {"common.partial_weight": self.partial_weight}
        for kind, head in self.heads.items():
            values[f"{kind}.method"] = head.method
            values.update({f"{kind}.{name}": value for name, value in head.values.items()})
        values.update({f"claim_caps.{kind}": cap for kind, cap in self.claim_caps.items()})
        return [
            Parameter(path, value, self.references[path], self.labels.get(path, {}))
            for path, value in values.items()
        ]

    def rate(self, kind: str) -> Decimal:
        return self.heads[kind].values["rate"]


def _canonical(value: Any) -> Any:
    if isinstance(value, Decimal):
        return number_text(value)
    if isinstance(value, list | tuple):
        return [_canonical(entry) for entry in value]
    if isinstance(value, Mapping):
        return {key: _canonical(entry) for key, entry in value.items()}
    return value


def _canonical_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    if isinstance(value, int | Decimal):
        return number_text(value)
    return json.dumps(_canonical(value), ensure_ascii=False)


class _Checker:
    def __init__(self, source: str):
        self.source = source
        self.references: dict[str, str] = {}
        self.labels: dict[str, dict[str, str]] = {}

    def fail(self, key: str, problem: str):
        raise PolicyError(self.source, key, problem)

    def mapping(
        self, value: object, key: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> Mapping:
        if not isinstance(value, Mapping):
            self.fail(key or "(top level)", "is required" if value is None else "must be a mapping")
        prefix = f"{key}." if key else ""
        for name in value:
            if name not in allowed:
                self.fail(f"{prefix}{name}", "unknown key")
        for name in required:
            if name not in value:
                self.fail(f"{prefix}{name}", "is required")
        return value

    def texts(self, value: object, key: str) -> dict[str, str]:
        data = self.mapping(value, key, ("ko", "en"), ("ko", "en"))
        for lang, text in data.items():
            if not isinstance(text, str) or not text.strip():
                self.fail(f"{key}.{lang}", "must be a non-empty text")
        return dict(data)

    def parameter(self, value: object, key: str, kind: str) -> Any:
        """Read `{value, label, reference}`; the reference is one line saying where the value comes from,
        the label (optional) the parameter's name as `{ko: ..., en: ...}`."""
        data = self.mapping(value, key, ("value", "label", "reference"), ("value", "reference"))
        reference = data["reference"]
        if not isinstance(reference, str) or not reference.strip() or "\n" in reference.strip():
            self.fail(f"{key}.reference", "must be one line of text saying where the value comes from")
        self.references[key.removeprefix("heads.")] = reference.strip()
        if "label" in data:
            label = self.texts(data["label"], f"{key}.label")
            self.labels[key.removeprefix("heads.")] = {lang: text.strip() for lang, text in label.items()}
        return self.value(data["value"], f"{key}.value", kind)

    def value(self, raw: object, key: str, kind: str) -> Any:
        if raw is None and kind in (MONEY_CAP, OPTIONAL_DECIMAL):
            return None
        if kind == METHOD:
            if not isinstance(raw, str) or not raw:
                self.fail(key, f"must be {kind}")
            return raw
        if kind == TIERS:
            return self.tiers(raw, key)
        if kind == MONEY_CAP:
            if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
                self.fail(key, f"must be {kind}")
            return raw
        try:
            number = to_decimal(raw)
        except ValueError:
            self.fail(key, f"must be {kind}")
        if number < 0 or (kind == POSITIVE and number == 0) or (kind == FRACTION and number > 1):
            self.fail(key, f"must be {kind}")
        return number

    def tiers(self, raw: object, key: str) -> tuple[dict[str, int], ...]:
        if not isinstance(raw, list) or not raw:
            self.fail(key, f"must be {TIERS}")
        tiers, previous = [], -1
        for number, entry in enumerate(raw):
            here = f"{key}[{number}]"
            data = self.mapping(entry, here, ("up_to", "amount"), ("up_to", "amount"))
            up_to = self.value(data["up_to"], f"{here}.up_to", MONEY_CAP)
            amount = self.value(data["amount"], f"{here}.amount", MONEY_CAP)
            if up_to is None or amount is None or up_to <= previous:
                self.fail(here, f"must be {TIERS}")
            tiers.append({"up_to": up_to, "amount": amount})
            previous = up_to
        return tuple(tiers)

    def head(self, kind: str, value: object) -> Head:
        key = f"heads.{kind}"
        methods = METHODS[kind]
        data = self.mapping(value, key, ("method", "rate", *{p for m in methods.values() for p in m}))
        method = self.parameter(data.get("method"), f"{key}.method", METHOD) if "method" in data else None
        if method is None:
            self.fail(f"{key}.method", "is required")
        if method not in methods:
            self.fail(f"{key}.method.value", f"must be one of: {', '.join(methods)}")
        self.mapping(data, key, ("method", "rate", *methods[method]))
        values: dict[str, Any] = {"rate": self.parameter(data.get("rate"), f"{key}.rate", DECIMAL)}
        for name, kind_of_value in methods[method].items():
            # A head that pays nothing is not computed, so it need not carry its formula's parameters.
            if name in data or values["rate"] != 0:
                values[name] = self.parameter(data.get(name), f"{key}.{name}", kind_of_value)
        return Head(kind, method, values)


def policy_from_dict(data: object, source: str = "<dict>") -> Policy:
    """A Policy from the YAML structure, checked strictly: every problem names the key."""
    check = _Checker(source)
    data = check.mapping(data, "", _TOP_KEYS, _TOP_KEYS)
    policy_id = data["id"]
    if not isinstance(policy_id, str) or not _ID.fullmatch(policy_id):
        check.fail("id", "must be lower-case letters, digits, '-' and '.'")
    name = check.texts(data["name"], "name")
    description = check.texts(data["description"], "description")
    common = check.mapping(data["common"], "common", ("partial_weight",), ("partial_weight",))
    partial_weight = check.parameter(common["partial_weight"], "common.partial_weight", FRACTION)
    heads_data = check.mapping(data["heads"], "heads", KINDS, KINDS)
    heads = {kind: check.head(kind, heads_data[kind]) for kind in KINDS}
    caps_data = check.mapping(data["claim_caps"], "claim_caps", CLAIMANT_TYPES, CLAIMANT_TYPES)
    caps = {
        kind: check.parameter(caps_data[kind], f"claim_caps.{kind}", MONEY_CAP) for kind in CLAIMANT_TYPES
    }
    return Policy(
        id=policy_id,
        name=name,
        description=description,
        partial_weight=partial_weight,
        heads=heads,
        claim_caps=caps,
        references=check.references,
        source=source,
        labels=check.labels,
    )


def available_policies() -> list[str]:
    """Ids of the shipped policies (the YAML files in claims/data/policies)."""
    return sorted(path.stem for path in POLICY_DIR.glob("*.yaml"))


def load_policy(id_or_path: str | Path = DEFAULT_POLICY) -> Policy:
    """A shipped policy by id (`fair-2022`), or any policy file by path."""
    text = str(id_or_path)
    if isinstance(id_or_path, Path) or "/" in text or "\\" in text or text.endswith((".yaml", ".yml")):
        return policy_from_dict(read_yaml_file(id_or_path, PolicyError), text)
    if not _ID.fullmatch(text) or text not in available_policies():
        raise PolicyError(text, "", f"unknown policy id (available: {', '.join(available_policies())})")
    path = POLICY_DIR / f"{text}.yaml"
    policy = policy_from_dict(read_yaml_file(path, PolicyError), str(path))
    if policy.id != text:
        raise PolicyError(str(path), "id", f"must be the file name {text!r}")
    return policy
