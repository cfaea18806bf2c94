"""Test factories: submitted claims with items and an assessment snapshot, built directly with the models."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from claims.models import Appeal, Claim, ClaimItem, Evidence, Incident, User
from claims.services import assessments, references

FILED_AT = datetime(2022, 10, 20, 1, 0, tzinfo=UTC)
_numbers = itertools.count(1)

TAXI_ITEMS = [
    {"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 39000},
    {
        "kind": "out_of_pocket",
        "service": "kakao_t_bike",
        "incurred_at": "2022-10-16T10:00",
        "amount": 30000,
        "category": "late_fee",
    },
    {
        "kind": "unpaid_fares",
        "rides": [{"started_at": "2022-10-15T15:15", "ended_at": "2022-10-15T15:40", "fare": 6500}],
    },
]
# 11,790 + 30,000 + 6,500 = 48,290 KRW: small enough for straight-through processing.
TAXI_TOTAL = 48_290

AUTHOR_ITEMS = [
    {
        "kind": "launch_window",
        "service": "kakaopage",
        "work_title": "달빛 정원",
        "launch_at": "2022-10-14T00:00",
        "expected_earnings": 2_000_000,
    },
    {"kind": "lost_earnings", "service": "kakao_webtoon", "daily_earnings": 100_000},
]
# 2,000,000 + 64,580 KRW: above the approval limit.
AUTHOR_TOTAL = 2_064_580


def make_claim(
    session,
    claimant: User,
    incident: Incident,
    *,
    claimant_type: str = "taxi_driver",
    items: list[dict] | None = None,
    status: str = "submitted",
    filed_at: datetime | None = None,
    **fields,
) -> Claim:
    """A filed claim (default: a taxi driver's three-line claim), computed and committed."""
    n = next(_numbers)
    claim = Claim(
        reference=references.new_reference(session, incident.started_at),
        claimant_id=claimant.id,
        claimant_type=claimant_type,
        incident_id=incident.id,
        policy_id="fair-2022",
        status=status,
        filed_at=filed_at or FILED_AT + timedelta(minutes=n),
        contact_name=fields.pop("contact_name", claimant.display_name),
        contact_phone=fields.pop("contact_phone", f"010-9{n:03d}-{n:04d}"),
        contact_email=fields.pop("contact_email", f"claimant{n}@example.com"),
        payout_bank=fields.pop("payout_bank", "카카오뱅크"),
        payout_account=fields.pop("payout_account", f"3333-{n:02d}-{n:07d}"),
        payout_holder=fields.pop("payout_holder", claimant.display_name),
        **fields,
    )
    for position, data in enumerate(items if items is not None else TAXI_ITEMS):
        inputs = {key: value for key, value in data.items() if key != "kind"}
        claim.items.append(
            ClaimItem(position=position, kind=data["kind"], service=inputs.get("service"), inputs=inputs)
        )
    session.add(claim)
    assessments.snapshot(session, claim, incident)
    claim.amount_claimed = claim.amount_computed
    session.flush()
    session.commit()
    return claim


def add_evidence(
    session, claim: Claim, upload_dir, name: str = "receipt.png", data: bytes = b"", content_type="image/png"
):
    """A stored file and its row, as an upload would leave them (`upload_dir` is kept for older callers: the
    file goes to the app's store, a folder or a bucket)."""
    from hashlib import sha256
    from pathlib import Path
    from uuid import uuid4

    from claims import storage

    stored = f"{uuid4().hex}{Path(name).suffix}"
    storage.current().put(stored, data, content_type)
    row = Evidence(
        claim_id=claim.id,
        stored_name=stored,
        sha256=sha256(data).hexdigest(),
        content_type=content_type,
        size=len(data),
        original_name=name,
    )
    session.add(row)
    session.commit()
    return row


def appeal(session, claim: Claim, reason: str = "The amount is too low.") -> Appeal:
    """The claimant appeals a decided claim (as the claimant's pages do)."""
    if claim.status == "decided":
        claim.status = "letter_issued"
    claim.status = "appealed"
    row = Appeal(claim_id=claim.id, reason=reason, previous_reviewer_id=claim.decided_by_id)
    session.add(row)
    session.commit()
    return row


# A valid PNG (what the demo generator also writes).
from tests.samples import PNG as PNG_BYTES  # noqa: E402, F401
