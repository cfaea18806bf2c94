"""The payout ledger: what each claim is owed, batches of transfers for the bank, and marking a batch sent.

Owed on a claim = the approved total of the decision in force − what has been sent or confirmed (+ what was
recovered). A transfer that is exported but not yet sent is in flight: it is not exported again. An amount
raised after payment is due again, as a top-up; an amount lowered after payment leaves an overpayment that
shows as a recovery item until a supervisor settles it (payout_results.py). Nothing here changes a claim.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from claims.banks import bank_code, bank_name
from claims.db import utcnow
from claims.errors import NotAllowed
from claims.models import Claim, Payment, PayoutBatch, User
from claims.models.claim import ClaimStatus
from claims.models.payout import BOUNCED, IN_FLIGHT, TRANSFER_KINDS, TRANSFERRED
from claims.services.audit import claim_events, record

# A decision in force that can be paid (a decision above the approval limit reaches these only once signed).
PAYABLE_STATUSES = (ClaimStatus.DECIDED, ClaimStatus.LETTER_ISSUED, ClaimStatus.CLOSED)
BANK_FILE_HEADER = ("reference", "bank_code", "bank", "account", "holder", "amount", "kind", "claim")
SUMMARY_HEADER = ("batch", "exported_at", "transfers", "total")
# Serialises exports on PostgreSQL (pg_advisory_xact_lock); SQLite serialises writers by itself.
EXPORT_LOCK = 0x5041594F  # "PAYO"


@dataclass(frozen=True)
class Balance:
    """Where a claim stands in the ledger, in whole KRW."""

    approved: int  # the approved total in force (0 while no payable decision is in force)
    transferred: int  # payments and top-ups sent or confirmed
    in_flight: int  # exported, not yet sent
    recovered: int  # overpayments the claimant paid back
    written_off: int  # overpayments a supervisor decided not to recover
    blocked: bool  # a failed or returned transfer waits for a corrected account
    payable: bool  # a decision that can be paid is in force

    @property
    def paid(self) -> int:
        """What the claimant has received and kept."""
        return self.transferred - self.recovered

    @property
    def balance(self) -> int:
        """Still owed to the claimant (> 0) or overpaid (< 0)."""
        return self.approved - self.paid

    @property
    def still_due(self) -> int:
        """Owed and not yet on its way (also while a bounced transfer waits for a corrected account)."""
        return max(0, self.balance - self.in_flight) if self.payable else 0

    @property
    def due(self) -> int:
        """What the next batch would pay."""
        if not self.payable or self.blocked:
            return 0
        return max(0, self.balance - self.in_flight)

    @property
    def to_recover(self) -> int:
        """An overpayment no supervisor has settled yet."""
        if not self.payable:
            return 0
        return max(0, -self.balance - self.written_off)


def _sums():
    """Per claim: the ledger's sums, as a sub-query (claim_id, transferred, in_flight, …)."""
    transfer = Payment.kind.in_(TRANSFER_KINDS)

    def total(condition):
        return func.coalesce(func.sum(case((condition, Payment.amount), else_=0)), 0)

    return (
        select(
            Payment.claim_id.label("claim_id"),
            total(and_(transfer, Payment.state.in_(TRANSFERRED))).label("transferred"),
            total(and_(transfer, Payment.state.in_(IN_FLIGHT))).label("in_flight"),
            total(Payment.state == "recovered").label("recovered"),
            total(Payment.state == "written_off").label("written_off"),
            func.sum(
                case((and_(Payment.state.in_(BOUNCED), Payment.account_corrected_at.is_(None)), 1), else_=0)
            ).label("blocked"),
            func.count(Payment.id).label("rows"),
        )
        .group_by(Payment.claim_id)
        .subquery("ledger")
    )


def _approved():
    """The approved total in force of a claim whose decision can be paid (a rejection: 0)."""
    return case(
        (Claim.decision.in_(("approved", "partly_approved")), func.coalesce(Claim.amount_approved, 0)),
        else_=0,
    )


