"""Programme reports for supervisors: the backlog and its ageing against the promised decision date,
throughput per week, the mix of reasons for rejecting lines, appeal outcomes, and adjust / overturn /
refusal rates per reviewer.

Every figure is an aggregate computed in SQL (GROUP BY over indexed columns, a few correlated sub-queries
over the small appeals table): nothing loads claims one by one, so the page stays fast at 100,000 claims.

A decision counts once it took effect: not pending a second signature, and not one a supervisor refused
(or a withdrawal voided). A decision later replaced on appeal still counts for its reviewer.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Date, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from claims.db import utcnow
from claims.models import Appeal, Approval, Claim, Decision, User
from claims.services.filing import DECISION_DAYS

BACKLOG = ("submitted", "in_review", "needs_info", "appealed")
AGE_BUCKETS = ("0-7", "8-14", f"15-{DECISION_DAYS}", "overdue")
APPEAL_OUTCOMES = ("raised", "unchanged", "lowered", "open")
MAX_WEEKS = 52


@dataclass
class Backlog:
    per_status: dict[str, int] = field(default_factory=dict)
    ageing: dict[str, int] = field(default_factory=dict)  # AGE_BUCKETS → claims
    ageing_per_status: dict[str, dict[str, int]] = field(default_factory=dict)
    oldest_filed: datetime | None = None

    @property
    def total(self) -> int:
        return sum(self.per_status.values())

    @property
    def past_promise(self) -> int:
        return self.ageing.get("overdue", 0)


@dataclass
class ReviewerRow:
    reviewer_id: int
    name: str
    decisions: int = 0
    lines: int = 0
    adjusted: int = 0
    rejected: int = 0
    appealed: int = 0
    overturned: int = 0
    approvals: int = 0
    refused: int = 0

    @staticmethod
    def _rate(part: int, whole: int) -> float:
        return round(100 * part / whole, 1) if whole else 0.0

    @property
    def adjust_rate(self) -> float:
        return self._rate(self.adjusted, self.lines)

    @property
    def reject_rate(self) -> float:
        return self._rate(self.rejected, self.lines)

    @property
    def overturn_rate(self) -> float:
        return self._rate(self.overturned, self.decisions)

    @property
    def refusal_rate(self) -> float:
        return self._rate(self.refused, self.approvals)


# ---- which decisions took effect -------------------------------------------------------------------------


def _set_aside_ids():
    return select(Approval.decision_id).where(
        Approval.status.in_(("refused", "void")), Approval.decision_id.is_not(None)
    )


def _effective(row=Decision):
    refused = _set_aside_ids()
    return and_(
        row.pending.is_(False),
        row.id.not_in(refused),
        or_(row.parent_id.is_(None), row.parent_id.not_in(refused)),
    )


# ---- the reports ----------------------------------------------------------------------------------------


def backlog(session: Session, now: datetime | None = None) -> Backlog:
    """Claims not yet decided, by status and by age since filing; "overdue" is past the promised decision
    date (DECISION_DAYS after filing, as the receipt says)."""
    now = now or utcnow()
    bucket = case(
        (Claim.filed_at >= now - timedelta(days=7), literal(AGE_BUCKETS[0])),
        (Claim.filed_at >= now - timedelta(days=14), literal(AGE_BUCKETS[1])),
        (Claim.filed_at >= now - timedelta(days=DECISION_DAYS), literal(AGE_BUCKETS[2])),
        else_=literal(AGE_BUCKETS[3]),
    ).label("bucket")
    result = Backlog(ageing=dict.fromkeys(AGE_BUCKETS, 0))
    rows = session.execute(
        select(Claim.status, bucket, func.count(), func.min(Claim.filed_at))
        .where(Claim.status.in_(BACKLOG))
        .group_by(Claim.status, bucket)
    ).all()
    for status, age, count, oldest in rows:
        result.per_status[status] = result.per_status.get(status, 0) + count
        result.ageing[age] = result.ageing.get(age, 0) + count
        result.ageing_per_status.setdefault(status, dict.fromkeys(AGE_BUCKETS, 0))[age] = count
        if oldest is not None and (result.oldest_filed is None or oldest < result.oldest_filed):
            result.oldest_filed = oldest
    return result


def oldest_overdue(session: Session, now: datetime | None = None, limit: int = 20) -> list[Claim]:
    """The claims longest past their promised decision date (the (status, filed_at) index, LIMIT)."""
    now = now or utcnow()
    return list(
        session.scalars(
            select(Claim)
            .where(Claim.status.in_(BACKLOG), Claim.filed_at < now - timedelta(days=DECISION_DAYS))
            .order_by(Claim.filed_at, Claim.id)
            .limit(limit)
        )
    )


def _week(session: Session, column):
    """The Monday (KST) of the week of `column`, as YYYY-MM-DD."""
    if session.get_bind().dialect.name == "postgresql":
        # Korea keeps no summer time: UTC + 9 hours is KST, and cheaper per row than a zone lookup.
        return cast(func.date_trunc("week", func.timezone("UTC", column) + timedelta(hours=9)), Date)
    return func.date(column, "+9 hours", "weekday 0", "-6 days")


def throughput(session: Session) -> list[tuple[str, int, int, int]]:
    """Per KST week: claims filed, decisions taken by staff, decisions taken automatically (the last
    MAX_WEEKS weeks with any activity)."""
    filed_week = _week(session, Claim.filed_at).label("week")
    filed = {
        str(week): n
        for week, n in session.execute(
            select(filed_week, func.count()).where(Claim.status != "draft").group_by(filed_week)
        )
    }
    decided_week = _week(session, Decision.created_at).label("week")
    by_staff = case((Decision.reviewer_id.is_(None), 0), else_=1)
    decided: dict[str, list[int]] = {}
    for week, staff, count in session.execute(
        select(decided_week, by_staff, func.count())
        .where(Decision.line_index.is_(None), _effective())
        .group_by(decided_week, by_staff)
    ):
        decided.setdefault(str(week), [0, 0])[0 if staff else 1] += count
    weeks = sorted(set(filed) | set(decided))[-MAX_WEEKS:]
    return [(str(w), filed.get(w, 0), *decided.get(w, [0, 0])) for w in weeks]


def reason_mix(session: Session) -> list[tuple[str, int, int]]:
    """Rejected lines in force, per reason code: (code, lines, claims), most used first."""
    lines = func.count()
    claims = func.count(func.distinct(Decision.claim_id))
    code = func.coalesce(Decision.reason_code, literal("OTHER")).label("code")
    rows = session.execute(
        select(code, lines, claims)
        .where(
            Decision.line_index.is_not(None),
            Decision.outcome == "rejected",
            Decision.superseded.is_(False),
            _effective(),
        )
        .group_by(code)
        .order_by(lines.desc())
    ).all()
    return [(code, int(n), int(c)) for code, n, c in rows]


def _appeals_subquery():
    """One row per appeal: the claim-level amount in force before it and the first one after it. Each is found
    by MAX/MIN of the id over the claim's decisions (the claim_id index), then read by primary key."""
    d = Decision.__table__.alias("d")
    common = and_(d.c.claim_id == Appeal.claim_id, d.c.line_index.is_(None), _effective(d.c))
    before_id = select(func.max(d.c.id)).where(common, d.c.created_at <= Appeal.filed_at).scalar_subquery()
    after_id = select(func.min(d.c.id)).where(common, d.c.created_at > Appeal.filed_at).scalar_subquery()
    row = Decision.__table__.alias("row")
    before = select(row.c.approved_amount).where(row.c.id == before_id).scalar_subquery()
    after = select(row.c.approved_amount).where(row.c.id == after_id).scalar_subquery()
    return select(
        Appeal.id.label("appeal_id"),
        Appeal.previous_reviewer_id.label("reviewer_id"),
        before.label("before"),
        after.label("after"),
    ).subquery()


