"""Computing a claim with the rules engine and keeping the result as an assessment snapshot."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims import rules
from claims.db import get_session
from claims.models import Assessment, Claim, Incident, PolicyVersion
from claims.services.converted import converted
from claims.services.incidents import rules_incident

SHIPPED_POLICIES = frozenset(rules.available_policies())


def _shipped(policy_id: str) -> rules.Policy:
    # The shipped files are part of the code: their id is their content for a running process.
    return converted(("shipped policy", policy_id), lambda: rules.load_policy(policy_id))


def policy(policy_id: str) -> rules.Policy:
    """A shipped policy (read from its YAML file once per process) or an adopted policy version (from the
    database). Raises rules.PolicyError for any other id, drafts included."""
    if policy_id in SHIPPED_POLICIES:
        return _shipped(policy_id)
    row = (
        get_session()
        .execute(
            select(PolicyVersion.params_hash, PolicyVersion.data).where(
                PolicyVersion.policy_id == policy_id, PolicyVersion.state == "adopted"
            )
        )
        .first()
    )
    if row is None:
        return _shipped(policy_id)  # the loader's own message for an unknown id
    # Adopted versions by (id, parameter hash): a row never changes once adopted, but the hash in the key
    # keeps a copy from outliving its row (a test database emptied and filled again, say).
    return converted(
        ("adopted policy", policy_id, row.params_hash),
        lambda: rules.policy_from_dict(row.data, source=f"database:{policy_id}"),
    )


def current_policy_id(session: Session) -> str:
    """The policy new claims are filed under: the latest adopted version, else the default."""
    latest = session.scalar(
        select(PolicyVersion.policy_id)
        .where(PolicyVersion.state == "adopted")
        .order_by(PolicyVersion.adopted_at.desc(), PolicyVersion.id.desc())
        .limit(1)
    )
    return latest or rules.DEFAULT_POLICY


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