def _ledger_rows(ledger):
    """Payable claims with their ledger sums; due and overpaid as SQL expressions."""
    transferred = func.coalesce(ledger.c.transferred, 0)
    recovered = func.coalesce(ledger.c.recovered, 0)
    balance = _approved() - transferred + recovered
    due = balance - func.coalesce(ledger.c.in_flight, 0)
    overpaid = -balance - func.coalesce(ledger.c.written_off, 0)
    return balance, due, overpaid


def standing(session: Session, claim: Claim) -> Balance:
    """The claim's standing in the ledger."""
    ledger = _sums()
    row = session.execute(select(ledger).where(ledger.c.claim_id == claim.id)).one_or_none()
    payable = claim.status in PAYABLE_STATUSES and claim.decision is not None
    approved = int(claim.amount_approved or 0) if claim.decision in ("approved", "partly_approved") else 0
    if row is None:
        return Balance(approved, 0, 0, 0, 0, False, payable)
    return Balance(
        approved=approved,
        transferred=int(row.transferred),
        in_flight=int(row.in_flight),
        recovered=int(row.recovered),
        written_off=int(row.written_off),
        blocked=bool(row.blocked),
        payable=payable,
    )


def payments_of(session: Session, claim: Claim) -> list[Payment]:
    """The claim's ledger rows, oldest first."""
    return list(session.scalars(select(Payment).where(Payment.claim_id == claim.id).order_by(Payment.id)))


@dataclass(frozen=True)
class Due:
    claim_id: int
    reference: str
    holder: str
    approved: int
    paid: int
    amount: int
    kind: str  # payment, or top_up when something was paid before
    bank: str = ""  # the claim's payout account now (what the bank file will say)
    account: str = ""
    rows: int = 0  # the claim's ledger rows so far (the next transfer is <reference>-<rows + 1>)


def due_list(session: Session, limit: int | None = None) -> list[Due]:
    """Every claim the next batch would pay, by reference."""
    ledger = _sums()
    _balance, due, _overpaid = _ledger_rows(ledger)
    paid = func.coalesce(ledger.c.transferred, 0) - func.coalesce(ledger.c.recovered, 0)
    query = (
        select(
            Claim.id,
            Claim.reference,
            Claim.payout_holder,
            Claim.contact_name,
            _approved().label("approved"),
            paid.label("paid"),
            due.label("due"),
            Claim.payout_bank,
            Claim.payout_account,
            func.coalesce(ledger.c.rows, 0).label("rows"),
        )
        .outerjoin(ledger, ledger.c.claim_id == Claim.id)
        .where(
            Claim.status.in_(PAYABLE_STATUSES),
            due > 0,
            func.coalesce(ledger.c.blocked, 0) == 0,
        )
        .order_by(Claim.reference)
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        Due(
            claim_id=row.id,
            reference=row.reference,
            holder=row.payout_holder or row.contact_name or "",
            approved=int(row.approved),
            paid=int(row.paid),
            amount=int(row.due),
            kind="top_up" if row.paid else "payment",
            bank=bank_code(row.payout_bank) or (row.payout_bank or ""),
            account=row.payout_account or "",
            rows=int(row.rows),
        )
        for row in session.execute(query)
    ]


def payable_summary(session: Session) -> tuple[int, int]:
    """How many transfers the next export would make, and for how much."""
    ledger = _sums()
    _balance, due, _overpaid = _ledger_rows(ledger)
    inner = (
        select(due.label("due"))
        .outerjoin(ledger, ledger.c.claim_id == Claim.id)
        .where(Claim.status.in_(PAYABLE_STATUSES), due > 0, func.coalesce(ledger.c.blocked, 0) == 0)
        .subquery()
    )
    count, total = session.execute(select(func.count(), func.coalesce(func.sum(inner.c.due), 0))).one()
    return int(count), int(total)


