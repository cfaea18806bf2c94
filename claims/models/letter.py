"""Issued decision letters (immutable) and the payout batches that paid them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, Text, event, inspect
from sqlalchemy.orm import Mapped, mapped_column

from claims.db import Base, UTCDateTime, utcnow
from claims.models._types import one_of


class Letter(Base):
    __tablename__ = "letters"
    __table_args__ = (one_of("language", ("ko", "en")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    verification_code: Mapped[str] = mapped_column(String(20), unique=True)
    language: Mapped[str] = mapped_column(String(5))
    sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    decision: Mapped[str] = mapped_column(String(20))
    total: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The date printed on the letter (the decision's date in KST), from which the appeal deadline counts.
    issued_on: Mapped[date | None] = mapped_column(Date)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))


# What a claimant or a verifier relies on; a changed decision issues a new letter instead (replaces_id).
IMMUTABLE = ("claim_id", "verification_code", "language", "sha256", "pdf", "decision", "total", "issued_on")


@event.listens_for(Letter, "before_update")
def _issued_letters_do_not_change(_mapper, _connection, target: Letter) -> None:
    state = inspect(target)
    changed = [name for name in IMMUTABLE if state.attrs[name].history.has_changes()]
    if changed:
        raise ValueError(f"an issued letter cannot be changed ({', '.join(changed)}); issue a new one")


class PayoutBatch(Base):
    __tablename__ = "payout_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claim_count: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    csv: Mapped[str] = mapped_column(Text)
