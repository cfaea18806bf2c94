"""Oversight figures: claims per day, status, type and service; amounts; auto or manual; decision time."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from claims.models import Claim, ClaimItem
from claims.models.claim import DECIDED_STATUSES

DECIDED = tuple(DECIDED_STATUSES)


@dataclass
class Overview:
    per_day: list[tuple[str, int]] = field(default_factory=list)
    per_status: dict[str, int] = field(default_factory=dict)
    per_type: dict[str, int] = field(default_factory=dict)
    per_service: list[tuple[str, int]] = field(default_factory=list)
    per_review: dict[str, int] = field(default_factory=dict)
    amounts: dict[str, int] = field(default_factory=dict)
    amounts_per_type: dict[str, dict[str, int]] = field(default_factory=dict)
    decided_auto: int = 0
    decided_manual: int = 0
    hours_to_decision: dict[str, dict[str, float | int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.per_status.values())


def _filed_day(session: Session):
    # Days are Korean days: a claim filed at 23:30 UTC belongs to the next day in Seoul.
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("Asia/Seoul", Claim.filed_at), "YYYY-MM-DD")
    return func.date(Claim.filed_at, "+9 hours")


def _hours_to_decision(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", Claim.decided_at - Claim.filed_at) / 3600
    return (func.julianday(Claim.decided_at) - func.julianday(Claim.filed_at)) * 24


def _summary(hours: list[float]) -> dict[str, float | int]:
    if not hours:
        return {"count": 0, "median": 0, "p90": 0, "mean": 0}
    ordered = sorted(hours)
    return {
        "count": len(ordered),
        "median": round(statistics.median(ordered), 1),
        "p90": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))], 1),
        "mean": round(statistics.fmean(ordered), 1),
    }


def overview(session: Session) -> Overview:
    filed = Claim.status != "draft"
    result = Overview()
    day = _filed_day(session).label("day")
    result.per_day = [
        (str(d), n)
        for d, n in session.execute(select(day, func.count()).where(filed).group_by(day).order_by(day))
    ]
    result.per_status = dict(
        session.execute(select(Claim.status, func.count()).where(filed).group_by(Claim.status)).all()
    )
    result.per_type = dict(
        session.execute(
            select(Claim.claimant_type, func.count()).where(filed).group_by(Claim.claimant_type)
        ).all()
    )
    count = func.count(distinct(ClaimItem.claim_id))
    result.per_service = [
        (service, n)
        for service, n in session.execute(
            select(ClaimItem.service, count)
            .join(Claim, Claim.id == ClaimItem.claim_id)
            .where(filed, ClaimItem.service.is_not(None))
            .group_by(ClaimItem.service)
            .order_by(count.desc())
        )
    ]
    result.per_review = {
        (key or "none"): n
        for key, n in session.execute(
            select(Claim.review_status, func.count()).where(filed).group_by(Claim.review_status)
        )
    }
    sums = (
        func.coalesce(func.sum(Claim.amount_claimed), 0),
        func.coalesce(func.sum(Claim.amount_computed), 0),
        func.coalesce(func.sum(Claim.amount_approved), 0),
    )
    claimed, computed, approved = session.execute(select(*sums).where(filed)).one()
    result.amounts = {"claimed": int(claimed), "computed": int(computed), "approved": int(approved)}
    for kind, c, m, a in session.execute(
        select(Claim.claimant_type, *sums).where(filed).group_by(Claim.claimant_type)
    ):
        result.amounts_per_type[kind] = {"claimed": int(c), "computed": int(m), "approved": int(a)}
    hours = _hours_to_decision(session).label("hours")
    auto, manual = [], []
    rows = session.execute(
        select(Claim.review_status, hours).where(Claim.status.in_(DECIDED), Claim.decided_at.is_not(None))
    )
    for review_status, value in rows:
        (auto if review_status == "auto_approved" else manual).append(max(float(value or 0), 0.0))
    result.decided_auto, result.decided_manual = len(auto), len(manual)
    result.hours_to_decision = {"auto": _summary(auto), "manual": _summary(manual)}
    return result
