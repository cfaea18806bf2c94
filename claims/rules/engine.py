"""The engine: `assess(claim, incident, policy)` applies the claim-level rules and each head of loss."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import localcontext
from typing import Any

from . import registry
from .catalogue import (
    ALLOWED_KINDS,
    CAPPED,
    CLAIM_CAPPED,
    KIND_FIELDS,
    KINDS,
    LATE_FILING,
    MANUAL_REVIEW,
    NOT_ALLOWED_FOR_TYPE,
    NOT_COMPENSATED,
)
from .claim import Claim
from .gcpause import cyclic_gc_paused
from .heads import HEADS, HeadParams
from .incident import Incident
from .instants import iso
from .money import CONTEXT
from .policy import Policy
from .schema import UNKNOWN_SERVICE, ClaimInputError, FieldError

# Kinds whose service the claimant chooses (and which must therefore exist in the incident).
_CHOSEN_SERVICE = frozenset(kind for kind, fields in KIND_FIELDS.items() if "service" in fields)


@dataclass(frozen=True, slots=True)
class Line:
    """The outcome of one item: its amount in KRW, its code, and the trace of what produced the amount."""

    index: int
    kind: str
    service: str | None
    amount: int
    code: str
    trace: Mapping[str, str]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Line:
        """A line back from its JSON form (`to_dict`), e.g. as stored in an assessment snapshot."""
        return cls(
            data["index"],
            data["kind"],
            data.get("service"),
            data["amount"],
            data["code"],
            data.get("trace") or {},
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "service": self.service,
            "amount": self.amount,
            "code": self.code,
            "trace": dict(self.trace),
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the rules say about one claim. `to_dict()` is the JSON of POLICY §5; the other attributes
    (claimant type, the sum of the lines before the claim cap, the cap, the policy's parameter hash) are
    for letters and snapshots."""

    incident: str
    policy: str
    eligible: bool
    total: int
    flags: tuple[str, ...]
    lines: tuple[Line, ...]
    claimant_type: str = ""
    subtotal: int = 0
    claim_cap: int | None = field(default=None)
    params_hash: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "incident": self.incident,
            "policy": self.policy,
            "eligible": self.eligible,
            "total": self.total,
            "flags": list(self.flags),
            "lines": [line.to_dict() for line in self.lines],
        }


def _prepared(policy: Policy, traced: bool = True) -> dict[str, Any]:
    """Per kind: the head's formula, its parameters with their trace text, and whether it pays nothing;
    and under "allowed", the kinds open to each claimant type. Kept on the policy until a head of loss
    is registered or removed. `traced` False: the parameters of the totals-only mode."""
    cache_key = "heads" if traced else "heads-totals"
    prepared = policy.cache.get(cache_key)
    if prepared is None or prepared["version"] != registry.version():
        prepared = {
            kind: (HEADS[kind], HeadParams.of(head, policy.partial_weight, traced), head.values["rate"] == 0)
            for kind, head in policy.heads.items()
        }
        prepared["allowed"] = {
            claimant_type: frozenset(kinds) for claimant_type, kinds in ALLOWED_KINDS.items()
        }
        prepared["version"] = registry.version()
        policy.cache[cache_key] = prepared
    return prepared


def _check_services(claim: Claim, incident: Incident) -> None:
    services = incident.services
    for item in claim.items:
        if item.service not in services and item.kind in _CHOSEN_SERVICE:
            raise ClaimInputError(
                [
                    FieldError(f"items[{index}].service", UNKNOWN_SERVICE, UNKNOWN_SERVICE)
                    for index, item in enumerate(claim.items)
                    if item.kind in _CHOSEN_SERVICE and item.service not in services
                ]
            )


def _late(claim: Claim, incident: Incident) -> bool:
    return (
        incident.closes_at_epoch is not None
        and claim.filed_at is not None
        and claim.filed_epoch >= incident.closes_at_epoch
    )


