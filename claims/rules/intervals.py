"""Exact interval maths on epoch seconds: half-open spans, overlaps by outage level, unions, longest runs.

A span is `(start, end)` meaning `[start, end)`; a window is `(start, end, is_full)`. Bounds are integers
(epoch seconds), or Decimals where a policy parameter adds a fractional number of seconds; never floats.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Window = tuple[int, int, bool]
Span = tuple[int, int]


def union(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted, disjoint spans covering the same instants; overlapping or touching spans merge."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def overlap_by_level(windows: Sequence[Window], spans: Sequence[Span]) -> tuple[int, int]:
    """Seconds of (full, partial) windows inside `spans`; `spans` must be disjoint (see `union`)."""
    full = partial = 0
    for w_start, w_end, is_full in windows:
        for s_start, s_end in spans:
            start = w_start if w_start > s_start else s_start
            end = w_end if w_end < s_end else s_end
            if end > start:
                if is_full:
                    full += end - start
                else:
                    partial += end - start
    return full, partial


def longest_run(spans: Iterable[Span]) -> int:
    """Seconds of the longest span once spans that touch or overlap (`end >= next.start`) are joined."""
    return max((end - start for start, end in union(spans)), default=0)


def contains(windows: Sequence[Window], instant: int, full_only: bool = False) -> bool:
    """Whether `start <= instant < end` for some window (of level full only, if asked)."""
    return any(start <= instant < end and (is_full or not full_only) for start, end, is_full in windows)
