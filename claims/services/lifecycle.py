"""The claim lifecycle: the one table of allowed status changes, and the function that applies it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from claims.errors import NotAllowed
from claims.models import Claim
from claims.models.claim import DECIDED_STATUSES, ClaimStatus

# draft → submitted → in_review → (needs_info ⇄ submitted, or needs_info → in_review when overdue)
#   → decided → letter_issued → (appealed → in_review) → closed, plus withdrawn before a decision
#   (DESIGN.md, "Claim lifecycle").
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"submitted", "withdrawn"}),
    # submitted → decided is straight-through processing (auto-approval) without a person.
    "submitted": frozenset({"in_review", "needs_info", "decided", "withdrawn"}),
    "in_review": frozenset({"needs_info", "decided", "submitted", "withdrawn"}),
    # needs_info → in_review: the claimant did not answer by the due date and a reviewer decides anyway.
    "needs_info": frozenset({"submitted", "in_review", "withdrawn"}),
    "decided": frozenset({"letter_issued", "in_review"}),
    # → in_review: reopened by a supervisor after a window correction changed its computed amount.
    "letter_issued": frozenset({"appealed", "closed", "in_review"}),
    "appealed": frozenset({"in_review"}),
    "closed": frozenset(),
    "withdrawn": frozenset(),
}

DECIDED = DECIDED_STATUSES
assert set(TRANSITIONS) == set(ClaimStatus), "every status has its row in the table"


def can_transition(claim: Claim, to: str) -> bool:
    return to in TRANSITIONS.get(claim.status, frozenset())


def transition(claim: Claim, to: str) -> str:
    """Move the claim to `to`; returns the status it had. Raises NotAllowed for a change the table forbids."""
    if not can_transition(claim, to):
        raise NotAllowed(_l("This cannot be done while the claim is in its current state."))
    before = claim.status
    claim.status = to
    return before