def _assess(claim: Claim, incident: Incident, policy: Policy, prepared: dict) -> Assessment:
    _check_services(claim, incident)
    claimant_type = claim.claimant_type
    # Rule 1: a claim filed at or after the close of the claims window is not eligible. A claim without
    # filed_at (a quote, a draft) is taken as filed in time. Filing before `opens_at` is not a rule of the
    # policy: the portal simply does not accept claims then, so the engine does not refuse them.
    late = _late(claim, incident)
    if late:
        late_trace = {
            "filed_at": iso(claim.filed_at, incident.zone),
            "closes_at": iso(incident.closes_at, incident.zone),
        }
    allowed = prepared["allowed"][claimant_type]
    lines = []
    subtotal = 0
    review = False
    for index, item in enumerate(claim.items):
        kind = item.kind
        # Rules 1, 2 and 3, in that order, before the head's own rule (POLICY §3.6).
        if late:
            amount, code, trace = 0, LATE_FILING, dict(late_trace)
        elif kind not in allowed:
            amount, code, trace = 0, NOT_ALLOWED_FOR_TYPE, {"claimant_type": claimant_type}
        else:
            head, params, pays_nothing = prepared[kind]
            if pays_nothing:
                amount, code, trace = 0, NOT_COMPENSATED, {"rate": params.text["rate"]}
            else:
                amount, code, trace, needs_review = head(item, incident, params)
                if needs_review or code == CAPPED:
                    review = True
        lines.append(Line(index, kind, item.service, amount, code, trace))
        subtotal += amount
    flags = []
    total = subtotal
    cap = policy.claim_caps[claimant_type]
    # The claim cap reduces the total only: each line keeps what its own rule gives, so the letter can
    # show both. CLAIM_CAPPED is a flag of its own; POLICY §3.4 does not make it raise MANUAL_REVIEW.
    if cap is not None and subtotal > cap:
        total = cap
        flags.append(CLAIM_CAPPED)
    if review:
        flags.append(MANUAL_REVIEW)
    # Flags are already sorted: CLAIM_CAPPED < MANUAL_REVIEW.
    return Assessment(
        incident.id,
        policy.id,
        not late,
        total,
        tuple(flags),
        tuple(lines),
        claimant_type,
        subtotal,
        cap,
        policy.params_hash,
    )


def assess(claim: Claim, incident: Incident, policy: Policy) -> Assessment:
    """Assess one claim. Pure: reads only its arguments; raises ClaimInputError for an unknown service."""
    with localcontext(CONTEXT):
        return _assess(claim, incident, policy, _prepared(policy))


def assess_many(claims: Iterable[Claim], incident: Incident, policy: Policy) -> list[Assessment]:
    """Assess many claims under one incident and policy (policy comparison, reassessment)."""
    with cyclic_gc_paused(), localcontext(CONTEXT):
        prepared = _prepared(policy)
        return [_assess(claim, incident, policy, prepared) for claim in claims]


@dataclass(frozen=True, slots=True)
class Totals:
    """Totals only, no trace: what whole-population work (policy comparison, impact preview) reads.

    `totals[i]` is `assess(claims[i], ...).total` and `heads[kind]` the sum of the amounts of all the
    lines of that kind, exactly as `assess_many` gives them; nothing else (no lines, flags or traces) is
    kept, so nothing per claim is allocated but one integer."""

    totals: list[int]
    heads: dict[str, int]


def assess_totals_many(claims: Iterable[Claim], incident: Incident, policy: Policy) -> Totals:
    """`assess_many` reduced to each claim's total and the sum per head of loss.

    The same rules in the same order as `_assess` (rules 1–3, a head that pays nothing, the head's own
    formula, the claim cap), calling the same head formulas; only the lines, flags and assessments are not
    built, and the formulas skip their traces (`HeadParams.traced` is False).
    tests/rules/test_assess_totals.py checks it against `assess_many` over a generated population.
    """
    return assess_totals_each(claims, incident, (policy,))[0]


def assess_totals_each(
    claims: Iterable[Claim], incident: Incident, policies: Sequence[Policy]
) -> list[Totals]:
    """`assess_totals_many` under each of `policies`, in one pass over `claims`: so that a caller can
    stream the claims (parse one, assess it, drop it) instead of keeping the whole population alive."""
    with cyclic_gc_paused(), localcontext(CONTEXT):
        runs = []
        for policy in policies:
            prepared = _prepared(policy, traced=False)
            # Per kind: (formula, params) when the head pays, None when it pays nothing.
            payers = {
                kind: None if nothing else (head, params)
                for kind, (head, params, nothing) in ((kind, prepared[kind]) for kind in policy.heads)
            }
            runs.append((prepared["allowed"], policy.claim_caps, payers, dict.fromkeys(KINDS, 0), []))
        for claim in claims:
            _check_services(claim, incident)
            claimant_type = claim.claimant_type
            # Rule 1 (late filing) makes every line 0.
            late = _late(claim, incident)
            for allowed_by_type, caps, payers, sums, totals in runs:
                subtotal = 0
                if not late:
                    allowed = allowed_by_type[claimant_type]
                    for item in claim.items:
                        kind = item.kind
                        # Rule 2 (a kind not open to the claimant type) and a head that pays nothing give 0.
                        if kind in allowed:
                            payer = payers[kind]
                            if payer is not None:
                                amount = payer[0](item, incident, payer[1])[0]
                                if amount:
                                    sums[kind] += amount
                                    subtotal += amount
                cap = caps[claimant_type]
                totals.append(cap if cap is not None and subtotal > cap else subtotal)
        return [Totals(totals, sums) for _allowed, _caps, _payers, sums, totals in runs]
