"""The claim population as the rules engine reads it, read with two lean queries (column tuples, no ORM
objects): what an impact preview, a policy comparison and a reassessment run over.

Filed claims only (drafts are recomputed as their claimant types; withdrawn claims are out of the programme).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims import rules
from claims.models import Claim, ClaimItem
from claims.models.claim import DECIDED_STATUSES, ClaimStatus
from claims.rules.catalogue import FARE_SERVICES, FIXED_SERVICE

# Filed and not decided: reassessed when the windows or the policy change.
OPEN_STATUSES = (ClaimStatus.SUBMITTED, ClaimStatus.IN_REVIEW, ClaimStatus.NEEDS_INFO)
FILED_STATUSES = tuple(OPEN_STATUSES) + tuple(sorted(DECIDED_STATUSES))
# Kinds whose service is not stored with the item, by the services they depend on.
_KINDS_OF_FIXED_SERVICE: dict[str, tuple[str, ...]] = {}
for _kind, _service in FIXED_SERVICE.items():
    _KINDS_OF_FIXED_SERVICE.setdefault(_service, ())
    _KINDS_OF_FIXED_SERVICE[_service] += (_kind,)
for _service in FARE_SERVICES:
    _KINDS_OF_FIXED_SERVICE[_service] = (*_KINDS_OF_FIXED_SERVICE.get(_service, ()), "unpaid_fares")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while a population is read, assessed and summed up.

    Hundreds of thousands of small records stay alive at once and none of them forms a cycle; yet every
    allocation counts towards the collector's thresholds, and each full pass re-scans them all (seconds
    over 100,000 claims). Memory is still freed by reference counting; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class Population:
    """Parallel lists, one entry per claim, in claim id order."""

    ids: list[int] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    claimant_ids: list[int] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    policy_ids: list[str] = field(default_factory=list)
    computed: list[int] = field(default_factory=list)
    claims: list[rules.Claim] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def decided(self, i: int) -> bool:
        return self.statuses[i] in DECIDED_STATUSES


def needs_filed_at(incident) -> bool:
    """Whether the engine reads claims' filing times for this incident (the late-filing rule)."""
    return incident.closes_at is not None


def claim_ids_touching(session: Session, incident_id: str, services: Iterable[str]) -> set[int]:
    """Ids of the claims with an item that depends on one of these services."""
    services = set(services)
    if not services:
        return set()
    kinds = {kind for service in services for kind in _KINDS_OF_FIXED_SERVICE.get(service, ())}
    condition = ClaimItem.service.in_(services)
    if kinds:
        condition = condition | ClaimItem.kind.in_(kinds)
    query = (
        select(ClaimItem.claim_id)
        .join(Claim, Claim.id == ClaimItem.claim_id)
        .where(Claim.incident_id == incident_id, Claim.status.in_(FILED_STATUSES), condition)
        .distinct()
    )
    return set(session.scalars(query))


# On PostgreSQL one row per claim, with its items' kinds and stored input texts joined by the database
# (string_agg, no JSON work on the server), so that Python makes one json.loads per claim instead of
# decoding a value and merging a dictionary per item. The rows are streamed (a server-side cursor), so the
# database scans while Python parses.
_PG_LOAD = """
SELECT c.id, c.reference, c.claimant_id, c.claimant_type, c.status, c.policy_id, c.amount_computed,
       to_json(c.filed_at) #>> '{{}}', it.kinds, it.inputs
  FROM claims c
  LEFT JOIN (
    SELECT i.claim_id, string_agg(i.kind, ',' ORDER BY i.position) AS kinds,
           string_agg(i.inputs::text, ',' ORDER BY i.position) AS inputs
      FROM claim_items i {items_only}
     GROUP BY i.claim_id
  ) it ON it.claim_id = c.id
 WHERE c.incident_id = %(incident)s AND c.status = ANY(%(statuses)s) {only}
 ORDER BY c.id
"""
STREAM_ROWS = 5000


def _rows_postgres(session: Session, incident_id: str, statuses: list[str], only_ids) -> Iterator[tuple]:
    params = {"incident": incident_id, "statuses": statuses}
    only = items_only = ""
    if only_ids is not None:
        params["ids"] = sorted(only_ids)
        only, items_only = "AND c.id = ANY(%(ids)s)", "WHERE i.claim_id = ANY(%(ids)s)"
    connection = session.connection()
    # A plain scan: compiling it (JIT) costs more than it saves.
    connection.exec_driver_sql("SET LOCAL jit = off")
    result = connection.exec_driver_sql(
        _PG_LOAD.format(only=only, items_only=items_only),
        params,
        execution_options={"stream_results": True, "max_row_buffer": STREAM_ROWS},
    )
    loads = json.loads
    for *head, filed_at, kinds, inputs in result:
        items = loads(f"[{inputs}]") if inputs else []
        for item, kind in zip(items, kinds.split(",") if kinds else (), strict=True):
            item["kind"] = kind
        yield (*head, {"claimant_type": head[3], "filed_at": filed_at, "items": items})


