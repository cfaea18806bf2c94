"""Decision letters for the demo claims that have one (rendered by claims.letters, stored as Letter rows)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from claims import rules
from claims.i18n import KST
from claims.letters import LetterData, LetterLine, render_letter
from claims.models import Incident, Letter
from claims.rules.explain import explain_line
from claims.rules.labels import KIND_LABELS
from claims.services import reason_codes
from claims.services.demo_plan import LETTER_STATES
from claims.services.incidents import rules_incident
from claims.services.references import random_code


def _line(data: dict) -> rules.Line:
    return rules.Line(
        data["index"], data["kind"], data.get("service"), data["amount"], data["code"], data["trace"]
    )


def issue_demo_letters(session: Session, incident: Incident, claim_ids, claim_rows, plans, templates) -> int:
    """Render one Korean letter per decided demo claim; returns how many."""
    live = rules_incident(incident)
    rows, codes = [], set()
    for claim_id, row, info, template in zip(claim_ids, claim_rows, plans, templates, strict=True):
        if row["status"] not in LETTER_STATES or "lines" not in info:
            continue
        code = random_code(10)
        while code in codes:
            code = random_code(10)
        codes.add(code)
        issued = (row["decided_at"] + timedelta(hours=1)).astimezone(KST).date()
        lines = []
        for data, (_outcome, amount, reason, note) in zip(
            template.result["lines"], info["lines"], strict=True
        ):
            service = live.services.get(data["service"]) if data.get("service") else None
            reason_code = reason_codes.get(reason)
            lines.append(
                LetterLine(
                    head=KIND_LABELS[data["kind"]]["ko"],
                    service=service.name.get("ko") if service else None,
                    computation=explain_line(_line(data), live, "ko"),
                    computed=int(data["amount"]),
                    approved=amount,
                    reason_code=reason,
                    reason_text=reason_code.ko if reason_code else (note or None),
                )
            )
        total = row["amount_approved"] or 0
        letter = LetterData(
            language="ko",
            reference=row["reference"],
            verification_code=code,
            verify_url=f"/verify/{code}",
            issued_on=issued,
            claimant_name=row["contact_name"],
            claimant_address_lines=(),
            decision=row["decision"],
            lines=tuple(lines),
            total_computed=row["amount_computed"],
            total_approved=total,
            payout=f"{row['payout_bank']} 계좌로 14일 안에 입금됩니다." if total else "",
            policy_label="fair-2022",
            incident_label=incident.name_ko,
            appeal_deadline=issued + timedelta(days=30),
            contact="1588-0000, help@outage-claims.example",
        )
        pdf = render_letter(letter)
        rows.append(
            {
                "claim_id": claim_id,
                "verification_code": code,
                "language": "ko",
                "sha256": hashlib.sha256(pdf).hexdigest(),
                "pdf": pdf,
                "decision": row["decision"],
                "total": total,
                "issued_at": row["decided_at"] + timedelta(hours=1),
                "replaces_id": None,
            }
        )
    for start in range(0, len(rows), 200):
        session.execute(insert(Letter.__table__), rows[start : start + 200])
    session.commit()
    return len(rows)
