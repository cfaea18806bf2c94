"""The reviewers' queue: filtered, sorted, paginated claims that stay fast at 100,000 claims.

Every filter is a condition on an indexed column or an EXISTS on an indexed child table; a page is fetched
with LIMIT page_size + 1 (no count of the filtered population, which would read it all); the only counts are
the per-status ones, a GROUP BY over the (status, filed_at) index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from threading import Lock
from time import monotonic

from cachetools import TLRUCache
from sqlalchemy import String, and_, bindparam, cast, exists, func, or_, select
from sqlalchemy.orm import Session, load_only

from claims.db import utcnow
from claims.i18n import KST
from claims.models import Appeal, Approval, Claim, ClaimItem, InfoRequest, User

PAGE_SIZE = 50
OPEN = ("submitted", "in_review", "appealed")
SORTS = ("age", "newest", "amount", "flags")
_REFERENCE = re.compile(r"^KC-[0-9A-Z]{4}-[0-9A-Z]{6}$")
_PHONE = re.compile(r"^[0-9+\- ]{7,20}$")
# A piece of a reference: "CZ5H45", "2210-CZ5", "kc-2210" (Latin letters, digits and hyphens).
_PARTIAL_REFERENCE = re.compile(r"^[0-9A-Z-]{4,14}$")


@dataclass
class QueueFilters:
    status: str = "open"  # "open", "all" or one status
    claimant_type: str | None = None
    service: str | None = None
    kind: str | None = None
    flag: str | None = None  # "any", "none" or a flag/signal code
    review_status: str | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    filed_from: date | None = None
    filed_to: date | None = None
    assigned: str | None = None  # "me" or "unassigned"
    overdue: bool = False
    appeals: bool = False
    q: str = ""
    sort: str = "age"
    page: int = 1


@dataclass
class QueueRow:
    claim: Claim
    services: list[str]
    kinds: list[str]
    assignee: str | None
    overdue: bool
    appeal: bool
    awaiting_signature: bool
    refused: bool = False  # back in review after a supervisor refused the second signature


@dataclass
class QueuePage:
    rows: list[QueueRow]
    page: int
    has_next: bool
    counts: dict[str, int] = field(default_factory=dict)


def _kst_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=KST)


def _today() -> date:
    return utcnow().astimezone(KST).date()


def overdue_condition(today: date):
    # Driven from the small table of requests (IN), not checked claim by claim (EXISTS) along the sort.
    return and_(
        Claim.status == "needs_info",
        Claim.id.in_(
            select(InfoRequest.claim_id).where(
                InfoRequest.responded_at.is_(None),
                InfoRequest.closed_at.is_(None),
                InfoRequest.due_on < today,
            )
        ),
    )


def appeal_condition():
    return Claim.id.in_(select(Appeal.claim_id).where(Appeal.resolved_at.is_(None)))


def _flag_condition(code: str):
    # JSON lists are compared as text ('["MANUAL_REVIEW"]') on both SQLite and PostgreSQL.
    pattern = f'%"{code}"%'
    return or_(cast(Claim.flags, String).like(pattern), cast(Claim.signals, String).like(pattern))


def _search_condition(q: str):
    q = q.strip()
    if _REFERENCE.match(q.upper()):
        return Claim.reference == q.upper()
    if _PARTIAL_REFERENCE.match(q.upper()) and not _PHONE.match(q):
        return or_(Claim.reference.like(f"%{q.upper()}%"), _name_condition(q))
    if "@" in q:
        return Claim.contact_email == q.lower()
    if _PHONE.match(q):
        digits = re.sub(r"\D", "", q)
        forms = {q, digits}
        if len(digits) == 11:
            forms.add(f"{digits[:3]}-{digits[3:7]}-{digits[7:]}")
        if len(digits) < 9 and _PARTIAL_REFERENCE.match(q.upper()):  # "2210-22": too short for a phone
            return or_(Claim.contact_phone.in_(forms), Claim.reference.like(f"%{q.upper()}%"))
        return Claim.contact_phone.in_(forms)
    return _name_condition(q)


def _name_condition(q: str):
    return or_(Claim.contact_name == q, Claim.contact_name.like(q.replace("%", "").replace("_", "") + "%"))


def build_query(filters: QueueFilters, user_id: int | None, now: datetime | None = None):
    """The SELECT of one page's claims (without LIMIT/OFFSET), for the view and for EXPLAIN in the bench."""
    now = now or utcnow()
    query = select(Claim)
    if filters.status == "open" and filters.overdue:
        pass  # an overdue request is by definition waiting for information, not open for a reviewer
    elif filters.status == "open" and filters.q.strip():
        query = query.where(Claim.status != "draft")  # a search looks through every status
    elif filters.status == "open":
        query = query.where(Claim.status.in_(OPEN))
    elif filters.status == "all":
        query = query.where(Claim.status != "draft")
    else:
        query = query.where(Claim.status == filters.status)
    if filters.claimant_type:
        query = query.where(Claim.claimant_type == filters.claimant_type)
    if filters.service:
        query = query.where(
            exists().where(ClaimItem.service == filters.service, ClaimItem.claim_id == Claim.id)
        )
    if filters.kind:
        query = query.where(exists().where(ClaimItem.kind == filters.kind, ClaimItem.claim_id == Claim.id))
    if filters.flag == "any":
        query = query.where(Claim.flag_count > 0)
    elif filters.flag == "none":
        query = query.where(Claim.flag_count == 0)
    elif filters.flag:
        query = query.where(Claim.flag_count > 0, _flag_condition(filters.flag))
    if filters.review_status:
        query = query.where(Claim.review_status == filters.review_status)
    if filters.amount_min is not None:
        query = query.where(Claim.amount_computed >= filters.amount_min)
    if filters.amount_max is not None:
        query = query.where(Claim.amount_computed <= filters.amount_max)
    if filters.filed_from:
        query = query.where(Claim.filed_at >= _kst_start(filters.filed_from))
    if filters.filed_to:
        query = query.where(Claim.filed_at < _kst_start(filters.filed_to + timedelta(days=1)))
    if filters.assigned == "me" and user_id is not None:
        query = query.where(Claim.assigned_to_id == user_id, Claim.assigned_until > now)
    elif filters.assigned == "unassigned":
        query = query.where(or_(Claim.assigned_to_id.is_(None), Claim.assigned_until <= now))
    if filters.overdue:
        query = query.where(overdue_condition(now.astimezone(KST).date()))
    if filters.appeals:
        query = query.where(appeal_condition())
    if filters.q.strip():
        query = query.where(_search_condition(filters.q))
    order = {
        "age": (Claim.filed_at.asc(), Claim.id.asc()),
        "newest": (Claim.filed_at.desc(), Claim.id.desc()),
        "amount": (Claim.amount_computed.desc(), Claim.id.desc()),
        "flags": (Claim.flag_count.desc(), Claim.filed_at.asc(), Claim.id.asc()),
    }[filters.sort if filters.sort in SORTS else "age"]
    return query.order_by(*order)


