"""Issued decision letters (immutable) and the payout batches that paid them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
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
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))


class PayoutBatch(Base):
    __tablename__ = "payout_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claim_count: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    csv: Mapped[str] = mapped_column(Text)
