"""Garbage-collector settings for long-running worker processes (gunicorn's web workers, RQ workers).

Once a worker has loaded what it keeps for its whole life (the app, the letter fonts' glyph tables, the
signing key), `settle()` moves those objects out of the collector's sight (`gc.freeze`, so that no full
collection walks them again) and lets the youngest generation grow to 7,000 net allocations before a
collection instead of 700. Rendering and signing a letter allocates tens of thousands of short-lived
containers (drawing operations, PDF objects in ReportLab and pyHanko): with CPython's defaults, collecting
them costs ~8% of the letter's CPU time (bench/letters_bench.py, which settles as a worker does). Objects that
die young are freed by reference counting either way; only cycles wait a little longer.

The RQ worker (claims/workers.py) settles in its supervisor, so every work-horse it forks starts frozen (this
also keeps the frozen pages shared between supervisor and horse instead of copied by the collector's writes).
"""

from __future__ import annotations

import gc

THRESHOLD = (7000, 10, 10)


def settle() -> None:
    """Collect once, freeze what is alive now, and collect the young generation less often from here on."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLD)
