"""Steering the programme: saved versions of an incident's windows, adopted policy versions, reassessment
runs, and the decided claims a correction would change (listed for a supervisor, never changed silently)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from claims.db import Base, UTCDateTime, utcnow
from claims.models._types import one_of

RUN_STATES = ("queued", "running", "done", "failed")
FINDING_STATES = ("pending", "reopened", "left")
POLICY_STATES = ("draft", "adopted")


class WindowVersion(Base):
    """One saved state of an incident's windows: every window as data, and the changes that made it.

    `windows` is {service code: [{start, end, level, note, source}]} with ISO times, enough to rebuild the
    incident of that version for any comparison; `changes` is the change log shown on the public timeline.
    """

    __tablename__ = "window_versions"
    __table_args__ = (UniqueConstraint("incident_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    windows: Mapped[dict] = mapped_column(JSON)
    changes: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class PolicyVersion(Base):
    """A policy made from a shipped one with some parameters changed: a draft, then adopted once a second
    supervisor signs. `data` is the policy's whole YAML structure (values with their references)."""

    __tablename__ = "policy_versions"
    __table_args__ = (one_of("state", POLICY_STATES),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(64), unique=True)
    base_policy_id: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict] = mapped_column(JSON)
    params_hash: Mapped[str] = mapped_column(String(64))
    changed: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default="draft")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    adopted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ReassessmentRun(Base):
    """A background reassessment of the open claims (after a windows version or a policy adoption)."""

    __tablename__ = "reassessment_runs"
    __table_args__ = (one_of("state", RUN_STATES),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(20))  # "windows", "policy" or "manual"
    windows_version: Mapped[int] = mapped_column(Integer)
    policy_id: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(10), default="queued")
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    decided_listed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class DecidedChange(Base):
    """A decided claim whose computed amount a correction would change: listed, for a supervisor to reopen
    (back to the queue, marked) or to leave with a note."""

    __tablename__ = "decided_changes"
    __table_args__ = (one_of("state", FINDING_STATES), UniqueConstraint("run_id", "claim_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("reassessment_runs.id", ondelete="CASCADE"), index=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    before: Mapped[int] = mapped_column(Integer)
    after: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
