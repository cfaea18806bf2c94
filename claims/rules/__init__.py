"""The rules engine (pure): incidents, policies, the claim schema, `assess`, and plain-words explanations.

Imports nothing but the standard library and PyYAML, and does no I/O while assessing (DESIGN, Principle 2).

Exact: a line's amount is one fraction of integers (policy numbers are exact ratios, times are whole
seconds), rounded once, half up to 10 KRW (`money.round_ratio`); traces show rounded texts only.

Many claims at once (policy comparison, reassessment)::

    claims = rules.parse_many(payloads, incident)      # list of claim JSON dicts -> list of Claim
    results = rules.assess_many(claims, incident, policy)

From the database, a claim's payload is `services.assessments.claim_payload(claim)`, i.e.
`{"claimant_type": ..., "filed_at": <ISO text or None>, "items": [{"kind": row.kind, **row.inputs}]}`:
`ClaimItem.inputs` is stored in the canonical form `claim_to_dict` writes (filing.save_items), which
`parse_claim` reads on its fast path (`fastread`: plainly valid JSON straight into records, ~90,000
claims per CPU-second in `parse_many`; anything else falls back to the full reader and its messages).
So reading the rows' JSON columns and building those dicts is all a caller needs; no other stored
form is kept. Per (incident, policy) the engine memoises what every claim shares (`Incident.memo`): the
windows of each service as sorted arrays with prefix sums (`ServiceSpans.overlap` is two bisects),
business-period overlaps, grace limits, per-service subscription factors.
"""

from .catalogue import (
    ALLOWED_KINDS,
    AUTHOR_SERVICES,
    CLAIMANT_TYPES,
    CODES,
    FARE_SERVICES,
    FIXED_SERVICE,
    FLAGS,
    KIND_FIELDS,
    KINDS,
    OOP_CATEGORIES,
    OPTIONAL_FIELDS,
    SERVICE_CHOICES,
)
from .claim import (
    AdSpend,
    BusinessHours,
    Campaign,
    Claim,
    Item,
    LaunchWindow,
    LostEarnings,
    LostIncome,
    LostSales,
    OutOfPocket,
    Ride,
    Shift,
    Subscription,
    UnpaidFares,
    Voucher,
)
from .engine import Assessment, Line, assess, assess_many
from .errors import DataFileError, IncidentError, PolicyError, RulesError
from .explain import explain, explain_line, explain_stored_line
from .incident import DEFAULT_INCIDENT, Incident, Service, Window, incident_from_dict, load_incident
from .labels import CLAIMANT_TYPE_LABELS, CODE_LABELS, FLAG_LABELS, KIND_LABELS, OOP_CATEGORY_LABELS
from .policy import DEFAULT_POLICY, Parameter, Policy, available_policies, load_policy, policy_from_dict
from .schema import (
    MESSAGES,
    ClaimInputError,
    FieldError,
    claim_to_dict,
    item_to_dict,
    parse_claim,
    parse_item,
    parse_many,
)

__all__ = [
    "ALLOWED_KINDS",
    "AUTHOR_SERVICES",
    "CLAIMANT_TYPES",
    "CLAIMANT_TYPE_LABELS",
    "CODES",
    "CODE_LABELS",
    "DEFAULT_INCIDENT",
    "DEFAULT_POLICY",
    "FARE_SERVICES",
    "FIXED_SERVICE",
    "FLAGS",
    "FLAG_LABELS",
    "KINDS",
    "KIND_FIELDS",
    "KIND_LABELS",
    "MESSAGES",
    "OOP_CATEGORIES",
    "OOP_CATEGORY_LABELS",
    "OPTIONAL_FIELDS",
    "SERVICE_CHOICES",
    "AdSpend",
    "Assessment",
    "BusinessHours",
    "Campaign",
    "Claim",
    "ClaimInputError",
    "DataFileError",
    "FieldError",
    "Incident",
    "IncidentError",
    "Item",
    "LaunchWindow",
    "Line",
    "LostEarnings",
    "LostIncome",
    "LostSales",
    "OutOfPocket",
    "Parameter",
    "Policy",
    "PolicyError",
    "Ride",
    "RulesError",
    "Service",
    "Shift",
    "Subscription",
    "UnpaidFares",
    "Voucher",
    "Window",
    "assess",
    "assess_many",
    "available_policies",
    "claim_to_dict",
    "explain",
    "explain_line",
    "explain_stored_line",
    "incident_from_dict",
    "item_to_dict",
    "load_incident",
    "load_policy",
    "parse_claim",
    "parse_item",
    "parse_many",
    "policy_from_dict",
]
