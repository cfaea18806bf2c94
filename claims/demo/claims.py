"""A realistic demo population of claims in every state, inserted in bulk (100,000 claims in seconds).

The generator assesses a few hundred varied claims with the real rules engine and reuses those results as
templates: each generated claim copies a template's items and assessment and gets its own claimant, contact
and payout details, filing time, review history and state. Rows go in with multi-row INSERTs, one table at
a time, never one ORM object at a time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from claims import rules
from claims.db import utcnow
from claims.demo import letters as demo_letters
from claims.demo import payouts as demo_payouts
from claims.demo import plan as demo_plan
from claims.demo.accounts import DEMO_PASSWORD
from claims.i18n import KST
from claims.models import Claim, Incident, User
from claims.rules import registry as rules_registry
from claims.services.assessments import policy as load_policy
from claims.services.confirmation import PRIVACY_CONSENT_VERSION
from claims.services.incidents import rules_incident
from claims.services.references import ALPHABET

CHUNK = 2_000
TYPE_WEIGHTS = {"user": 60, "taxi_driver": 20, "merchant": 14, "author": 6}
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = (
    "민준",
    "서연",
    "도윤",
    "하은",
    "시우",
    "지우",
    "예준",
    "수아",
    "주원",
    "지호",
    "하린",
    "은서",
    "현우",
    "지민",
)
# Payout banks by their standard code (claims/banks.py): Kakao, Kookmin, Shinhan, Woori, Hana, NongHyup, Toss.
BANKS = ("090", "004", "088", "020", "081", "011", "092")


@dataclass
class Template:
    claimant_type: str
    items: list[dict]
    result: dict


def _item(rng: random.Random, kind: str, claimant_type: str) -> dict:
    """Sample inputs of one head of loss, as the head declares them (claims/rules/heads/<kind>.py)."""
    return rules_registry.head(kind).demo_sample(rng, claimant_type)


def claimed(item: dict) -> int:
    """What the claimant says the item cost (the amount column of the queue): the head's own rule."""
    return rules.claimed_amount(item["kind"], item)


def templates(rng: random.Random, incident: rules.Incident, count: int) -> list[Template]:
    """`count` varied claims assessed by the rules engine under the default policy."""
    result = []
    policy = load_policy("fair-2022")
    for _ in range(count):
        claimant_type = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
        kinds = list(rules.ALLOWED_KINDS[claimant_type])
        chosen = rng.sample(kinds, rng.randint(1, min(3, len(kinds))))
        items = [_item(rng, kind, claimant_type) for kind in chosen]
        claim = rules.parse_claim({"claimant_type": claimant_type, "filed_at": None, "items": items})
        result.append(Template(claimant_type, items, rules.assess(claim, incident, policy).to_dict()))
    return result


def _reference(rng: random.Random, taken: set[str], prefix: str) -> str:
    while True:
        reference = prefix + "".join(rng.choices(ALPHABET, k=6))
        if reference not in taken:
            taken.add(reference)
            return reference


def _bulk(session: Session, model, rows: list[dict], with_ids: bool = False) -> list[int]:
    """Multi-row INSERTs; with_ids gives the rows ids of our own (after the current maximum), because
    RETURNING in order makes SQLite insert one row at a time."""
    table = model.__table__
    ids: list[int] = []
    if with_ids:
        first = (session.scalar(select(func.max(table.c.id))) or 0) + 1
        ids = list(range(first, first + len(rows)))
        for row, row_id in zip(rows, ids, strict=True):
            row["id"] = row_id
    demo_plan.bulk_insert(session, model, rows)
    if with_ids and rows and session.get_bind().dialect.name == "postgresql":
        # Explicit ids do not move PostgreSQL's sequence: move it past them, or the next real insert collides.
        session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), :last)"), {"last": ids[-1]}
        )
    return ids


