"""The catalogue of claims: claimant types, kinds of loss, their fields, who may claim what (POLICY §4)."""

from __future__ import annotations

CLAIMANT_TYPES = ("user", "taxi_driver", "merchant", "author")

# Kinds of loss (heads) in the order of POLICY §4.
KINDS = (
    "subscription",
    "out_of_pocket",
    "voucher",
    "lost_income",
    "unpaid_fares",
    "lost_sales",
    "ad_spend",
    "launch_window",
    "lost_earnings",
)

ALLOWED_KINDS: dict[str, tuple[str, ...]] = {
    "user": ("subscription", "out_of_pocket", "voucher"),
    "taxi_driver": ("subscription", "out_of_pocket", "lost_income", "unpaid_fares"),
    "merchant": ("subscription", "out_of_pocket", "lost_sales", "ad_spend"),
    "author": ("subscription", "launch_window", "lost_earnings"),
}

# The input fields of each kind, in form order (besides "kind" itself).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "subscription": ("service", "monthly_fee"),
    "out_of_pocket": ("service", "incurred_at", "amount", "category"),
    "voucher": ("face_value", "expires_at"),
    "lost_income": ("service", "hourly_income", "shifts"),
    "unpaid_fares": ("rides",),
    "lost_sales": ("service", "daily_sales", "business_hours", "closed_weekdays"),
    "ad_spend": ("campaigns",),
    "launch_window": ("service", "launch_at", "expected_earnings"),
    "lost_earnings": ("service", "daily_earnings"),
}

# Fields a claimant may leave out.
OPTIONAL_FIELDS: dict[str, frozenset[str]] = {"lost_sales": frozenset({"closed_weekdays"})}

OOP_CATEGORIES = ("late_fee", "overcharge", "penalty", "other")

AUTHOR_SERVICES = ("kakaopage", "kakao_webtoon")
# Kinds whose service must be one of a short list (besides existing in the incident).
SERVICE_CHOICES: dict[str, tuple[str, ...]] = {
    "launch_window": AUTHOR_SERVICES,
    "lost_earnings": AUTHOR_SERVICES,
}

# Kinds whose service is fixed by the policy text rather than chosen by the claimant. These codes name
# what the item *is* (a gift voucher lives in the Gift shop), so they belong to the claim schema, not to
# the policy parameters. An incident without that service simply had no outage of it (NO_OVERLAP).
FIXED_SERVICE = {"voucher": "kakaotalk_gift", "ad_spend": "talk_channel"}
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
