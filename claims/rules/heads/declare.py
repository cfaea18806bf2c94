"""How a head of loss is declared: once, in its own module under `claims/rules/heads/`.

A `HeadOfLoss` says everything the portal needs to know about one kind of loss (OpenFisca's `Variable`,
adapted): its inputs (names, types, labels and help in Korean and English), which claimant types may
claim it, how the amount claimed is computed from the inputs, its policy parameters per method, its
formula and the trace the formula writes, the plain-words sentences of the letter, and sample inputs
for the demo and the bench. The claim schema, the losses form, the reviewer's display, the claimant
texts, the letter's explanation and the generators are all derived from these declarations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Text = Mapping[str, str]  # {"ko": ..., "en": ...}

# Input types. A "pairs" input is a list of [start, end] instants; an "entries" input a list of objects
# whose fields are the input's `entries`; "business_hours" is {"open": "HH:MM", "close": "HH:MM"}; a
# "text" input is one line of words (a title), at most `max_length` characters once trimmed.
SERVICE, MONEY, DATETIME, CHOICE, WEEKDAYS, BUSINESS_HOURS, PAIRS, ENTRIES, TEXT = (
    "service",
    "money",
    "datetime",
    "choice",
    "weekdays",
    "business_hours",
    "pairs",
    "entries",
    "text",
)
LISTS = frozenset({PAIRS, ENTRIES})


@dataclass(frozen=True)
class Input:
    """One input of a head of loss (or one field of an entry of a list input)."""

    name: str
    type: str
    label: Text
    help: Text | None = None
    optional: bool = False
    choices: tuple[str, ...] = ()  # a CHOICE's values, or the services a SERVICE may name (empty: any)
    entries: tuple[Input, ...] = ()  # the fields of each entry of a PAIRS or ENTRIES list
    max_length: int | None = None  # a TEXT's longest value, in characters


@dataclass(frozen=True)
class HeadOfLoss:
    """One head of loss, declared once (see the module's docstring; `claims/rules/__init__.py` says how
    to add one)."""

    kind: str
    label: Text  # the head's name on letters, pages and the reviewer's screens
    title: Text  # what the claimant picks ("A paid subscription you could not use")
    short: Text  # the claimant's short name of a row ("Subscription")
    hint: Text  # help above the claimant's rows
    claimant_types: tuple[str, ...]
    inputs: tuple[Input, ...]
    record: type  # the frozen record `parse_claim` builds (fields named as the inputs)
    # (item, incident, HeadParams) -> (amount, code, trace, needs review); see heads/common.py
    formula: Callable[..., tuple[int, str, dict[str, str], bool]]
    # Policy parameters: {method: {parameter: type}} (types in policy.py), besides `method` and `rate`.
    methods: Mapping[str, Mapping[str, str]]
    # What the claimant says the item cost, from the canonical inputs (as `claim_to_dict` writes them).
    claimed_amount: Callable[[Mapping[str, Any]], int]
    # The letter's plain words: the sentence of a paying line (by `sentence_key`), and of NO_OVERLAP.
    sentences: Mapping[str, Text]
    no_overlap: Text
    # How each trace value reads in words: money, hours, or an instant in the incident's time zone.
    trace_money: frozenset[str] = frozenset()
    trace_hours: frozenset[str] = frozenset()
    trace_times: frozenset[str] = frozenset()
    # Titles the claimant typed: quoted in the sentences ("「달빛 정원」"); an older trace without one reads
    # as "the work" ("작품").
    trace_titles: frozenset[str] = frozenset()
    # The sentence of a paying line, from its trace (default: the kind itself).
    sentence_key: Callable[[Mapping[str, str]], str] | None = None
    fixed_service: str | None = None  # a service the item always concerns (a voucher: the Gift shop)
    # Sample inputs for the demo population and the bench: (random.Random, claimant type) -> item dict.
    demo_sample: Callable[..., dict] | None = None
    bench_sample: Callable[..., dict] | None = None
    # The order of the inputs on the claimant's form, when it differs from the declaration's.
    form_order: tuple[str, ...] = ()
    # "What happened to you?": the head in the claimant's own words, ticked before the losses step.
    situation: Text | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def input(self, name: str) -> Input | None:
        return next((entry for entry in self.inputs if entry.name == name), None)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(entry.name for entry in self.inputs)

    @property
    def optional(self) -> frozenset[str]:
        return frozenset(entry.name for entry in self.inputs if entry.optional)

    @property
    def service_choices(self) -> tuple[str, ...] | None:
        service = self.input("service")
        return service.choices or None if service is not None else None


def text(ko: str, en: str) -> Text:
    return {"ko": ko, "en": en}


# Inputs several heads share.
def service_input(*choices: str) -> Input:
    return Input("service", SERVICE, text("서비스", "Service"), choices=choices)


def money_input(name: str, ko: str, en: str) -> Input:
    return Input(name, MONEY, text(ko, en))


def datetime_input(name: str, ko: str, en: str) -> Input:
    return Input(name, DATETIME, text(ko, en))


def text_input(name: str, ko: str, en: str, max_length: int, help: Text | None = None) -> Input:
    return Input(name, TEXT, text(ko, en), help=help, max_length=max_length)


# Services and instants the sample generators use.
BENCH_START = "2022-10-13T00:00"
USER_SERVICES = (
    "daum_mail",
    "melon",
    "kakao_t_bike",
    "kakao_t_parking",
    "kakaotalk",
    "kakao_map",
    "kakaopay",
)
MERCHANT_SERVICES = ("kakaotalk_gift", "talk_channel", "kakaopay", "kakao_map")
DRIVER_SERVICES = ("kakao_t_taxi", "kakao_t_driver", "kakao_navi")


def bench_time(rng, days: float = 8) -> str:
    """A minute within `days` days from 13 October 2022 00:00 KST, as the bench writes it."""
    from datetime import datetime, timedelta

    moment = datetime(2022, 10, 13) + timedelta(minutes=rng.randrange(int(days * 24 * 60)))
    return moment.isoformat(timespec="minutes")


def bench_span(rng, hours: tuple[int, int]) -> list[str]:
    from datetime import datetime, timedelta

    start = datetime(2022, 10, 13) + timedelta(minutes=rng.randrange(7 * 24 * 60))
    end = start + timedelta(minutes=rng.randrange(hours[0] * 60, hours[1] * 60))
    return [start.isoformat(timespec="minutes"), end.isoformat(timespec="minutes")]


def demo_time(day: str, hour: int, minute: int = 0) -> str:
    """An instant of October 2022 in KST, as the demo writes it."""
    return f"2022-10-{day}T{hour:02d}:{minute:02d}"


def span_seconds(start: str, end: str) -> int:
    from ..instants import parse_instant

    return int((parse_instant(end) - parse_instant(start)).total_seconds())
