"""The demo generator's second half: where each claim stands, and its child rows (decisions, history)."""

from __future__ import annotations

import hashlib
import io
import json
import random
from datetime import UTC, timedelta
from functools import cache

from sqlalchemy import JSON, Date, text
from sqlalchemy.orm import Session

from claims import rules, storage
from claims.db import UTCDateTime
from claims.i18n import KST
from claims.models import Appeal, Approval, Assessment, AuditEvent, ClaimItem, Decision, Evidence, InfoRequest
from claims.services.reason_codes import catalogue

CHUNK = 2_000
STATE_WEIGHTS = {
    "submitted": 30,
    "in_review": 14,
    "needs_info": 10,
    "awaiting_signature": 3,
    "decided": 28,
    "appealed": 7,
    "closed": 8,
}
LETTER_STATES = ("letter_issued", "appealed", "closed")


@cache
def _receipt_png() -> bytes:
    """A small, valid picture (what a photographed receipt would be, re-encoded as uploads are)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (160, 100), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    for y in range(20, 90, 12):
        draw.line((15, y, 145, y), fill=(120, 120, 120))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@cache
def _statement_pdf() -> bytes:
    """A one-page, valid PDF (a usage statement)."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(300, 120), invariant=1)
    page.drawString(20, 60, "Usage statement (demo)")
    page.showPage()
    page.save()
    return out.getvalue()


def _lines(rng: random.Random, result: dict) -> list[tuple[str, int, str | None, str]]:
    codes = [c for c in catalogue() if c != "OTHER"]
    chosen = []
    for line in result["lines"]:
        roll = rng.random()
        if line["code"] == "NO_OVERLAP" or (line["amount"] > 0 and roll < 0.08):
            chosen.append(
                ("rejected", 0, "OUTSIDE_OUTAGE" if line["code"] == "NO_OVERLAP" else rng.choice(codes), "")
            )
        elif line["amount"] > 0 and roll < 0.18:
            amount = line["amount"] // 20 * 10  # half, rounded to 10 won
            chosen.append(
                ("adjusted", amount, None, "영수증 금액에 맞추어 조정 (receipt shows a lower amount)")
            )
        else:
            chosen.append(("accepted", int(line["amount"]), None, ""))
    return chosen


def plan(rng, row, template, now, config, reviewer_ids, policy, letters: bool) -> dict:
    """Choose the claim's state (mutating its row) and return what its child rows need."""
    result = template.result
    decided_status = "letter_issued" if letters else "decided"
    eligible = result["eligible"] and not row["flags"] and not row["signals"]
    eligible = eligible and 0 < result["total"] <= config["STP_LIMIT"]
    filed = row["filed_at"]
    info = {"state": "submitted", "approval": None, "appeal": False, "info": None}
    if eligible:
        draw = rng.random()
        row["review_draw"] = draw
        if draw >= config["STP_SAMPLE_RATE"]:
            row.update(
                review_status="auto_approved",
                status=decided_status,
                decision="approved",
                amount_approved=result["total"],
                decided_at=filed + timedelta(seconds=2),
            )
            info.update(
                state="auto", lines=[("accepted", int(x["amount"]), None, "") for x in result["lines"]]
            )
            return info
        row["review_status"] = "selected"
    else:
        row["review_status"] = "not_selected"
    state = rng.choices(list(STATE_WEIGHTS), weights=list(STATE_WEIGHTS.values()))[0]
    large = result["total"] > config["APPROVAL_LIMIT"]
    if state == "awaiting_signature" and not large:
        state = "in_review"
    reviewer = rng.choice(reviewer_ids)
    info["state"] = state
    if state == "in_review":
        expired = rng.random() < 0.3
        row.update(
            status="in_review",
            assigned_to_id=reviewer,
            assigned_until=now + timedelta(minutes=-5 if expired else rng.randint(5, 30)),
        )
    elif state == "needs_info":
        overdue = rng.random() < 0.4
        asked = now - timedelta(days=rng.randint(15, 20) if overdue else rng.randint(0, 10))
        if overdue:  # an old request needs an older claim
            filed = asked - timedelta(days=rng.uniform(0.5, 3))
            row.update(filed_at=filed, created_at=filed, updated_at=filed)
        asked = max(asked, filed + timedelta(hours=1))
        row["status"] = "needs_info"
        info["info"] = {
            "asked": asked,
            "due_on": (asked.astimezone(KST) + timedelta(days=14)).date(),
            "reviewer": reviewer,
        }
    elif state in ("awaiting_signature", "decided", "appealed", "closed"):
        lines = _lines(rng, result)
        total = sum(amount for _o, amount, _r, _n in lines)
        cap = policy.claim_caps.get(row["claimant_type"])
        total = min(total, cap) if cap is not None else total
        outcome = (
            "rejected" if total <= 0 else ("approved" if total >= result["total"] else "partly_approved")
        )
        decided_at = min(filed + timedelta(hours=rng.uniform(2, 120)), now - timedelta(minutes=5))
        info.update(lines=lines, total=total, outcome=outcome, reviewer=reviewer, decided_at=decided_at)
        if state == "awaiting_signature":
            row["status"] = "in_review"
            info["approval"] = "pending"
        else:
            info["approval"] = "signed" if total > config["APPROVAL_LIMIT"] else None
            row.update(
                status={
                    "decided": decided_status,
                    "appealed": "appealed" if letters else decided_status,
                    "closed": "closed" if letters else decided_status,
                }[state],
                decision=outcome,
                amount_approved=total,
                decided_at=decided_at,
                decided_by_id=reviewer,
            )
            info["appeal"] = row["status"] == "appealed"
    return info


