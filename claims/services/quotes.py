"""Provisional amounts without an account: the public estimate form and POST /api/v1/quote.

Uses the incident as it is in the database (so a corrected window counts at once), or the shipped incident
file when the database has none yet. Writes nothing.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from claims import rules
from claims.services.assessments import policy
from claims.services.converted import converted
from claims.services.incidents import DEFAULT_INCIDENT_FILE, default_incident, rules_incident


class UnknownPolicy(ValueError):
    """The policy id names no shipped policy."""


def _shipped_incident() -> rules.Incident:
    return converted(
        ("shipped incident", str(DEFAULT_INCIDENT_FILE)), lambda: rules.load_incident(DEFAULT_INCIDENT_FILE)
    )


def current_incident(session: Session) -> rules.Incident:
    incident = default_incident(session)
    return rules_incident(incident) if incident is not None else _shipped_incident()


def quote(
    session: Session, payload: object, policy_id: str = "fair-2022", incident: rules.Incident | None = None
) -> rules.Assessment:
    """Assess claim JSON under a shipped policy; raises ClaimInputError or UnknownPolicy. A page that quotes
    several examples passes the current_incident() it read once."""
    if policy_id not in rules.available_policies():
        raise UnknownPolicy(policy_id)
    if incident is None:
        incident = current_incident(session)
    claim = rules.parse_claim(payload, incident)
    return rules.assess(claim, incident, policy(policy_id))
