"""Issued decision letters (immutable)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, event, inspect
from sqlalchemy.orm import Mapped, mapped_column

from claims import storage
from claims.db import Base, UTCDateTime, utcnow
from claims.models._types import one_of

KST = ZoneInfo("Asia/Seoul")
# A decision can be appealed through the whole date printed on its letter + this many days (KST).
APPEAL_DAYS = 30


class Letter(Base):
    __tablename__ = "letters"
    __table_args__ = (one_of("language", ("ko", "en")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    verification_code: Mapped[str] = mapped_column(String(20), unique=True)
    language: Mapped[str] = mapped_column(String(5))
    sha256: Mapped[str] = mapped_column(String(64))
    # The PDF lives in the portal's store (claims.storage) under `stored_name`; letters issued before the
    # store existed, and rows made by hand, keep their bytes in the row. Read either through `pdf`.
    stored_name: Mapped[str | None] = mapped_column(String(80), unique=True)
    pdf_bytes: Mapped[bytes | None] = mapped_column("pdf", LargeBinary)
    decision: Mapped[str] = mapped_column(String(20))
    total: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The date printed on the letter (the decision's date in KST), from which the appeal deadline counts.
    issued_on: Mapped[date | None] = mapped_column(Date)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))

    @property
    def printed_on(self) -> date:
        """The date printed on the letter (rows made before issued_on existed: the KST date of issue)."""
        return self.issued_on or self.issued_at.astimezone(KST).date()

    @property
    def appeal_deadline(self) -> datetime:
        """The first instant at which an appeal is late: appeals are taken through the whole date the letter
        prints (its date + APPEAL_DAYS, KST), so what the claimant reads on paper and the portal agree."""
        last_day = self.printed_on + timedelta(days=APPEAL_DAYS)
        return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=KST)

    @property
    def appeal_last_day(self) -> date:
        """The last day an appeal is taken (KST), as the letter prints it: what people are shown."""
        return self.printed_on + timedelta(days=APPEAL_DAYS)

    @property
    def pdf(self) -> bytes:
        """The letter's PDF, wherever it is kept (KeyError when the store has lost it)."""
        if self.pdf_bytes is not None:
            return self.pdf_bytes
        if self.stored_name is None:
            raise KeyError(f"letter {self.id} has no PDF")
        cached = self.__dict__.get("_pdf_cache")
        if cached is None:
            cached = self.__dict__["_pdf_cache"] = storage.current().get(self.stored_name)
        return cached

    @pdf.setter
    def pdf(self, data: bytes) -> None:
        self.pdf_bytes = data


# What a claimant or a verifier relies on; a changed decision issues a new letter instead (replaces_id).
IMMUTABLE = (
    "claim_id",
    "verification_code",
    "language",
    "sha256",
    "pdf_bytes",
    "stored_name",
    "decision",
    "total",
    "issued_on",
)


@event.listens_for(Letter, "before_update")
def _issued_letters_do_not_change(_mapper, _connection, target: Letter) -> None:
    state = inspect(target)
    changed = [name for name in IMMUTABLE if state.attrs[name].history.has_changes()]
    if changed:
        raise ValueError(f"an issued letter cannot be changed ({', '.join(changed)}); issue a new one")