def appeal_rows(session: Session) -> list[tuple[int | None, str, int]]:
    """Per appeal: (the reviewer whose decision was appealed, outcome, change of the approved amount). The
    appeals table is small next to the claims (one row per appeal); each row's two amounts are index lookups,
    read once here and aggregated by the two reports below."""
    sub = _appeals_subquery()
    rows = session.execute(select(sub.c.reviewer_id, sub.c.before, sub.c.after)).all()
    result = []
    for reviewer_id, before, after in rows:
        if after is None:
            result.append((reviewer_id, "open", 0))
            continue
        change = int(after) - int(before or 0)
        result.append(
            (reviewer_id, "raised" if change > 0 else "lowered" if change < 0 else "unchanged", change)
        )
    return result


def appeal_outcomes(session: Session, rows=None) -> dict[str, tuple[int, int]]:
    """outcome → (appeals, net change of the approved amounts in won)."""
    found = {o: [0, 0] for o in APPEAL_OUTCOMES}
    for _reviewer_id, outcome, change in appeal_rows(session) if rows is None else rows:
        found[outcome][0] += 1
        found[outcome][1] += change
    return {o: (n, d) for o, (n, d) in found.items()}


def _reviewer(rows: dict[int, ReviewerRow], names: dict[int, str], reviewer_id: int) -> ReviewerRow:
    if reviewer_id not in rows:
        rows[reviewer_id] = ReviewerRow(reviewer_id, names.get(reviewer_id, f"#{reviewer_id}"))
    return rows[reviewer_id]


