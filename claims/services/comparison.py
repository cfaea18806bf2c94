"""Two policies over the whole claim population: totals, per-claimant spread, who gets more or less, the
claims crossing the approval limit, and the histogram of per-claim differences.

The population is streamed once (lean tuples): each claim is parsed, assessed under both policies with
`assess_totals_each` (totals only, no trace: the comparison reads each claim's total and the sums per head
of loss, nothing else) and dropped; the rest is plain Python over lists of integers.
"""

from __future__ import annotations

import csv
import io
import operator
import time
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from claims import rules
from claims.services import population as population_mod
from claims.services.incidents import rules_incident

# Edges of the histogram of B − A per claim, in KRW: a bin holds values in [low, high).
EDGES = (-1_000_000, -100_000, -10_000, -1_000, 0, 1, 1_000, 10_000, 100_000, 1_000_000)


@dataclass
class Comparison:
    a: str
    b: str
    claims: int = 0
    claimants: int = 0
    per_type: list[tuple[str, int, int]] = field(default_factory=list)
    per_head: list[tuple[str, int, int]] = field(default_factory=list)
    median: tuple[int, int] = (0, 0)
    p90: tuple[int, int] = (0, 0)
    more: int = 0
    less: int = 0
    same: int = 0
    limit: int = 0
    crossing_up: list[str] = field(default_factory=list)
    crossing_down: list[str] = field(default_factory=list)
    histogram: list[tuple[str, int]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # CPU seconds per phase
    wall: dict[str, float] = field(default_factory=dict)  # wall-clock seconds per phase
    # per claim, for the CSV: (reference, claimant type, status, A, B)
    rows: list[tuple[str, str, str, int, int]] = field(default_factory=list)

    @property
    def total(self) -> tuple[int, int]:
        return sum(a for _t, a, _b in self.per_type), sum(b for _t, _a, b in self.per_type)


def _quantile(sorted_values: list[int], q: float) -> int:
    """The nearest-rank quantile (a value somebody actually gets)."""
    if not sorted_values:
        return 0
    rank = max(1, -(-len(sorted_values) * q // 1))
    return sorted_values[int(rank) - 1]


def _bin_labels() -> list[str]:
    labels = [f"< {EDGES[0]:,}"]
    for low, high in zip(EDGES, EDGES[1:], strict=False):
        labels.append("0" if (low, high) == (0, 1) else f"{low:,} … {high - 1:,}")
    labels.append(f"≥ {EDGES[-1]:,}")
    return labels


def histogram(differences: list[int]) -> list[tuple[str, int]]:
    from bisect import bisect_right

    counts = [0] * (len(EDGES) + 1)
    for d in differences:
        counts[bisect_right(EDGES, d)] += 1
    return list(zip(_bin_labels(), counts, strict=True))


def compare(
    session: Session,
    incident,
    policy_a: rules.Policy,
    policy_b: rules.Policy,
    approval_limit: int,
    keep_rows: bool = False,
) -> Comparison:
    marks = []

    def mark() -> None:
        # CPU time of this process (the steadier figure on a shared machine; PostgreSQL's own work is not in
        # it) and wall-clock time
        marks.append((time.process_time(), time.perf_counter()))

    with population_mod.gc_paused():
        mark()
        engine_incident = rules_incident(incident)
        # One pass: each claim is read, parsed, assessed under both policies and dropped (none is kept).
        pop, claims = population_mod.stream(
            session, incident.id, with_filed_at=population_mod.needs_filed_at(incident)
        )
        results_a, results_b = rules.assess_totals_each(claims, engine_incident, (policy_a, policy_b))
        mark()
        out = summarise(pop, results_a, results_b, policy_a.id, policy_b.id, approval_limit, keep_rows)
        mark()
    for n, phase in enumerate(("read and assess", "summarise")):
        out.seconds[phase] = marks[n + 1][0] - marks[n][0]
        out.wall[phase] = marks[n + 1][1] - marks[n][1]
    return out


def summarise(
    pop, results_a: rules.Totals, results_b: rules.Totals, a_id: str, b_id: str, limit: int, keep_rows: bool
) -> Comparison:
    out = Comparison(a=a_id, b=b_id, claims=len(pop), limit=limit)
    totals_a, totals_b = results_a.totals, results_b.totals
    per_type = {kind: [0, 0] for kind in rules.CLAIMANT_TYPES}
    per_claimant: dict[int, list[int]] = {}
    for kind, claimant, ta, tb in zip(pop.types, pop.claimant_ids, totals_a, totals_b, strict=True):
        sums = per_type[kind]
        sums[0] += ta
        sums[1] += tb
        mine = per_claimant.get(claimant)
        if mine is None:
            per_claimant[claimant] = [ta, tb]
        else:
            mine[0] += ta
            mine[1] += tb
    out.per_type = [(kind, s[0], s[1]) for kind, s in per_type.items()]
    heads_a, heads_b = results_a.heads, results_b.heads
    out.per_head = [(kind, heads_a[kind], heads_b[kind]) for kind in rules.KINDS]
    out.claimants = len(per_claimant)
    amounts_a = sorted(v[0] for v in per_claimant.values())
    amounts_b = sorted(v[1] for v in per_claimant.values())
    out.median = (_quantile(amounts_a, 0.5), _quantile(amounts_b, 0.5))
    out.p90 = (_quantile(amounts_a, 0.9), _quantile(amounts_b, 0.9))
    for ta, tb in per_claimant.values():
        if tb > ta:
            out.more += 1
        elif tb < ta:
            out.less += 1
        else:
            out.same += 1
    refs = pop.references
    out.crossing_up, out.crossing_down = [], []
    for i, ta, tb in zip(range(len(refs)), totals_a, totals_b, strict=True):
        if ta <= limit < tb:
            out.crossing_up.append(refs[i])
        elif tb <= limit < ta:
            out.crossing_down.append(refs[i])
    out.histogram = histogram(list(map(operator.sub, totals_b, totals_a)))
    if keep_rows:
        out.rows = list(zip(refs, pop.types, pop.statuses, totals_a, totals_b, strict=True))
    return out


def csv_text(comparison: Comparison) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["reference", "claimant_type", "status", comparison.a, comparison.b, "difference"])
    for reference, kind, status, a, b in comparison.rows:
        writer.writerow([reference, kind, status, a, b, b - a])
    return buffer.getvalue()


def summary_lines(c: Comparison) -> list[str]:
    """The comparison as plain text lines (the CLI prints them)."""
    total_a, total_b = c.total
    lines = [
        f"{c.a} → {c.b}: {c.claims:,} claims, {c.claimants:,} claimants",
        f"total: {total_a:,} → {total_b:,} KRW ({total_b - total_a:+,})",
    ]
    lines += [f"  {kind}: {a:,} → {b:,} ({b - a:+,})" for kind, a, b in c.per_type]
    lines.append("per head of loss (sum of lines):")
    lines += [f"  {kind}: {a:,} → {b:,} ({b - a:+,})" for kind, a, b in c.per_head]
    lines += [
        f"per claimant: median {c.median[0]:,} → {c.median[1]:,}; "
        f"90th percentile {c.p90[0]:,} → {c.p90[1]:,}",
        f"claimants: {c.more:,} get more, {c.less:,} less, {c.same:,} the same",
        f"crossing the approval limit ({c.limit:,}): "
        f"{len(c.crossing_up):,} up, {len(c.crossing_down):,} down",
        "difference per claim (B − A):",
    ]
    lines += [f"  {label}: {count:,}" for label, count in c.histogram]
    return lines
