"""Plain, frozen data that a decision letter is rendered from: no ORM objects, no request state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Language = Literal["ko", "en"]
# The outcome in words: approved in full (전액 인정), in part (일부 인정), not approved (불인정).
Decision = Literal["approved", "partly_approved", "rejected"]

LANGUAGES: tuple[str, ...] = ("ko", "en")
DECISIONS: tuple[str, ...] = ("approved", "partly_approved", "rejected")


@dataclass(frozen=True, slots=True)
class LetterLine:
    """One head of loss as the letter shows it; every string is already in the letter's language.

    claimed is what the claimant asked for (None when the claim form did not ask for an amount), computed what
    the policy gives, approved what the reviewer approved. reason is the reason in words (never an engine
    code) and next_step what the claimant can do about it.
    """

    head: str
    service: str | None
    computation: str
    claimed: int | None
    computed: int
    approved: int
    reason: str | None = None
    next_step: str | None = None


def outcome_of(lines: tuple[LetterLine, ...], total_approved: int) -> Decision:
    """Approved in full only when every line gets at least what was asked (or, with no amount asked, what was
    computed) and the total is not cut; not approved when nothing is paid; otherwise approved in part."""
    if total_approved <= 0:
        return "rejected"
    asked = [line.claimed if line.claimed else line.computed for line in lines]
    approved = [line.approved for line in lines]
    if all(a >= b for a, b in zip(approved, asked, strict=True)) and total_approved >= sum(asked):
        return "approved"
    return "partly_approved"


@dataclass(frozen=True, slots=True)
class LetterData:
    """Everything one decision letter says; amounts in integer KRW, dates in KST.

    The table adds up: the lines plus the claim cap line (cap_computed, cap_approved: zero or negative)
    give total_computed and total_approved. already_paid and balance are set on a letter that follows a
    payment (after an appeal): the balance is what will still be paid, or recovered when negative.
    A preview carries no verification code and no QR code, and says on every page that it is a preview.
    """

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
    cap_label: str = ""
    cap_computed: int = 0
    cap_approved: int = 0
    already_paid: int | None = None
    balance: int | None = None
    preview: bool = False

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
            if line.claimed is not None:
                amounts.append(line.claimed)
        if self.already_paid is not None:
            amounts.append(self.already_paid)
        if any(type(a) is not int or a < 0 for a in amounts):
            raise ValueError("amounts must be non-negative integers (KRW)")
        if type(self.cap_computed) is not int or type(self.cap_approved) is not int:
            raise ValueError("the claim cap line's amounts must be integers (KRW)")
        if self.cap_computed > 0 or self.cap_approved > 0:
            raise ValueError("the claim cap can only lower a total")
        if self.lines and sum(x.computed for x in self.lines) + self.cap_computed != self.total_computed:
            raise ValueError("the computed column does not add up to total_computed")
        if self.lines and sum(x.approved for x in self.lines) + self.cap_approved != self.total_approved:
            raise ValueError("the approved column does not add up to total_approved")
        if (self.already_paid is None) != (self.balance is None):
            raise ValueError("already_paid and balance go together")
        if self.balance is not None and self.balance != self.total_approved - self.already_paid:
            raise ValueError("balance must be total_approved - already_paid")
        if not self.preview and not self.verification_code:
            raise ValueError("an issued letter needs its verification code")

    @property
    def total_claimed(self) -> int | None:
        """What the claimant asked for in all, or None when no line has an amount asked."""
        claimed = [line.claimed for line in self.lines if line.claimed is not None]
        return sum(claimed) if claimed else None

    @property
    def has_cap_line(self) -> bool:
        return bool(self.cap_computed or self.cap_approved)
