"""People who use the portal: claimants and staff, with their role and language."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Integer, String
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
