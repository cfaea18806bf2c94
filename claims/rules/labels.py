"""Names of kinds, codes, flags and claimant types in Korean and English, for letters, pages and the CLI."""

from __future__ import annotations

from .registry import Derived

# The name of each head of loss, as its declaration gives it (heads/<kind>.py).
KIND_LABELS = Derived(lambda heads: {kind: dict(head.label) for kind, head in heads.items()})

CODE_LABELS: dict[str, dict[str, str]] = {
    "OK": {"ko": "지급 대상", "en": "Payable"},
    "CAPPED": {"ko": "한도 적용", "en": "Capped"},
    "NO_OVERLAP": {"ko": "장애 시간과 겹치지 않음", "en": "No overlap with the outage"},
    "BELOW_THRESHOLD": {"ko": "기준 장애 시간 미만", "en": "Below the outage threshold"},
    "LATE_FILING": {"ko": "청구 기한 경과", "en": "Filed after the deadline"},
    "NOT_ALLOWED_FOR_TYPE": {"ko": "청구인 유형에 해당하지 않음", "en": "Not open to this claimant type"},
    "NOT_COMPENSATED": {"ko": "이 기준에서 보상하지 않음", "en": "Not compensated under this policy"},
}

FLAG_LABELS: dict[str, dict[str, str]] = {
    "MANUAL_REVIEW": {"ko": "심사자 검토 필요", "en": "Manual review"},
    "CLAIM_CAPPED": {"ko": "보상 한도 적용", "en": "Claim cap applied"},
}

CLAIMANT_TYPE_LABELS: dict[str, dict[str, str]] = {
    "user": {"ko": "일반 이용자", "en": "general user"},
    "taxi_driver": {"ko": "택시 기사", "en": "taxi driver"},
    "merchant": {"ko": "소상공인", "en": "small business"},
    "author": {"ko": "웹툰·웹소설 작가", "en": "webtoon or webnovel author"},
}

OOP_CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "late_fee": {"ko": "연체료", "en": "late fee"},
    "overcharge": {"ko": "과다 청구", "en": "overcharge"},
    "penalty": {"ko": "위약금", "en": "penalty"},
    "other": {"ko": "기타", "en": "other"},
}

LANGUAGES = ("ko", "en")