def bulk_insert(session: Session, model, rows: list[dict]) -> None:
    """Insert rows through the database driver's executemany: the ORM's per-row parameter processing costs
    more than the database itself at 100,000 claims. JSON is serialised once per distinct object (the
    templates' lines are shared by many claims); times are stored as SQLAlchemy stores them."""
    if not rows:
        return
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    columns = list(rows[0])
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    quoted = ", ".join(conn.dialect.identifier_preparer.quote(name) for name in columns)
    sql = f"INSERT INTO {model.__tablename__} ({quoted}) VALUES ({', '.join([marker] * len(columns))})"
    dumped: dict[int, str] = {}

    def as_json(value):
        if value is None:
            return None
        key = id(value)
        if key not in dumped:
            dumped[key] = json.dumps(value)
        return dumped[key]

    types = {c.name: c.type for c in model.__table__.columns}
    converters = []
    for name in columns:
        kind = types[name]
        if isinstance(kind, JSON):
            converters.append(as_json)
        elif sqlite and isinstance(kind, UTCDateTime):
            converters.append(lambda v: v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if v else None)
        elif sqlite and isinstance(kind, Date):
            converters.append(lambda v: v.isoformat() if v else None)
        else:
            converters.append(None)
    special = [(i, f) for i, f in enumerate(converters) if f is not None]
    keep = []  # the serialised objects must outlive the cache keyed by their id()
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        keep.extend(chunk)
        params = []
        for row in chunk:
            values = [row[name] for name in columns]
            for i, convert in special:
                values[i] = convert(values[i])
            params.append(tuple(values))
        if conn.dialect.name == "postgresql":
            # COPY is PostgreSQL's bulk path: several times faster than an INSERT per row, same transaction.
            cursor = conn.connection.driver_connection.cursor()
            with cursor, cursor.copy(f"COPY {model.__tablename__} ({quoted}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
        else:
            conn.exec_driver_sql(sql, params)


def children(session, rng, claim_ids, claim_rows, plans, templates, now, supervisor_ids, params_hash) -> None:
    """Insert every claim's items, assessment, decisions, approvals, requests, appeals and history."""
    items, snapshots, decisions, approvals, requests, appeals, events = [], [], [], [], [], [], []
    for claim_id, row, info, template in zip(claim_ids, claim_rows, plans, templates, strict=True):
        result = template.result
        if not hasattr(template, "inputs"):  # one dict per template item, shared: serialised once
            template.inputs = [{k: v for k, v in data.items() if k != "kind"} for data in template.items]
            template.claimed = [rules.claimed_amount(data["kind"], data) for data in template.items]
        for position, (data, line) in enumerate(zip(template.items, result["lines"], strict=True)):
            inputs = template.inputs[position]
            items.append(
                {
                    "claim_id": claim_id,
                    "position": position,
                    "kind": data["kind"],
                    "service": line["service"]
                    if data["kind"] in ("voucher", "ad_spend")
                    else inputs.get("service"),
                    "inputs": inputs,
                    "amount_claimed": template.claimed[position],
                    "amount_computed": int(line["amount"]),
                }
            )
        filed = row["filed_at"]
        snapshots.append(
            {
                "claim_id": claim_id,
                "policy_id": "fair-2022",
                "params_hash": params_hash,
                "windows_version": 1,
                "eligible": result["eligible"],
                "total": result["total"],
                "flags": result["flags"],
                "lines": result["lines"],
                "created_at": filed,
                "note": "submitted",
            }
        )
        events.append(
            _event(
                row["claimant_id"],
                "claim.submit",
                claim_id,
                filed,
                {"status": "draft"},
                {"status": "submitted", "total": result["total"]},
            )
        )
        events.append(
            _event(
                None,
                "claim.triage",
                claim_id,
                filed + timedelta(seconds=1),
                None,
                {"review_status": row["review_status"], "draw": row["review_draw"]},
            )
        )
        if "lines" in info:
            reviewer = None if info["state"] == "auto" else info["reviewer"]
            waiting = info["approval"] == "pending"  # not in force until its second signature
            decided_at = row["decided_at"] or info["decided_at"]
            for index, (outcome, amount, reason, note) in enumerate(info["lines"]):
                decisions.append(
                    {
                        "claim_id": claim_id,
                        "line_index": index,
                        "reviewer_id": reviewer,
                        "outcome": outcome,
                        "approved_amount": amount,
                        "reason_code": reason,
                        "note": note,
                        "created_at": decided_at,
                        "superseded": False,
                        "pending": waiting,
                    }
                )
            total = info.get("total", row["amount_approved"])
            outcome = info.get("outcome", "approved")
            decisions.append(
                {
                    "claim_id": claim_id,
                    "line_index": None,
                    "reviewer_id": reviewer,
                    "outcome": outcome,
                    "approved_amount": total,
                    "reason_code": None,
                    "note": "",
                    "created_at": decided_at,
                    "superseded": False,
                    "pending": waiting,
                }
            )
            events.append(
                _event(
                    reviewer,
                    "claim.decide",
                    claim_id,
                    decided_at,
                    {"status": "in_review"},
                    {"outcome": outcome, "total": total},
                )
            )
        if info["approval"]:
            signed = info["approval"] == "signed"
            approvals.append(
                {
                    "claim_id": claim_id,
                    "requested_by_id": info["reviewer"],
                    "supervisor_id": rng.choice(supervisor_ids) if signed else None,
                    "status": info["approval"],
                    "amount": info["total"],
                    "note": "",
                    "requested_at": info["decided_at"],
                    "signed_at": info["decided_at"] if signed else None,
                    "reasons": ["limit"],
                }
            )
        if info["info"]:
            asked = info["info"]["asked"]
            requests.append(
                {
                    "claim_id": claim_id,
                    "requested_by_id": info["info"]["reviewer"],
                    "items": ["receipt", "usage_history"],
                    "message": "장애 기간의 이용 내역 캡처와 영수증을 보내 주세요.",
                    "due_on": info["info"]["due_on"],
                    "requested_at": asked,
                    "response": None,
                    "responded_at": None,
                }
            )
            events.append(
                _event(
                    info["info"]["reviewer"],
                    "claim.request_information",
                    claim_id,
                    asked,
                    {"status": "submitted"},
                    {"status": "needs_info"},
                )
            )
        if info["appeal"]:
            at = min(info["decided_at"] + timedelta(days=rng.uniform(1, 5)), now)
            appeals.append(
                {
                    "claim_id": claim_id,
                    "letter_id": None,
                    "reason": "조정된 금액이 실제 손해보다 적습니다.",
                    "filed_at": at,
                    "previous_reviewer_id": info["reviewer"],
                    "resolved_at": None,
                }
            )
            events.append(
                _event(
                    row["claimant_id"],
                    "claim.appeal",
                    claim_id,
                    at,
                    {"status": "letter_issued"},
                    {"status": "appealed"},
                )
            )
    for model, rows in (
        (ClaimItem, items),
        (Assessment, snapshots),
        (Decision, decisions),
        (Approval, approvals),
        (InfoRequest, requests),
        (Appeal, appeals),
        (AuditEvent, events),
    ):
        bulk_insert(session, model, rows)
    _link_decisions(session)


def _link_decisions(session) -> None:
    """Each demo claim has one decision: its line rows and its approval point at its claim-level row."""
    head = "SELECT MAX(h.id) FROM decisions h WHERE h.claim_id = {table}.claim_id AND h.line_index IS NULL"
    session.execute(
        text(
            f"UPDATE decisions SET parent_id = ({head.format(table='decisions')}) "
            "WHERE line_index IS NOT NULL AND parent_id IS NULL"
        )
    )
    session.execute(
        text(
            f"UPDATE approvals SET decision_id = ({head.format(table='approvals')}) WHERE decision_id IS NULL"
        )
    )


def _event(actor, action, claim_id, at, before, after) -> dict:
    return {
        "actor_id": actor,
        "action": action,
        "object_type": "claim",
        "object_id": str(claim_id),
        "at": at,
        "before": before,
        "after": after,
    }


def evidence(session: Session, rng: random.Random, claim_ids, claim_rows, limit: int = 2_000) -> None:
    """One or two small, valid files for the first claims (a photo of a receipt, a PDF statement)."""
    store = storage.current()
    rows = []
    for claim_id, row in list(zip(claim_ids, claim_rows, strict=True))[:limit]:
        files = [("영수증.png", _receipt_png(), "image/png", ".png")]
        if rng.random() < 0.5:
            files.append(("이용내역.pdf", _statement_pdf(), "application/pdf", ".pdf"))
        for name, data, content_type, suffix in files:
            stored = storage.new_key("", suffix)
            store.put(stored, data, content_type)
            rows.append(
                {
                    "claim_id": claim_id,
                    "stored_name": stored,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "content_type": content_type,
                    "size": len(data),
                    "original_name": name,
                    "uploaded_at": row["filed_at"],
                    "uploaded_by_id": row["claimant_id"],
                }
            )
    bulk_insert(session, Evidence, rows)