@dataclass(frozen=True)
class Recovery:
    claim_id: int
    reference: str
    holder: str
    approved: int
    paid: int
    written_off: int
    amount: int  # still to recover or write off


def recoveries(session: Session) -> list[Recovery]:
    """Claims paid more than the decision in force now approves, not yet settled by a supervisor."""
    ledger = _sums()
    _balance, _due, overpaid = _ledger_rows(ledger)
    rows = session.execute(
        select(
            Claim.id,
            Claim.reference,
            Claim.payout_holder,
            _approved(),
            ledger.c.transferred - ledger.c.recovered,
            ledger.c.written_off,
            overpaid,
        )
        .join(ledger, ledger.c.claim_id == Claim.id)
        .where(Claim.status.in_(PAYABLE_STATUSES), overpaid > 0)
        .order_by(Claim.reference)
    )
    return [Recovery(r[0], r[1], r[2] or "", int(r[3]), int(r[4]), int(r[5]), int(r[6])) for r in rows]


def blocked_payments(session: Session) -> list[Payment]:
    """Failed or returned transfers waiting for a corrected account, oldest first."""
    return list(
        session.scalars(
            select(Payment)
            .where(Payment.state.in_(BOUNCED), Payment.account_corrected_at.is_(None))
            .order_by(Payment.id)
        )
    )


# ---- export ------------------------------------------------------------------------------------------------


def _cell(value: object) -> str:
    text_value = "" if value is None else str(value)
    # A spreadsheet runs a cell that starts with one of these as a formula; a leading quote keeps it text.
    return "'" + text_value if text_value[:1] in ("=", "+", "-", "@", "\t", "\r") else text_value