# Counts by (database, which counts, time to live): each entry expires `ttl` seconds after it was computed,
# and the cache holds a bounded number of entries (cachetools' time-aware LRU).
_counts_cache: TLRUCache = TLRUCache(maxsize=32, ttu=lambda key, value, now: now + key[2], timer=monotonic)
_counts_lock = Lock()


def _cached(session: Session, name: str, ttl: float, compute) -> dict[str, int]:
    """The counts at the top of the queue may be a few seconds old: they are read on every page view by
    every reviewer, and a GROUP BY over 100,000 rows costs more than the page itself."""
    if ttl <= 0:
        return compute()
    key = (str(session.get_bind().url), name, ttl)
    with _counts_lock:
        hit = _counts_cache.get(key)
    if hit is not None:
        return hit
    value = compute()
    with _counts_lock:
        _counts_cache[key] = value
    return value


def status_counts(session: Session, ttl: float = 0) -> dict[str, int]:
    return _cached(
        session,
        "status",
        ttl,
        lambda: dict(session.execute(select(Claim.status, func.count()).group_by(Claim.status)).all()),
    )


def side_counts(session: Session, ttl: float = 0) -> dict[str, int]:
    """The small queues worth a badge: overdue information requests, open appeals, second signatures."""

    def compute() -> dict[str, int]:
        today = _today()
        overdue = session.scalar(select(func.count()).select_from(Claim).where(overdue_condition(today)))
        appeals = session.scalar(select(func.count()).select_from(Appeal).where(Appeal.resolved_at.is_(None)))
        approvals = session.scalar(
            select(func.count()).select_from(Approval).where(Approval.status == "pending")
        )
        return {"overdue": overdue or 0, "appeals": appeals or 0, "approvals": approvals or 0}

    return _cached(session, "side", ttl, compute)


