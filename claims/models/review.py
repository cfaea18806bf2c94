"""What reviewers and supervisors decide: line decisions, second signatures, requests, appeals."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from claims.db import Base, UTCDateTime, utcnow
from claims.models._types import one_of

LINE_OUTCOMES = ("accepted", "adjusted", "rejected")


class Decision(Base):
    """One reviewer's decision on one line (line_index set) or on the whole claim (line_index null).

    A decision is one claim-level row and its line rows (parent_id: the claim-level row). It is in force when
    neither superseded nor pending; a pending decision waits for the second signature of its Approval, and the
    decision in force stays in force until that signature (a refusal sets aside only the pending one).
    """

    __tablename__ = "decisions"
    __table_args__ = (one_of("outcome", LINE_OUTCOMES + ("approved", "partly_approved", "rejected")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    line_index: Mapped[int | None] = mapped_column(Integer)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str] = mapped_column(String(20))
    approved_amount: Mapped[int] = mapped_column(Integer, default=0)
    reason_code: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    superseded: Mapped[bool] = mapped_column(default=False)
    pending: Mapped[bool] = mapped_column(default=False)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), index=True)


APPROVAL_STATUSES = ("pending", "signed", "refused", "void")
PENDING_ONLY = text("status = 'pending'")


class Approval(Base):
    """A supervisor's second signature on one decision (decision_id: its claim-level row): above the approval
    limit, or with a line raised above its computed amount. At most one is pending per claim; a withdrawn
    claim's pending approval is void."""

    __tablename__ = "approvals"
    __table_args__ = (
        one_of("status", APPROVAL_STATUSES),
        Index(
            "uq_approvals_one_pending_per_claim",
            "claim_id",
            unique=True,
            sqlite_where=PENDING_ONLY,
            postgresql_where=PENDING_ONLY,
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    amount: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why a second signature is needed: "limit" (total above APPROVAL_LIMIT) and/or "raised" (a line above
    # its computed amount).
    reasons: Mapped[list] = mapped_column(JSON, default=list)


INFO_REQUEST_CLOSINGS = ("no_response", "cancelled")


class InfoRequest(Base):
    """A reviewer's request for missing items. Open until the claimant answers it (responded_at) or staff
    close it (closed_at, with `closing`: decided for no response, or cancelled)."""

    __tablename__ = "info_requests"
    __table_args__ = (one_of("closing", INFO_REQUEST_CLOSINGS),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    items: Mapped[list] = mapped_column(JSON, default=list)
    message: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date] = mapped_column(Date, index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    response: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closing: Mapped[str | None] = mapped_column(String(20))
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminders: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def is_open(self) -> bool:
        return self.responded_at is None and self.closed_at is None


class Appeal(Base):
    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    reason: Mapped[str] = mapped_column(Text)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    previous_reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
