"""The catalogue of claims: claimant types, kinds of loss, their fields, who may claim what (POLICY §4)."""

from __future__ import annotations

from .registry import Derived, DerivedSequence

CLAIMANT_TYPES = ("user", "taxi_driver", "merchant", "author")

# Kinds of loss (heads), each declared once in claims/rules/heads/<kind>.py; these are live views of the
# registry of declarations (see registry.py), in declaration order (POLICY §4 for the shipped ones).
KINDS = DerivedSequence(lambda heads: heads)
ALLOWED_KINDS = Derived(
    lambda heads: {
        claimant_type: tuple(kind for kind, head in heads.items() if claimant_type in head.claimant_types)
        for claimant_type in CLAIMANT_TYPES
    }
)
# The input fields of each kind, in form order (besides "kind" itself).
KIND_FIELDS = Derived(lambda heads: {kind: head.fields for kind, head in heads.items()})
# Fields a claimant may leave out.
OPTIONAL_FIELDS = Derived(
    lambda heads: {kind: head.optional for kind, head in heads.items() if head.optional}
)

OOP_CATEGORIES = ("late_fee", "overcharge", "penalty", "other")

AUTHOR_SERVICES = ("kakaopage", "kakao_webtoon")
# Kinds whose service must be one of a short list (besides existing in the incident).
SERVICE_CHOICES = Derived(
    lambda heads: {kind: head.service_choices for kind, head in heads.items() if head.service_choices}
)

# Kinds whose service is fixed by the policy text rather than chosen by the claimant. These codes name
# what the item *is* (a gift voucher lives in the Gift shop), so they belong to the claim schema, not to
# the policy parameters. An incident without that service simply had no outage of it (NO_OVERLAP).
FIXED_SERVICE = Derived(
    lambda heads: {kind: head.fixed_service for kind, head in heads.items() if head.fixed_service}
)
# A fare is lost when payment runs during a full outage of the taxi app or of the payment service.
FARE_SERVICES = ("kakao_t_taxi", "kakaopay")

# Line codes (POLICY §3-4) and claim flags.
OK = "OK"
CAPPED = "CAPPED"
NO_OVERLAP = "NO_OVERLAP"
BELOW_THRESHOLD = "BELOW_THRESHOLD"
LATE_FILING = "LATE_FILING"
NOT_ALLOWED_FOR_TYPE = "NOT_ALLOWED_FOR_TYPE"
NOT_COMPENSATED = "NOT_COMPENSATED"
CODES = (OK, CAPPED, NO_OVERLAP, BELOW_THRESHOLD, LATE_FILING, NOT_ALLOWED_FOR_TYPE, NOT_COMPENSATED)

MANUAL_REVIEW = "MANUAL_REVIEW"
CLAIM_CAPPED = "CLAIM_CAPPED"
FLAGS = (CLAIM_CAPPED, MANUAL_REVIEW)
