"""Payout export: approved, signed, unpaid claims as one CSV batch, marked paid in the same transaction."""

from __future__ import annotations

import csv
import io

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from claims.errors import NotAllowed
from claims.models import Claim, Letter, PayoutBatch, User
from claims.services.audit import record

PAYABLE_STATUSES = ("decided", "letter_issued", "closed")
HEADER = ("reference", "payee", "bank", "account", "amount", "letter_verification_code")


def _payable():
    # A decision above the approval limit only reaches `decided` once it is signed, so every claim here is.
    return (
        Claim.status.in_(PAYABLE_STATUSES),
        Claim.decision.in_(("approved", "partly_approved")),
        Claim.amount_approved > 0,
        Claim.payout_batch_id.is_(None),
    )


def payable_summary(session: Session) -> tuple[int, int]:
    """How many claims the next export would pay, and how much."""
    count, total = session.execute(
        select(func.count(), func.coalesce(func.sum(Claim.amount_approved), 0)).where(*_payable())
    ).one()
    return int(count), int(total)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet runs a cell that starts with one of these as a formula; a leading quote keeps it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(rows: list, total: int) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    writer.writerow(["TOTAL", "", "", "", total, len(rows)])
    return buffer.getvalue()


def export(session: Session, supervisor: User) -> PayoutBatch:
    """Create a batch of every payable claim and mark them paid; a claim is never in two batches."""
    if not supervisor.is_supervisor:
        raise NotAllowed(_l("Only a supervisor can export payouts."))
    batch = PayoutBatch(exported_by_id=supervisor.id, claim_count=0, total=0, csv="")
    session.add(batch)
    session.flush()
    # One UPDATE that claims the rows: a concurrent export finds them already taken (payout_batch_id is set).
    # The version is bumped so that a reviewer's form loaded before the export cannot overwrite the claim.
    session.execute(
        update(Claim)
        .where(*_payable())
        .values(payout_batch_id=batch.id, version=Claim.version + 1)
        .execution_options(synchronize_session=False)
    )
    letter_code = (
        select(Letter.verification_code)
        .where(Letter.claim_id == Claim.id)
        .order_by(Letter.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Claim.reference,
            Claim.payout_holder,
            Claim.payout_bank,
            Claim.payout_account,
            Claim.amount_approved,
            letter_code,
        )
        .where(Claim.payout_batch_id == batch.id)
        .order_by(Claim.reference)
    ).all()
    if not rows:
        session.rollback()
        raise NotAllowed(_l("There is nothing to pay: every approved claim is already in a batch."))
    total = sum(row.amount_approved for row in rows)
    batch.claim_count, batch.total, batch.csv = len(rows), total, _csv(rows, total)
    record(
        session,
        supervisor.id,
        "payout.export",
        "payout_batch",
        batch.id,
        None,
        {"claims": len(rows), "total": total},
    )
    session.commit()
    session.expire_all()  # the claims' batch and version changed behind the ORM's back
    return batch


def batches(session: Session, limit: int = 50) -> list[PayoutBatch]:
    return list(session.scalars(select(PayoutBatch).order_by(PayoutBatch.id.desc()).limit(limit)))


def csv_bytes(batch: PayoutBatch) -> bytes:
    """The batch as a download: UTF-8 with a byte-order mark, so that spreadsheets read Korean names."""
    return "\ufeff".encode() + batch.csv.encode("utf-8")
