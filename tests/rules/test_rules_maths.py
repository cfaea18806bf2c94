"""Interval maths on epoch seconds and the money rules of POLICY §2."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claims.rules.intervals import contains, longest_run, overlap_by_level, union
from claims.rules.money import (
    cents_ratio_text,
    cents_text,
    hours_ratio_text,
    hours_text,
    number_text,
    round_line,
    round_ratio,
)


@pytest.mark.parametrize(
    "spans, expected",
    [
        ([], ()),
        ([(0, 10)], ((0, 10),)),
        ([(5, 10), (0, 5)], ((0, 10),)),  # touching spans join
        ([(0, 10), (3, 4)], ((0, 10),)),  # one inside another
        ([(0, 10), (8, 12), (20, 30)], ((0, 12), (20, 30))),
        ([(0, 10), (10, 10)], ((0, 10),)),  # empty spans vanish
    ],
)
def test_union(spans, expected):
    assert union(spans) == expected


def test_overlap_is_half_open_and_split_by_level():
    windows = [(100, 200, True), (200, 300, False)]
    assert overlap_by_level(windows, [(0, 100)]) == (0, 0)  # ends as the window opens
    assert overlap_by_level(windows, [(300, 400)]) == (0, 0)  # starts as it closes
    assert overlap_by_level(windows, [(150, 250)]) == (50, 50)
    assert overlap_by_level(windows, [(0, 120), (180, 1000)]) == (40, 100)


@pytest.mark.parametrize(
    "spans, seconds",
    [([(0, 10), (10, 20)], 20), ([(0, 10), (11, 20)], 10), ([(0, 10), (5, 30), (40, 45)], 30), ([], 0)],
)
def test_longest_run_joins_touching_spans(spans, seconds):
    assert longest_run(spans) == seconds


def test_contains_is_half_open():
    windows = [(100, 200, True), (200, 300, False)]
    assert not contains(windows, 99)
    assert contains(windows, 100)
    assert contains(windows, 250)
    assert not contains(windows, 250, full_only=True)
    assert contains(windows, 199, full_only=True)
    assert not contains(windows, 300)


@pytest.mark.parametrize(
    "amount, rounded",
    [
        ("7548.39", 7550),
        ("4258.06", 4260),
        ("1041.67", 1040),
        ("1045", 1050),
        ("1044.999", 1040),
        ("0", 0),
        ("4.99", 0),
        ("5", 10),
        ("11794.354838709677", 11790),
    ],
)
def test_round_half_up_to_ten(amount, rounded):
    assert round_line(Decimal(amount)) == rounded


def test_texts_for_the_trace():
    assert number_text(Decimal("22.50000")) == "22.5"
    assert number_text(Decimal("9.9E+3")) == "9900"
    assert number_text(Decimal("0.30")) == "0.3"
    assert hours_text(81000) == "22.5"
    assert hours_text(36060) == "10.0167"
    assert hours_text(0) == "0"
    assert cents_text(Decimal("90000.000")) == "90000"
    assert cents_text(Decimal("7548.387")) == "7548.39"


@pytest.mark.parametrize(
    "numerator, denominator, rounded, cents",
    [
        (60025, 1, 60030, "60025"),
        (240000 * 72030 * 3, 86400 * 10, 60030, "60025"),  # exactly 60,025: rounds up
        (1044999, 1000, 1040, "1045"),  # the trace shows cents; the amount uses the exact value
        (0, 7, 0, "0"),
        (4, 1, 0, "4"),
        (1, 3, 0, "0.33"),
        (10, 3, 0, "3.33"),
        (50, 3, 20, "16.67"),
    ],
)
def test_exact_ratios_round_once(numerator, denominator, rounded, cents):
    assert round_ratio(numerator, denominator) == rounded
    assert cents_ratio_text(numerator, denominator) == cents


def test_hours_of_exact_ratios():
    assert hours_ratio_text(81000) == "22.5"
    assert hours_ratio_text(36060) == "10.0167"
    assert hours_ratio_text(144060, 2) == "20.0083"  # 72,030 weighted seconds in half-second units
    assert hours_ratio_text(0) == "0"


def test_overlap_by_binary_search_equals_the_walk():
    import random

    from claims.rules.incident import ServiceSpans

    rng = random.Random(5)
    for _ in range(300):
        edges = sorted(rng.sample(range(0, 200), rng.randrange(0, 12) * 2))
        # Disjoint windows that may touch: pairs of sorted edges, sometimes joined end to start.
        windows = []
        for index in range(0, len(edges), 2):
            start = windows[-1][1] if windows and rng.random() < 0.2 else edges[index]
            windows.append((start, edges[index + 1], rng.random() < 0.5))
        spans = ServiceSpans.of_spans(tuple(windows))
        for _ in range(20):
            start = rng.randrange(-10, 210)
            end = start + rng.randrange(0, 80)
            assert spans.overlap(start, end) == overlap_by_level(windows, [(start, end)])
            assert (spans.window_at(start) is not None) == contains(windows, start)
