"""Plain, frozen data that a decision letter is rendered from: no ORM objects, no request state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Language = Literal["ko", "en"]
Decision = Literal["approved", "partly_approved", "rejected"]

LANGUAGES: tuple[str, ...] = ("ko", "en")
DECISIONS: tuple[str, ...] = ("approved", "partly_approved", "rejected")


@dataclass(frozen=True, slots=True)
class LetterLine:
    """One head of loss as the letter shows it; every string is already in the letter's language."""

    head: str
    service: str | None
    computation: str
    computed: int
    approved: int
    reason_code: str | None = None
    reason_text: str | None = None


@dataclass(frozen=True, slots=True)
class LetterData:
    """Everything one decision letter says; amounts in integer KRW, dates in KST."""

    language: Language
    reference: str
    verification_code: str
    verify_url: str
    issued_on: date
    claimant_name: str
    claimant_address_lines: tuple[str, ...]
    decision: Decision
    lines: tuple[LetterLine, ...]
    total_computed: int
    total_approved: int
    payout: str
    policy_label: str
    incident_label: str
    appeal_deadline: date
    contact: str
    sender: str = ""
    replaces: str | None = None
    replaces_issued_on: date | None = None

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {self.language!r}")
        if self.decision not in DECISIONS:
            raise ValueError(f"decision must be one of {DECISIONS}, not {self.decision!r}")
        if not isinstance(self.lines, tuple) or not isinstance(self.claimant_address_lines, tuple):
            raise TypeError("lines and claimant_address_lines must be tuples")
        amounts = [self.total_computed, self.total_approved]
        for line in self.lines:
            amounts += [line.computed, line.approved]
        if any(type(a) is not int or a < 0 for a in amounts):
            raise ValueError("amounts must be non-negative integers (KRW)")
