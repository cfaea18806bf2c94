"""People who use the portal: claimants and staff, with their role and language."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from claims.db import Base, UTCDateTime, utcnow
from claims.models._types import one_of

ROLES = ("claimant", "reviewer", "supervisor", "admin")
STAFF_ROLES = ("reviewer", "supervisor", "admin")
LANGUAGES = ("ko", "en")


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (one_of("role", ROLES), one_of("language", LANGUAGES))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(30), index=True)
    role: Mapped[str] = mapped_column(String(20), default="claimant")
    language: Mapped[str] = mapped_column(String(5), default="ko")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped on password change so that reset tokens and other sessions stop working.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    # When the person followed the link sent to `email` (None: not confirmed; no claim, no e-mail to it).
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # 개인정보 수집·이용 동의: which text the person agreed to, and when (claimants; None for staff).
    privacy_consent_version: Mapped[str | None] = mapped_column(String(20))
    privacy_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def set_password(self, password: str, method: str = "scrypt") -> None:
        """Hash with `method` (the PASSWORD_HASH_METHOD setting: scrypt, or a cheap one in tests only)."""
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # flask-login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch}"

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def confirmed_email(self) -> str | None:
        """The address the portal may write to: only one its owner has confirmed."""
        return self.email if self.email_confirmed_at is not None else None

    def can_file_claims(self) -> bool:
        return self.role == "claimant" and self.active and self.email_confirmed

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_case_staff(self) -> bool:
        """Works claims: reviewers and supervisors (admins manage accounts and do not see claims)."""
        return self.role in ("reviewer", "supervisor")

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_claimant(self) -> bool:
        return self.role == "claimant"

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class LoginSession(Base):
    """One signed-in browser: the session cookie carries a random token whose hash is stored here.

    Signing out deletes the row, so a copied cookie stops working at once; a password or role change deletes
    every row of the person.
    """

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