def _rows_portable(session: Session, incident_id: str, statuses: list[str], only_ids) -> Iterator[tuple]:
    claims, items = Claim.__table__.c, ClaimItem.__table__.c
    claim_query = (
        select(
            claims.id,
            claims.reference,
            claims.claimant_id,
            claims.claimant_type,
            claims.status,
            claims.policy_id,
            claims.amount_computed,
            claims.filed_at,
        )
        .where(claims.incident_id == incident_id, claims.status.in_(statuses))
        .order_by(claims.id)
    )
    item_query = (
        select(items.claim_id, items.kind, items.inputs)
        .join(Claim.__table__, claims.id == items.claim_id)
        .where(claims.incident_id == incident_id, claims.status.in_(statuses))
        .order_by(items.claim_id, items.position)
    )
    # `only_ids` is filtered here, not with IN (…): so many ids would exceed SQLite's bound-variable limit.
    by_claim: dict[int, list[dict]] = {}
    for claim_id, kind, inputs in session.connection().execute(item_query):
        if only_ids is not None and claim_id not in only_ids:
            continue
        entry = dict(inputs)
        entry["kind"] = kind
        by_claim.setdefault(claim_id, []).append(entry)
    for (
        claim_id,
        reference,
        claimant_id,
        ctype,
        status,
        policy_id,
        computed,
        filed_at,
    ) in session.connection().execute(claim_query):
        if only_ids is not None and claim_id not in only_ids:
            continue
        payload = {
            "claimant_type": ctype,
            "filed_at": filed_at.isoformat() if filed_at else None,
            "items": by_claim.get(claim_id, []),
        }
        yield claim_id, reference, claimant_id, ctype, status, policy_id, computed, payload


def load(
    session: Session,
    incident_id: str,
    statuses: Iterable[str] = FILED_STATUSES,
    only_ids: set[int] | None = None,
    with_filed_at: bool = True,
) -> Population:
    """The claims of `incident_id` in `statuses` (and among `only_ids` when given), parsed for the engine.

    `with_filed_at=False` leaves the filing time out: the engine reads it only for the late-filing rule, so a
    caller whose incident has no `closes_at` (`needs_filed_at(incident)`) spares parsing 100,000 unique times.
    """
    population, claims = stream(session, incident_id, statuses, only_ids, with_filed_at)
    population.claims.extend(claims)
    return population


def stream(
    session: Session,
    incident_id: str,
    statuses: Iterable[str] = FILED_STATUSES,
    only_ids: set[int] | None = None,
    with_filed_at: bool = True,
) -> tuple[Population, Iterator[rules.Claim]]:
    """`load` without keeping the parsed claims: the iterator reads the rows, fills the population's lists
    and yields each claim as it is parsed. A caller that assesses each claim once (the policy comparison,
    `rules.assess_totals_each`) then never holds 100,000 claims at once: each is freed as soon as it is
    assessed, while still in the CPU's cache, and nothing is left to free at the end."""
    statuses = [str(status) for status in statuses]
    postgres = session.get_bind().dialect.name == "postgresql"
    rows = (_rows_postgres if postgres else _rows_portable)(session, incident_id, statuses, only_ids)
    population = Population()

    def claims() -> Iterator[rules.Claim]:
        parse = rules.parse_claim
        ids, references, claimant_ids = population.ids, population.references, population.claimant_ids
        types, statuses_, policy_ids, computed_ = (
            population.types,
            population.statuses,
            population.policy_ids,
            population.computed,
        )
        for claim_id, reference, claimant_id, ctype, status, policy_id, computed, payload in rows:
            ids.append(claim_id)
            references.append(reference)
            claimant_ids.append(claimant_id)
            types.append(ctype)
            statuses_.append(status)
            policy_ids.append(policy_id)
            computed_.append(computed)
            if not with_filed_at:
                payload["filed_at"] = None
            # parsed as the rows arrive (the caller pauses the cycle collector, see gc_paused)
            yield parse(payload)

    return population, claims()
