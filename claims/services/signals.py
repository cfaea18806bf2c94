"""Signals for reviewers: possible duplicates, events outside every window, amounts far above the median."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from claims.models import Claim, ClaimItem

POSSIBLE_DUPLICATE = "POSSIBLE_DUPLICATE"
OUTSIDE_WINDOWS = "OUTSIDE_WINDOWS"
HIGH_AMOUNT = "HIGH_AMOUNT"
SIGNALS = (POSSIBLE_DUPLICATE, OUTSIDE_WINDOWS, HIGH_AMOUNT)

# The fields that identify a person or a payee across claims; a match on any of them is worth a look.
IDENTITY_FIELDS = ("contact_phone", "contact_email", "payout_account", "vehicle_number", "business_number")
# "Far above the median": five times it, on a population large enough for a median to mean something.
HIGH_FACTOR = 5
MIN_POPULATION = 20
MIN_HIGH_AMOUNT = 50_000
MEDIAN_TTL_SECONDS = 600
DUPLICATE_LIMIT = 20
NO_OVERLAP = "NO_OVERLAP"

_medians: dict[tuple[str, str, str], tuple[float, int | None]] = {}


@dataclass(frozen=True)
class Match:
    """Another claim that shares one identifying value with this one."""

    claim_id: int
    reference: str
    field: str
    value: str


@dataclass(frozen=True)
class Signal:
    code: str
    lines: tuple[int, ...] = ()
    matches: tuple[Match, ...] = ()
    detail: dict = field(default_factory=dict)


def duplicates(session: Session, claim: Claim) -> list[Match]:
    """Other filed claims that share a phone, e-mail, payout account, vehicle or business number."""
    values = {name: (getattr(claim, name) or "").strip() for name in IDENTITY_FIELDS}
    conditions = [getattr(Claim, name) == value for name, value in values.items() if value]
    if not conditions:
        return []
    query = (
        select(Claim.id, Claim.reference, *(getattr(Claim, name) for name in IDENTITY_FIELDS))
        .where(or_(*conditions), Claim.status.not_in(("draft", "withdrawn")))
        .order_by(Claim.id)
        .limit(DUPLICATE_LIMIT)
    )
    if claim.id is not None:
        query = query.where(Claim.id != claim.id)
    matches = []
    for row in session.execute(query):
        for name in IDENTITY_FIELDS:
            if values[name] and getattr(row, name) == values[name]:
                matches.append(Match(row.id, row.reference, name, values[name]))
    return matches


def median_line_amount(session: Session, claimant_type: str, kind: str) -> int | None:
    """The median computed amount of the paying lines of this head for this claimant type (cached a while)."""
    key = (str(session.get_bind().url), claimant_type, kind)
    cached = _medians.get(key)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    population = (
        select(ClaimItem.amount_computed)
        .join(Claim, Claim.id == ClaimItem.claim_id)
        .where(
            Claim.claimant_type == claimant_type,
            ClaimItem.kind == kind,
            ClaimItem.amount_computed > 0,
            Claim.status != "draft",
        )
    )
    count = session.scalar(select(func.count()).select_from(population.subquery())) or 0
    median = None
    if count >= MIN_POPULATION:
        median = session.scalar(population.order_by(ClaimItem.amount_computed).offset(count // 2).limit(1))
    _medians[key] = (time.monotonic() + MEDIAN_TTL_SECONDS, median)
    return median


def forget_medians() -> None:
    _medians.clear()


def detect(session: Session, claim: Claim) -> list[Signal]:
    """Every signal that applies to the claim as it is now (reads its latest assessment)."""
    found: list[Signal] = []
    matches = duplicates(session, claim)
    if matches:
        found.append(Signal(POSSIBLE_DUPLICATE, matches=tuple(matches)))
    assessment = claim.latest_assessment
    lines = assessment.lines if assessment else []
    outside = tuple(line["index"] for line in lines if line.get("code") == NO_OVERLAP)
    if outside:
        found.append(Signal(OUTSIDE_WINDOWS, lines=outside))
    high, medians = [], {}
    for line in lines:
        amount = int(line.get("amount") or 0)
        if amount < MIN_HIGH_AMOUNT:
            continue
        median = median_line_amount(session, claim.claimant_type, line["kind"])
        if median and amount > HIGH_FACTOR * median:
            high.append(line["index"])
            medians[str(line["index"])] = median
    if high:
        found.append(Signal(HIGH_AMOUNT, lines=tuple(high), detail={"medians": medians}))
    return found


def copy_line_amounts(claim: Claim) -> None:
    """Copy the latest assessment's line amounts onto the items (what the medians are taken over)."""
    assessment = claim.latest_assessment
    if assessment is None:
        return
    amounts = {line["index"]: int(line.get("amount") or 0) for line in assessment.lines}
    for position, item in enumerate(claim.items):
        item.amount_computed = amounts.get(position, 0)
