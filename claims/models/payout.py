"""The payout ledger: batches sent to the bank and the payments in them, one row per transfer or recovery.

What is owed on a claim = the approved total in force − what has been sent or confirmed (services/payouts.py).
A transfer (kind payment or top_up) belongs to a batch and moves exported → sent → confirmed, or ends failed /
returned with the bank's reason. A recovery is a supervisor's settlement of an overpayment (recovered, or
written off with a note); it belongs to no batch. Amounts are whole KRW, always positive; the kind gives the
direction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.db import Base, UTCDateTime, utcnow
from claims.models._types import one_of

TRANSFER_KINDS = ("payment", "top_up")
PAYMENT_KINDS = (*TRANSFER_KINDS, "recovery")
TRANSFER_STATES = ("exported", "sent", "confirmed", "failed", "returned")
RECOVERY_STATES = ("recovered", "written_off")
PAYMENT_STATES = TRANSFER_STATES + RECOVERY_STATES
# Money that has left (or, while exported, is leaving) the programme's account.
TRANSFERRED = ("sent", "confirmed")
IN_FLIGHT = ("exported",)
BOUNCED = ("failed", "returned")
# What the bank may report for a transfer in each state (a confirmed transfer can still come back).
RESULTS_FROM = {"sent": ("confirmed", "failed", "returned"), "confirmed": ("returned",)}


class PayoutBatch(Base):
    __tablename__ = "payout_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claim_count: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(BigInteger)
    # The bank file as exported (UTF-8 text, without its byte-order mark): the same bytes on every download.
    csv: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    payments: Mapped[list[Payment]] = relationship(back_populates="batch", order_by="Payment.reference")


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        one_of("kind", PAYMENT_KINDS),
        one_of("state", PAYMENT_STATES),
        CheckConstraint("amount > 0", name="amount_positive"),
        # A transfer is in a batch and has a transfer state; a recovery is in none and has a settlement state.
        CheckConstraint(
            "(kind = 'recovery' AND batch_id IS NULL AND state IN ('recovered', 'written_off'))"
            " OR (kind <> 'recovery' AND batch_id IS NOT NULL"
            " AND state IN ('exported', 'sent', 'confirmed', 'failed', 'returned'))",
            name="kind_matches_state",
        ),
        # At most one transfer per claim waiting to be sent: two exports at once cannot both pay a claim.
        Index(
            "ux_payments_one_exported_per_claim",
            "claim_id",
            unique=True,
            sqlite_where=text("state = 'exported'"),
            postgresql_where=text("state = 'exported'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The transfer's reference in the bank file and the bank's result file: <claim reference>-<n>.
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("payout_batches.id"), index=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)
    # The account the transfer went to, as it was at export (the claim's account may be corrected later).
    bank_code: Mapped[str] = mapped_column(String(50), default="")
    account: Mapped[str] = mapped_column(String(50), default="")
    holder: Mapped[str] = mapped_column(String(100), default="")
    # The bank's reason for a failed or returned transfer; the supervisor's note on a recovery.
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the bank's result (or the recovery's settlement) was recorded, and by whom.
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    settled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A failed or returned transfer keeps its claim out of the next batch until the account is corrected.
    account_corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    batch: Mapped[PayoutBatch | None] = relationship(back_populates="payments")

    @property
    def claim_reference(self) -> str:
        """The claim's reference, read from the transfer's own (<claim reference>-<n>)."""
        return self.reference.rsplit("-", 1)[0]

    @property
    def is_transfer(self) -> bool:
        return self.kind in TRANSFER_KINDS

    @property
    def blocks_payment(self) -> bool:
        """A bounced transfer whose account has not been corrected yet."""
        return self.state in BOUNCED and self.account_corrected_at is None