def seed_demo_claims(
    session: Session,
    count: int,
    *,
    letters: bool = True,
    evidence: bool = True,
    seed: int = 20221015,
    now: datetime | None = None,
) -> dict[str, int]:
    """Generate `count` claims (skipped when claims exist already); returns how many of each status."""
    if count <= 0 or session.scalar(select(Claim.id).limit(1)) is not None:
        return {}
    rng = random.Random(seed)
    now = now or utcnow()
    if session.get_bind().dialect.name == "sqlite":
        # The random-valued indexes (references, e-mails, accounts) thrash SQLite's 2 MB default page cache.
        session.connection().exec_driver_sql("PRAGMA cache_size = -262144")
    incident = session.scalar(select(Incident).order_by(Incident.created_at).limit(1))
    if incident is None:
        raise RuntimeError("load an incident first (flask --app app load-incident)")
    staff = {
        u.email: u for u in session.scalars(select(User).where(User.role.in_(("reviewer", "supervisor"))))
    }
    reviewer_ids = [u.id for u in staff.values() if u.role == "reviewer"] or [None]
    supervisor_ids = [u.id for u in staff.values() if u.role == "supervisor"] or [None]
    demo_claimants = {u.email: u.id for u in session.scalars(select(User).where(User.role == "claimant"))}
    pool = templates(rng, rules_incident(incident), min(max(count // 50, 40), 600))
    by_type: dict[str, list[Template]] = {}
    for template in pool:
        by_type.setdefault(template.claimant_type, []).append(template)
    fair = load_policy("fair-2022")

    # Claimants: one account per two claims or so, all with the demo password (hashed once).
    password_hash = generate_password_hash(DEMO_PASSWORD, method="scrypt")
    claimant_count = max(count // 2, 1)
    user_rows = [
        {
            "email": f"demo-claimant-{i:06d}@example.com",
            "password_hash": password_hash,
            "display_name": _name(rng),
            "phone": f"010-{2000 + i // 10000:04d}-{i % 10000:04d}",
            "role": "claimant",
            "language": "ko",
            "active": True,
            "created_at": now,
            "session_epoch": 0,
            "email_confirmed_at": now,
            "privacy_consent_version": PRIVACY_CONSENT_VERSION,
            "privacy_consent_at": now,
        }
        for i in range(claimant_count)
    ]
    user_ids = _bulk(session, User, user_rows, with_ids=True)
    people = [(uid, row) for uid, row in zip(user_ids, user_rows, strict=True)]
    demo_by_type = {
        "user": "user@example.com",
        "taxi_driver": "driver@example.com",
        "merchant": "merchant@example.com",
        "author": "author@example.com",
    }

    taken: set[str] = set()
    prefix = f"KC-{incident.started_at.astimezone(KST):%y%m}-" if incident.started_at else "KC-0000-"
    plans, chosen, claim_rows = [], [], []
    for i in range(count):
        claimant_type = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
        template = rng.choice(by_type.get(claimant_type) or pool)
        claimant_type = template.claimant_type
        demo_email = demo_by_type[claimant_type]
        if i < 16 and demo_email in demo_claimants:
            claimant_id, person = (
                demo_claimants[demo_email],
                {"display_name": _name(rng), "phone": "", "email": demo_email},
            )
        else:
            claimant_id, person = people[i % len(people)]
        filed_at = now - timedelta(days=rng.uniform(0, 21))
        result = template.result
        flags = result["flags"]  # shared with the template: serialised once
        signals = ["OUTSIDE_WINDOWS"] if any(line["code"] == "NO_OVERLAP" for line in result["lines"]) else []
        phone = person["phone"] or f"010-{3000 + i // 10000:04d}-{i % 10000:04d}"
        email = person.get("email") or f"demo-claimant-{claimant_id}@example.com"
        account = f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{i:07d}"
        if i > 10 and rng.random() < 0.02:  # a possible duplicate: the payout account of an earlier claim
            account = claim_rows[rng.randrange(len(claim_rows))]["payout_account"]
            signals.append("POSSIBLE_DUPLICATE")
        row = {
            "reference": _reference(rng, taken, prefix),
            "claimant_id": claimant_id,
            "claimant_type": claimant_type,
            "incident_id": incident.id,
            "policy_id": "fair-2022",
            "status": "submitted",
            "review_status": None,
            "decision": None,
            "flags": flags,
            "signals": sorted(signals),
            "flag_count": len(set(flags) | set(signals)),
            "review_draw": None,
            "contact_name": person["display_name"],
            "contact_phone": phone,
            "contact_email": email,
            "payout_bank": rng.choice(BANKS),
            "payout_account": account,
            "payout_holder": person["display_name"],
            "vehicle_number": f"서울{rng.randint(10, 99)}사{rng.randint(1000, 9999)}"
            if claimant_type == "taxi_driver"
            else "",
            "business_number": f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10000, 99999)}"
            if claimant_type == "merchant"
            else "",
            "amount_claimed": sum(claimed(item) for item in template.items),
            "amount_computed": result["total"],
            "amount_approved": None,
            "created_at": filed_at,
            "updated_at": filed_at,
            "filed_at": filed_at,
            "decided_at": None,
            "decided_by_id": None,
            "assigned_to_id": None,
            "assigned_until": None,
            "submission_key": None,
            "payout_batch_id": None,
            "version": 1,
        }
        plans.append(demo_plan.plan(rng, row, template, now, current_app.config, reviewer_ids, fair, letters))
        chosen.append(template)
        claim_rows.append(row)
    claim_ids = _bulk(session, Claim, claim_rows, with_ids=True)
    demo_plan.children(
        session, rng, claim_ids, claim_rows, plans, chosen, now, supervisor_ids, fair.params_hash
    )
    if evidence:
        demo_plan.evidence(session, rng, claim_ids, claim_rows)
    session.commit()
    if letters:
        demo_letters.issue_demo_letters(session, claim_ids)
        demo_payouts.seed_demo_payouts(session, now)
    counts: dict[str, int] = {}
    for row in claim_rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return counts


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)
