"""Names of kinds, codes, flags and claimant types in Korean and English, for letters, pages and the CLI."""

from __future__ import annotations

KIND_LABELS: dict[str, dict[str, str]] = {
    "subscription": {"ko": "유료 이용권·구독료", "en": "Paid subscription"},
    "out_of_pocket": {"ko": "추가로 부담한 비용", "en": "Out-of-pocket charge"},
    "voucher": {"ko": "유효기간이 지난 선물 교환권", "en": "Expired gift voucher"},
    "lost_income": {"ko": "운행 수입 손실", "en": "Lost driving income"},
    "unpaid_fares": {"ko": "결제되지 않은 운임", "en": "Unpaid fares"},
    "lost_sales": {"ko": "매출 손실", "en": "Lost sales"},
    "ad_spend": {"ko": "채널 광고 메시지 비용", "en": "Channel ad spend"},
    "launch_window": {"ko": "신작 출시 기간 손실", "en": "New-work launch window"},
    "lost_earnings": {"ko": "작품 수익 손실", "en": "Lost earnings"},
}

CODE_LABELS: dict[str, dict[str, str]] = {
    "OK": {"ko": "지급", "en": "Payable"},
    "CAPPED": {"ko": "상한 적용", "en": "Capped"},
    "NO_OVERLAP": {"ko": "장애 시간과 겹치지 않음", "en": "No overlap with the outage"},
    "BELOW_THRESHOLD": {"ko": "기준 장애 시간 미만", "en": "Below the outage threshold"},
    "LATE_FILING": {"ko": "신청 기한 경과", "en": "Filed after the deadline"},
    "NOT_ALLOWED_FOR_TYPE": {"ko": "신청인 유형에 해당하지 않음", "en": "Not open to this claimant type"},
    "NOT_COMPENSATED": {"ko": "이 기준에서 보상하지 않음", "en": "Not compensated under this policy"},
}

FLAG_LABELS: dict[str, dict[str, str]] = {
    "MANUAL_REVIEW": {"ko": "담당자 검토 필요", "en": "Manual review"},
    "CLAIM_CAPPED": {"ko": "신청 한도 적용", "en": "Claim cap applied"},
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