def _csv(header: tuple[str, ...], rows: list[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def _require_supervisor(user: User) -> None:
    if not user.is_supervisor:
        raise NotAllowed(_l("Only a supervisor can do this."))


def _lock_exports(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": EXPORT_LOCK})


def export(session: Session, supervisor: User, now: datetime | None = None) -> PayoutBatch:
    """A batch of every amount due (payments and top-ups), each claim's transfer exported once.

    Two exports at once cannot pay a claim twice: on PostgreSQL they take turns (an advisory lock), and on
    every database at most one exported transfer per claim may exist (a partial unique index)."""
    _require_supervisor(supervisor)
    now = now or utcnow()
    _lock_exports(session)
    due = due_list(session)
    if not due:
        session.rollback()
        raise NotAllowed(_l("There is nothing to pay: every amount due is already in a batch."))
    batch = PayoutBatch(
        exported_by_id=supervisor.id,
        exported_at=now,
        claim_count=len(due),
        total=sum(item.amount for item in due),
        csv="",
    )
    session.add(batch)
    # Rows in bulk (a batch can hold every claim of the programme): one INSERT of the transfers, one of
    # their audit events.
    rows = [
        {
            "reference": f"{item.reference}-{item.rows + 1}",
            "claim_id": item.claim_id,
            "kind": item.kind,
            "amount": item.amount,
            "bank_code": item.bank,
            "account": item.account,
            "holder": item.holder,
        }
        for item in due
    ]
    batch.csv = _csv(
        BANK_FILE_HEADER,
        [
            (
                r["reference"],
                bank_code(r["bank_code"]),
                bank_name(r["bank_code"]),
                r["account"],
                r["holder"],
                r["amount"],
                r["kind"],
                item.reference,
            )
            for r, item in zip(rows, due, strict=True)
        ],
    )
    try:
        session.flush()
        session.execute(
            insert(Payment),
            [
                {
                    **r,
                    "batch_id": batch.id,
                    "state": "exported",
                    "reason": "",
                    "created_at": now,
                    "created_by_id": supervisor.id,
                }
                for r in rows
            ],
        )
    except (IntegrityError, OperationalError) as exc:
        session.rollback()
        raise NotAllowed(
            _l("Another export was running at the same moment. Reload the page and check.")
        ) from exc
    claim_events(
        session,
        supervisor.id,
        "payout.exported",
        [
            (r["claim_id"], None, {"reference": r["reference"], "kind": r["kind"], "amount": r["amount"]})
            for r in rows
        ],
    )
    record(
        session,
        supervisor.id,
        "payout.export",
        "payout_batch",
        batch.id,
        None,
        {"transfers": batch.claim_count, "total": batch.total},
    )
    try:
        session.commit()
    except (IntegrityError, OperationalError) as exc:
        session.rollback()
        raise NotAllowed(
            _l("Another export was running at the same moment. Reload the page and check.")
        ) from exc
    return batch


def mark_sent(
    session: Session, batch: PayoutBatch, supervisor: User, now: datetime | None = None
) -> PayoutBatch:
    """The batch's file went to the bank: its exported transfers are sent (and count as paid)."""
    _require_supervisor(supervisor)
    # The batch row is locked (PostgreSQL) so that two clicks mark it once.
    session.refresh(batch, with_for_update=session.get_bind().dialect.name == "postgresql")
    if batch.sent_at is not None:
        raise NotAllowed(_l("This batch is already marked sent."))
    now = now or utcnow()
    batch.sent_at, batch.sent_by_id = now, supervisor.id
    exported = (Payment.batch_id == batch.id, Payment.state == "exported")
    sent = session.execute(select(Payment.claim_id, Payment.reference, Payment.amount).where(*exported)).all()
    session.execute(
        update(Payment)
        .where(*exported)
        .values(state="sent", sent_at=now)
        .execution_options(synchronize_session=False)
    )
    claim_events(
        session,
        supervisor.id,
        "payout.sent",
        [
            (
                row.claim_id,
                {"state": "exported"},
                {"reference": row.reference, "state": "sent", "amount": row.amount},
            )
            for row in sent
        ],
    )
    record(
        session,
        supervisor.id,
        "payout.batch_sent",
        "payout_batch",
        batch.id,
        None,
        {"sent_at": now.isoformat()},
    )
    session.commit()
    return batch


def batches(session: Session, limit: int = 50) -> list[PayoutBatch]:
    return list(session.scalars(select(PayoutBatch).order_by(PayoutBatch.id.desc()).limit(limit)))


@dataclass(frozen=True)
class BatchSummary:
    count: int
    total: int
    by_state: dict[str, tuple[int, int]]  # state → (count, total)


def summary(session: Session, batch: PayoutBatch) -> BatchSummary:
    rows = session.execute(
        select(Payment.state, func.count(), func.coalesce(func.sum(Payment.amount), 0))
        .where(Payment.batch_id == batch.id)
        .group_by(Payment.state)
    ).all()
    return BatchSummary(batch.claim_count, batch.total, {state: (int(n), int(t)) for state, n, t in rows})


def batch_payments(
    session: Session, batch: PayoutBatch, state: str | None = None, limit: int = 500
) -> list[Payment]:
    """A page of the batch's transfers by reference (only those in `state`, when given)."""
    query = select(Payment).where(Payment.batch_id == batch.id).order_by(Payment.reference).limit(limit)
    if state is not None:
        query = query.where(Payment.state == state)
    return list(session.scalars(query))


def csv_bytes(batch: PayoutBatch) -> bytes:
    """The bank file: UTF-8 with a byte-order mark (so spreadsheets read Korean); transfer rows only."""
    return "\ufeff".encode() + batch.csv.encode("utf-8")


def summary_bytes(batch: PayoutBatch) -> bytes:
    """The batch's control totals as their own file (count and total), to check against the bank file."""
    exported = batch.exported_at.isoformat(timespec="seconds")
    return (
        "\ufeff".encode()
        + _csv(SUMMARY_HEADER, [(batch.id, exported, batch.claim_count, batch.total)]).encode()
    )
