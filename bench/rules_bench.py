"""Benchmark of the rules engine: claims per CPU-second for `parse_claim`, `assess_many` and both.

    .venv/bin/python bench/rules_bench.py [--claims 100000] [--runs 3] [--policy fair-2022]
                                          [--profile assess|parse]

Builds a seeded, realistic population (all four claimant types, 1-4 items each, times around the
default incident) as claim JSON, then times, each as the median process CPU time of `--runs` runs:
parsing every claim, assessing the parsed population with `assess_many`, and both together. Prints a
checksum of every total, line amount and line code, which a change to the engine's speed must keep.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import random
import statistics
import sys
import time
from pathlib import Path

# Run as a script from anywhere: the project root must be importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Claimant mix roughly as in the 2022 damage reports: mostly general users.
CLAIMANT_MIX = (("user", 0.6), ("taxi_driver", 0.2), ("merchant", 0.15), ("author", 0.05))


def _item(rng: random.Random, kind: str, claimant_type: str) -> dict:
    """Sample inputs of one head of loss, as the head declares them (claims/rules/heads/<kind>.py)."""
    from claims.rules.registry import head

    return head(kind).bench_sample(rng, claimant_type)


def population(size: int, seed: int) -> list[dict]:
    """`size` claims as JSON dicts; as in real life, a few items are of kinds not open to the type."""
    from claims.rules import ALLOWED_KINDS, KINDS
    from claims.rules.heads.declare import bench_time

    rng = random.Random(seed)
    types, weights = zip(*CLAIMANT_MIX, strict=True)
    claims = []
    for _ in range(size):
        claimant_type = rng.choices(types, weights)[0]
        kinds = [
            rng.choice(KINDS) if rng.random() < 0.02 else rng.choice(ALLOWED_KINDS[claimant_type])
            for _ in range(rng.randint(1, 4))
        ]
        claims.append(
            {
                "claimant_type": claimant_type,
                "filed_at": bench_time(rng, 30),
                "items": [_item(rng, kind, claimant_type) for kind in kinds],
            }
        )
    return claims


def checksum(assessments) -> str:
    """A short digest of every claim's total and every line's amount and code, in order."""
    digest = hashlib.sha256()
    for a in assessments:
        digest.update(f"{a.total}|{int(a.eligible)}|{','.join(a.flags)}".encode())
        for line in a.lines:
            digest.update(f";{line.amount}:{line.code}".encode())
        digest.update(b"\n")
    return digest.hexdigest()[:16]


def _timed(function, runs: int) -> tuple[float, object]:
    """Median process CPU seconds of `runs` calls, and the last call's result."""
    times, result = [], None
    for _ in range(runs):
        result = None
        gc.collect()  # every run starts from the same heap, not with the previous run's garbage
        started = time.process_time()
        result = function()
        times.append(time.process_time() - started)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20221015)
    parser.add_argument("--policy", default="fair-2022")
    parser.add_argument(
        "--profile", choices=("assess", "parse"), help="profile one run with cProfile instead"
    )
    parser.add_argument(
        "--default-gc",
        action="store_true",
        help="keep CPython's collector settings instead of settling it as the portal's workers do",
    )
    args = parser.parse_args(argv)

    from claims.rules import assess_many, load_incident, load_policy, parse_claim, parse_many

    incident = load_incident()
    policy = load_policy(args.policy)
    data = population(args.claims, args.seed)
    if not args.default_gc:
        from claims.gc_tuning import settle

        settle()  # what gunicorn's and RQ's workers do once loaded (claims/gc_tuning.py)
    # The first parse is timed on its own: it reads every distinct time text once (later runs find them
    # memoised, as a server does after its first claims).
    cold = time.process_time()
    claims = [parse_claim(entry, incident) for entry in data]
    cold = time.process_time() - cold
    items = sum(len(claim.items) for claim in claims)
    collector = "CPython's defaults" if args.default_gc else "settled as in a worker"
    print(f"population: {len(claims):,} claims, {items:,} items; policy {policy.id}; collector {collector}")

    def parse():
        return [parse_claim(entry, incident) for entry in data]

    def parse_batch():
        return parse_many(data, incident)

    def assess():
        return assess_many(claims, incident, policy)

    def both():
        return assess_many(parse_many(data, incident), incident, policy)

    if args.profile:
        import cProfile
        import pstats

        target = "assess()" if args.profile == "assess" else "parse()"
        cProfile.runctx(target, globals(), locals(), "/tmp/rules_bench.prof")
        pstats.Stats("/tmp/rules_bench.prof").sort_stats("tottime").print_stats(25)
        return 0

    size = len(claims)
    parse_cpu, _ = _timed(parse, args.runs)
    batch_cpu, _ = _timed(parse_batch, args.runs)
    assess_cpu, assessments = _timed(assess, args.runs)
    both_cpu, again = _timed(both, args.runs)
    total = sum(a.total for a in assessments)
    digest = checksum(assessments)
    if checksum(again) != digest:
        raise SystemExit("parse+assess gave other totals than assess alone")
    rows = (
        ("parse_claim, 1st run", cold, "times not yet memoised"),
        ("parse_claim", parse_cpu, f"median of {args.runs}"),
        ("parse_many", batch_cpu, f"median of {args.runs}; parse_claim with the cycle collector paused"),
        ("assess_many", assess_cpu, f"median of {args.runs}"),
        ("parse_many + assess_many", both_cpu, f"median of {args.runs}"),
    )
    for name, cpu, note in rows:
        print(f"{name:<25} {cpu:6.3f} CPU s {size / cpu:>9,.0f} claims/s ({note})")
    print(f"total {total:,} KRW; checksum {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