# What a page reads besides its claims, built once with the page's claim ids as an expanding parameter:
# building five selects (and their cache keys) on every page view cost more CPU than running them.
_IDS = bindparam("ids", expanding=True)
_ITEMS = select(ClaimItem.claim_id, ClaimItem.service, ClaimItem.kind).where(ClaimItem.claim_id.in_(_IDS))
_HOLDER_NAMES = select(User.id, User.display_name).where(User.id.in_(_IDS))
_OVERDUE = select(InfoRequest.claim_id).where(
    InfoRequest.claim_id.in_(_IDS),
    InfoRequest.responded_at.is_(None),
    InfoRequest.due_on < bindparam("today"),
)
_OPEN_APPEALS = select(Appeal.claim_id).where(Appeal.claim_id.in_(_IDS), Appeal.resolved_at.is_(None))
_APPROVALS = (
    select(Approval.claim_id, Approval.status).where(Approval.claim_id.in_(_IDS)).order_by(Approval.id)
)
# The columns a queue row shows (reviewer pages load the whole claim themselves).
_ROW_COLUMNS = load_only(
    Claim.reference,
    Claim.claimant_type,
    Claim.status,
    Claim.review_status,
    Claim.flags,
    Claim.signals,
    Claim.amount_claimed,
    Claim.amount_computed,
    Claim.filed_at,
    Claim.assigned_to_id,
    Claim.assigned_until,
)


def page(
    session: Session, filters: QueueFilters, user_id: int | None, page_size: int = PAGE_SIZE
) -> QueuePage:
    number = max(filters.page, 1)
    query = (
        build_query(filters, user_id)
        .options(_ROW_COLUMNS)
        .offset((number - 1) * page_size)
        .limit(page_size + 1)
    )
    claims = list(session.scalars(query))
    has_next = len(claims) > page_size
    claims = claims[:page_size]
    ids = [claim.id for claim in claims]
    now = utcnow()
    holders = {
        c.assigned_to_id for c in claims if c.assigned_to_id and c.assigned_until and c.assigned_until > now
    }
    names = dict(session.execute(_HOLDER_NAMES, {"ids": list(holders)}).all()) if holders else {}
    services: dict[int, set[str]] = {claim_id: set() for claim_id in ids}
    kinds: dict[int, set[str]] = {claim_id: set() for claim_id in ids}
    overdue = appeals = waiting = refused = set()
    if ids:
        for claim_id, service, kind in session.execute(_ITEMS, {"ids": ids}):
            if service:
                services[claim_id].add(service)
            kinds[claim_id].add(kind)
        overdue = set(session.scalars(_OVERDUE, {"ids": ids, "today": _today()}))
        appeals = set(session.scalars(_OPEN_APPEALS, {"ids": ids}))
        # One read of the page's approvals: any pending one awaits a signature; the latest says refused.
        waiting = set()
        latest: dict[int, str] = {}
        for claim_id, status in session.execute(_APPROVALS, {"ids": ids}):
            latest[claim_id] = status
            if status == "pending":
                waiting.add(claim_id)
        refused = {claim_id for claim_id, status in latest.items() if status == "refused"}
    rows = [
        QueueRow(
            claim=claim,
            services=sorted(services[claim.id]),
            kinds=sorted(kinds[claim.id]),
            assignee=names.get(claim.assigned_to_id) if claim.assigned_to_id in holders else None,
            overdue=claim.id in overdue and claim.status == "needs_info",
            appeal=claim.id in appeals,
            awaiting_signature=claim.id in waiting,
            refused=claim.id in refused and claim.status in OPEN,
        )
        for claim in claims
    ]
    return QueuePage(rows=rows, page=number, has_next=has_next)


def next_claim_id(
    session: Session,
    filters: QueueFilters,
    user_id: int | None,
    current_id: int,
    now: datetime | None = None,
    window: int = 200,
    page_size: int = PAGE_SIZE,
) -> int | None:
    """The claim after `current_id` in the same filtered, sorted queue (from the page the reviewer was on),
    skipping claims another reviewer holds. When the current claim has left the queue (decided), the first
    of the remaining ones is next. Reads ids only, at most `window` of them, on the queue's own indexes."""
    now = now or utcnow()
    query = (
        build_query(filters, user_id, now)
        .with_only_columns(Claim.id, Claim.assigned_to_id, Claim.assigned_until)
        .offset((max(filters.page, 1) - 1) * page_size)
        .limit(window)
    )
    rows = session.execute(query).all()
    ids = [row[0] for row in rows]
    start = ids.index(current_id) + 1 if current_id in ids else 0
    for claim_id, holder, until in rows[start:]:
        if claim_id == current_id:
            continue
        if holder and holder != user_id and until and until > now:
            continue
        return claim_id
    return None
