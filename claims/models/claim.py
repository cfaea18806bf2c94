"""A damage claim with its items, evidence files and assessment snapshots."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.db import Base, UTCDateTime, utcnow
from claims.models._types import one_of

CLAIMANT_TYPES = ("user", "taxi_driver", "merchant", "author")


class ClaimStatus(StrEnum):
    """Where a claim is in its lifecycle (DESIGN.md); the allowed changes are in services/lifecycle.py.

    A StrEnum, so the column stays a plain string and `claim.status == "draft"` keeps working."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    NEEDS_INFO = "needs_info"
    DECIDED = "decided"
    LETTER_ISSUED = "letter_issued"
    APPEALED = "appealed"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    ClaimStatus.DRAFT: _l("Draft"),
    ClaimStatus.SUBMITTED: _l("Submitted"),
    ClaimStatus.IN_REVIEW: _l("In review"),
    ClaimStatus.NEEDS_INFO: _l("Information requested"),
    ClaimStatus.DECIDED: _l("Decided"),
    ClaimStatus.LETTER_ISSUED: _l("Decision letter issued"),
    ClaimStatus.APPEALED: _l("Appealed"),
    ClaimStatus.CLOSED: _l("Closed"),
    ClaimStatus.WITHDRAWN: _l("Withdrawn"),
}
STATUSES = tuple(ClaimStatus)
# The claimant may change items, details and files (a draft, or while answering a request).
EDITABLE_STATUSES = frozenset({ClaimStatus.DRAFT, ClaimStatus.NEEDS_INFO})
# Staff may decide (or take) the claim.
DECIDABLE_STATUSES = frozenset({ClaimStatus.SUBMITTED, ClaimStatus.IN_REVIEW, ClaimStatus.APPEALED})
# Filed and not yet decided: the claimant may withdraw (a draft is discarded instead).
WITHDRAWABLE_STATUSES = frozenset({ClaimStatus.SUBMITTED, ClaimStatus.IN_REVIEW, ClaimStatus.NEEDS_INFO})
# A decision is (or was) in force.
DECIDED_STATUSES = frozenset(
    {ClaimStatus.DECIDED, ClaimStatus.LETTER_ISSUED, ClaimStatus.APPEALED, ClaimStatus.CLOSED}
)
REVIEW_STATUSES = ("auto_approved", "selected", "not_selected")
DECISIONS = ("approved", "partly_approved", "rejected")


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        one_of("claimant_type", CLAIMANT_TYPES),
        one_of("status", STATUSES),
        one_of("review_status", REVIEW_STATUSES),
        one_of("decision", DECISIONS),
        # A filed claim has a filing time; a draft does not need one.
        CheckConstraint("status = 'draft' OR filed_at IS NOT NULL", name="filed_has_time"),
        Index("ix_claims_status_filed", "status", "filed_at"),
        Index("ix_claims_type_status", "claimant_type", "status"),
        # The review queue sorts each status by amount or by flags, 50 rows at a time.
        Index("ix_claims_status_amount", "status", "amount_computed"),
        Index("ix_claims_status_flag_count", "status", "flag_count"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    claimant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    claimant_type: Mapped[str] = mapped_column(String(20))
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id"), index=True)
    policy_id: Mapped[str] = mapped_column(String(64), default="fair-2022")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    review_status: Mapped[str | None] = mapped_column(String(20), index=True)
    decision: Mapped[str | None] = mapped_column(String(20))
    flags: Mapped[list] = mapped_column(JSON, default=list)
    # What the reviewer's signals found at triage (possible duplicate, events outside windows, high amount).
    signals: Mapped[list] = mapped_column(JSON, default=list)
    # len(flags ∪ signals), kept by a flush hook below, so the queue can filter and sort by it on an index.
    flag_count: Mapped[int] = mapped_column(Integer, default=0)
    # The straight-through draw in [0, 1) that put the claim into (or out of) the review sample.
    review_draw: Mapped[float | None] = mapped_column(Float)

    contact_name: Mapped[str] = mapped_column(String(100), default="", index=True)
    contact_phone: Mapped[str] = mapped_column(String(30), default="", index=True)
    contact_email: Mapped[str] = mapped_column(String(254), default="", index=True)
    payout_bank: Mapped[str] = mapped_column(String(50), default="")
    payout_account: Mapped[str] = mapped_column(String(50), default="", index=True)
    payout_holder: Mapped[str] = mapped_column(String(100), default="")
    vehicle_number: Mapped[str] = mapped_column(String(30), default="", index=True)
    business_number: Mapped[str] = mapped_column(String(30), default="", index=True)
    # What happened to the claimant, ticked before the losses (kinds of loss in their words): the losses
    # step shows these sections first. And their own account of it, for the reviewer (at most 2,000 chars).
    situations: Mapped[list] = mapped_column(JSON, default=list)
    what_happened: Mapped[str] = mapped_column(Text, default="")

    amount_claimed: Mapped[int] = mapped_column(Integer, default=0)
    amount_computed: Mapped[int] = mapped_column(Integer, default=0, index=True)
    amount_approved: Mapped[int | None] = mapped_column(Integer)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    filed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A token minted with the draft; submitting twice with it files once.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # No longer read or written: before the payout ledger (claims.models.payout) a claim counted as paid when
    # this was set. Kept because dropping it would rebuild the claims table on SQLite; migration 0004 turned
    # every value into a Payment row.
    payout_batch_id: Mapped[int | None] = mapped_column(ForeignKey("payout_batches.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    items: Mapped[list[ClaimItem]] = relationship(
        back_populates="claim", order_by="ClaimItem.position", cascade="all, delete-orphan"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="claim", order_by="Evidence.id", cascade="all, delete-orphan"
    )
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="claim", order_by="Assessment.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def latest_assessment(self) -> Assessment | None:
        return self.assessments[-1] if self.assessments else None

    # ---- permission and state questions, asked by services and templates alike ----------------------------

    def is_own(self, user) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and user.id == self.claimant_id

    def can_view(self, user) -> bool:
        """The claimant, and staff who work claims (reviewers, supervisors); admins manage accounts only."""
        return self.is_own(user) or bool(getattr(user, "is_case_staff", False))

    def can_edit(self, user) -> bool:
        return self.is_own(user) and self.status in EDITABLE_STATUSES

    def can_correct(self, user) -> bool:
        """A filed claim that no reviewer has opened yet: its claimant may still correct it."""
        return self.is_own(user) and self.status == ClaimStatus.SUBMITTED and self.assigned_to_id is None

    def can_discard(self, user) -> bool:
        return self.is_own(user) and self.status == ClaimStatus.DRAFT

    def can_withdraw(self, user) -> bool:
        return self.is_own(user) and self.status in WITHDRAWABLE_STATUSES

    def can_appeal(self, user, letter, now: datetime) -> bool:
        """Within the deadline printed on the claim's latest letter (`letter`), once the letter is issued."""
        return (
            self.is_own(user)
            and self.status == ClaimStatus.LETTER_ISSUED
            and letter is not None
            and now < letter.appeal_deadline
        )

    def conflict_of_interest(self, user, own_accounts: frozenset[str] = frozenset()) -> str | None:
        """Why `user` may not work this claim: they filed it, or it shares their e-mail, phone or a payout
        account of theirs (`own_accounts`: the digits of the accounts on claims they filed, which the caller
        looks up); None when there is no conflict. DESIGN.md, Roles: "Conflicts of interest"."""
        if user.id == self.claimant_id:
            return "own_claim"
        email = (user.email or "").strip().lower()
        if email and email == (self.contact_email or "").strip().lower():
            return "same_email"
        phone = _digits(getattr(user, "phone", None))
        if phone and phone == _digits(self.contact_phone):
            return "same_phone"
        if _digits(self.payout_account) and _digits(self.payout_account) in own_accounts:
            return "same_account"
        return None

    def can_request_information(self, user, own_accounts: frozenset[str] = frozenset()) -> bool:
        return (
            self.status in (ClaimStatus.SUBMITTED, ClaimStatus.IN_REVIEW)
            and bool(getattr(user, "is_case_staff", False))
            and self.conflict_of_interest(user, own_accounts) is None
        )

    def can_decide(self, user, own_accounts: frozenset[str] = frozenset()) -> bool:
        """Reviewers and supervisors decide a claim in a decidable state, unless they have a conflict."""
        return (
            bool(getattr(user, "is_case_staff", False))
            and self.status in DECIDABLE_STATUSES
            and self.conflict_of_interest(user, own_accounts) is None
        )


class ClaimItem(Base):
    __tablename__ = "claim_items"
    __table_args__ = (
        UniqueConstraint("claim_id", "position"),
        # The queue's service and head-of-loss filters are EXISTS sub-queries on these.
        Index("ix_claim_items_service_claim", "service", "claim_id"),
        Index("ix_claim_items_kind_claim", "kind", "claim_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    service: Mapped[str | None] = mapped_column(String(64), index=True)
    # The item's inputs exactly as the rules' claim schema reads them (validated by claims.rules.parse_claim).
    inputs: Mapped[dict] = mapped_column(JSON)
    amount_claimed: Mapped[int] = mapped_column(Integer, default=0)
    # The line amount of the latest assessment, copied at triage: the medians of the high-amount signal.
    amount_computed: Mapped[int] = mapped_column(Integer, default=0)

    claim: Mapped[Claim] = relationship(back_populates="items")


class Evidence(Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(255))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The kind of loss the file shows (a loss line's kind), or None: about the whole claim.
    about: Mapped[str | None] = mapped_column(String(32))

    claim: Mapped[Claim] = relationship(back_populates="evidence")


class Assessment(Base):
    """A snapshot of one computation: what the rules said, with which policy and windows."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    policy_id: Mapped[str] = mapped_column(String(64))
    params_hash: Mapped[str] = mapped_column(String(64))
    windows_version: Mapped[int] = mapped_column(Integer, default=1)
    eligible: Mapped[bool] = mapped_column(Boolean, default=True)
    total: Mapped[int] = mapped_column(Integer)
    flags: Mapped[list] = mapped_column(JSON, default=list)
    lines: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    claim: Mapped[Claim] = relationship(back_populates="assessments")


def _digits(value: str | None) -> str:
    return "".join(ch for ch in (value or "") if ch.isdigit())


@event.listens_for(Claim, "before_insert")
@event.listens_for(Claim, "before_update")
def _count_flags(_mapper, _connection, target: Claim) -> None:
    target.flag_count = len(set(target.flags or ()) | set(target.signals or ()))