def reviewers(session: Session, appeals=None) -> list[ReviewerRow]:
    """Per reviewer: decisions that took effect, lines adjusted and rejected, decisions overturned on appeal
    (the amount changed), second signatures asked and refused."""
    names = dict(session.execute(select(User.id, User.display_name).where(User.role != "claimant")).all())
    rows: dict[int, ReviewerRow] = {}
    for reviewer_id, count in session.execute(
        select(Decision.reviewer_id, func.count())
        .where(Decision.line_index.is_(None), Decision.reviewer_id.is_not(None), _effective())
        .group_by(Decision.reviewer_id)
    ):
        _reviewer(rows, names, reviewer_id).decisions = count
    adjusted = func.sum(case((Decision.outcome == "adjusted", 1), else_=0))
    rejected = func.sum(case((Decision.outcome == "rejected", 1), else_=0))
    for reviewer_id, lines, adj, rej in session.execute(
        select(Decision.reviewer_id, func.count(), adjusted, rejected)
        .where(Decision.line_index.is_not(None), Decision.reviewer_id.is_not(None), _effective())
        .group_by(Decision.reviewer_id)
    ):
        row = _reviewer(rows, names, reviewer_id)
        row.lines, row.adjusted, row.rejected = lines, int(adj or 0), int(rej or 0)
    for reviewer_id, outcome, _change in appeal_rows(session) if appeals is None else appeals:
        if reviewer_id is None:
            continue
        row = _reviewer(rows, names, reviewer_id)
        row.appealed += 1
        row.overturned += outcome in ("raised", "lowered")
    refused = func.sum(case((Approval.status == "refused", 1), else_=0))
    for reviewer_id, asked, ref in session.execute(
        select(Approval.requested_by_id, func.count(), refused)
        .where(Approval.requested_by_id.is_not(None))
        .group_by(Approval.requested_by_id)
    ):
        row = _reviewer(rows, names, reviewer_id)
        row.approvals, row.refused = asked, int(ref or 0)
    return sorted(rows.values(), key=lambda r: (-r.decisions, r.name))


# ---- CSV ------------------------------------------------------------------------------------------------


def _cell(value: object) -> object:
    if isinstance(value, int | float):
        return value
    text = "" if value is None else str(value)
    # A spreadsheet runs a cell that starts with one of these as a formula; a leading quote keeps it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheet programs read Korean), formula-escaped cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell(h) for h in header])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")
