"""The rules engine (pure): incidents, policies, the claim schema, `assess`, and plain-words explanations.

Imports nothing but the standard library and PyYAML, and does no I/O while assessing (DESIGN, Principle 2).

Exact: a line's amount is one fraction of integers (policy numbers are exact ratios, times are whole
seconds), rounded once, half up to 10 KRW (`money.round_ratio`); traces show rounded texts only.

Heads of loss: each is declared once, in `heads/<kind>.py`, as a `heads.declare.HeadOfLoss`: its inputs
(name, type, label and help in Korean and English), the claimant types allowed, its record, its formula
and the trace it writes, its policy methods and parameters, `claimed_amount`, the letter's sentences and
how its trace values read, and sample inputs for the demo and the bench. The claim schema and its
messages, the policy loader, the engine, the losses form (web/losses_form.py SPECS, MONEY, DATETIMES),
the reviewer's display (web/item_display.py), the claimant texts (web/claimant_texts.py), the letter's
plain words (explain.py) and the generators (claims/demo, bench/rules_bench.py) all read the
declarations through `registry` (`KINDS`, `ALLOWED_KINDS`, ... are live views of it).

To add a head of loss:
1. Write `heads/<kind>.py`: a frozen record in `claim.py` style (fields named as the inputs, `kind` as
   a class attribute), the formula `(item, incident, HeadParams) -> (amount, code, trace, review)` ending
   in `common.settle(numerator, denominator, cap, trace)` with exact integers, and `HEAD = HeadOfLoss(...)`.
   When `params.traced` is False (totals only, `assess_totals_many`) the formula may pass None as its
   trace and skip the trace's texts; the amount must come from the very same statements.
2. Register it: add the module to the list in `heads/__init__.py` (or call `rules.register(HEAD)`).
3. Give every policy (`claims/data/policies/*.yaml`) its parameters under `heads.<kind>`: `method`,
   `rate` and the method's parameters, each with its reference.
4. Translations: only the texts outside the declaration (none are needed for the form, the display or
   the letter, which take the declaration's Korean and English).
tests/rules/test_rules_tenth_head.py does exactly this with a tenth head in one test module.

Many claims at once (policy comparison, reassessment)::

    claims = rules.parse_many(payloads, incident)      # list of claim JSON dicts -> list of Claim
    results = rules.assess_many(claims, incident, policy)
    totals = rules.assess_totals_many(claims, incident, policy)  # per-claim totals, sums per head; no trace

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
from .engine import Assessment, Line, Totals, assess, assess_many, assess_totals_each, assess_totals_many
from .errors import DataFileError, IncidentError, PolicyError, RulesError
from .explain import explain, explain_line, explain_stored_line
from .incident import DEFAULT_INCIDENT, Incident, Service, Window, incident_from_dict, load_incident
from .labels import CLAIMANT_TYPE_LABELS, CODE_LABELS, FLAG_LABELS, KIND_LABELS, OOP_CATEGORY_LABELS
from .policy import DEFAULT_POLICY, Parameter, Policy, available_policies, load_policy, policy_from_dict
from .registry import claimed_amount, register, unregister
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
    "Totals",
    "UnpaidFares",
    "Voucher",
    "Window",
    "assess",
    "assess_many",
    "assess_totals_each",
    "assess_totals_many",
    "available_policies",
    "claimed_amount",
    "register",
    "unregister",
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
