"""What a change of inputs does to amounts: the same claims assessed twice (before and after), summed up.

Plain Python over parallel lists: the per-claim totals and the sums per head of loss are already computed by
the engine (`assess_totals_many`, totals only, no trace); here they are only counted and summed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from claims import rules
from claims.services.population import Population

LARGEST = 20


@dataclass(frozen=True, slots=True)
class Change:
    claim_id: int
    reference: str
    claimant_type: str
    before: int
    after: int
    decided: bool

    @property
    def difference(self) -> int:
        return self.after - self.before


@dataclass
class Impact:
    considered: int = 0
    changed: int = 0
    up: int = 0
    down: int = 0
    to_zero: int = 0
    decided_changed: int = 0
    # (claimant type, total before, total after), in the catalogue's order
    per_type: list[tuple[str, int, int]] = field(default_factory=list)
    # (head of loss, sum of its lines before, after)
    per_head: list[tuple[str, int, int]] = field(default_factory=list)
    largest: list[Change] = field(default_factory=list)

    @property
    def total_before(self) -> int:
        return sum(before for _t, before, _a in self.per_type)

    @property
    def total_after(self) -> int:
        return sum(after for _t, _b, after in self.per_type)


def add_heads(sums: dict[str, int], more: dict[str, int]) -> None:
    for kind, amount in more.items():
        sums[kind] = sums.get(kind, 0) + amount


def compare(
    population: Population,
    before: Sequence[int],
    after: Sequence[int],
    heads_before: dict[str, int],
    heads_after: dict[str, int],
    largest: int = LARGEST,
) -> Impact:
    """The change from the totals `before` to `after` (both in the population's order), with the sums of the
    lines per head of loss before and after."""
    impact = Impact(considered=len(population))
    per_type = {kind: [0, 0] for kind in rules.CLAIMANT_TYPES}
    changes: list[tuple[int, int]] = []
    for i, (a, b) in enumerate(zip(before, after, strict=True)):
        sums = per_type[population.types[i]]
        sums[0] += a
        sums[1] += b
        if a == b:
            continue
        impact.changed += 1
        if b > a:
            impact.up += 1
        else:
            impact.down += 1
            if b == 0:
                impact.to_zero += 1
        if population.decided(i):
            impact.decided_changed += 1
        changes.append((abs(b - a), i))
    impact.per_type = [(kind, s[0], s[1]) for kind, s in per_type.items()]
    impact.per_head = [(kind, heads_before.get(kind, 0), heads_after.get(kind, 0)) for kind in rules.KINDS]
    changes.sort(key=lambda pair: (-pair[0], pair[1]))
    impact.largest = [
        Change(
            population.ids[i],
            population.references[i],
            population.types[i],
            before[i],
            after[i],
            population.decided(i),
        )
        for _size, i in changes[:largest]
    ]
    return impact
