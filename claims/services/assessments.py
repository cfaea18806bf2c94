"""Computing a claim with the rules engine and keeping the result as an assessment snapshot."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy.orm import Session

from claims import rules
from claims.models import Assessment, Claim, Incident
from claims.services.incidents import rules_incident


@lru_cache(maxsize=16)
def policy(policy_id: str) -> rules.Policy:
    """A shipped policy, read from its YAML file once per process."""
    return rules.load_policy(policy_id)


def claim_payload(claim: Claim) -> dict:
    """The claim as the rules' claim schema reads it (the same JSON as `python -m claims.rules quote`)."""
    return {
        "claimant_type": claim.claimant_type,
        "filed_at": claim.filed_at.isoformat() if claim.filed_at else None,
        "items": [{"kind": item.kind, **item.inputs} for item in claim.items],
    }


def compute(claim: Claim, incident: Incident) -> rules.Assessment:
    """Assess the claim as it is now, against the incident's current windows (no write)."""
    parsed = rules.parse_claim(claim_payload(claim))
    return rules.assess(parsed, rules_incident(incident), policy(claim.policy_id))


def snapshot(session: Session, claim: Claim, incident: Incident, note: str = "") -> Assessment:
    """Assess the claim and attach the result as a new snapshot; the caller commits."""
    result = compute(claim, incident)
    data = result.to_dict()
    row = Assessment(
        policy_id=claim.policy_id,
        params_hash=policy(claim.policy_id).params_hash,
        windows_version=incident.windows_version,
        eligible=data["eligible"],
        total=data["total"],
        flags=list(data["flags"]),
        lines=data["lines"],
        note=note,
    )
    claim.assessments.append(row)
    claim.amount_computed = data["total"]
    claim.flags = list(data["flags"])
    return row
