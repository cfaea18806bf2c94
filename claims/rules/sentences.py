"""The sentences of the explanations, in Korean and English: one per kind (and method) and per code.

In a sentence, {result} is the line's amount, {rate} the rate clause (empty for a rate of 1), {partial}
the note on degraded hours, {service} the service's name; every other {name} is the trace value of that
name, in words (money with its unit, hours with theirs, instants in the incident's time zone).
"""

from __future__ import annotations

from .catalogue import BELOW_THRESHOLD, LATE_FILING, NOT_ALLOWED_FOR_TYPE, NOT_COMPENSATED

_SALES_EN = (
    "{weighted_hours} of {service} downtime in business hours ({business_hours}){partial}"
    " / {hours_per_day} a day × {daily_sales} a day = lost sales of {lost_sales}"
)
_SALES_KO = (
    "영업시간({business_hours}) 중 {service} 장애 {weighted_hours}{partial}"
    " / 하루 {hours_per_day} × 하루 매출 {daily_sales} = 매출 손실 {lost_sales}"
)

PAYS = {
    "subscription": {
        "en": "{weighted_hours} of {service} downtime{partial} × {multiplier} × {monthly_fee}"
        " / {month_hours}{rate} = {result}",
        "ko": "{service} 장애 {weighted_hours}{partial} × {multiplier} × {monthly_fee}"
        " / {month_hours}{rate} = {result}",
    },
    "subscription.fixed_days": {
        "en": "{monthly_fee} × {days} days / {month_days} days{rate} = {result}",
        "ko": "{monthly_fee} × {days}일 / {month_days}일{rate} = {result}",
    },
    "out_of_pocket": {
        "en": "{amount} charged on {incurred_at} ({category}), during the {service} outage"
        " or the {grace_hours} after it{rate} = {result}",
        "ko": "{service} 장애 중 또는 그 뒤 {grace_hours} 안인 {incurred_at}에 부담한"
        " {category} {amount}{rate} = {result}",
    },
    "voucher": {
        "en": "A voucher of {face_value} that expired on {expires_at}, during the {service} outage"
        " or the {voucher_grace_hours} after it{rate} = {result}",
        "ko": "{service} 장애 중 또는 그 뒤 {voucher_grace_hours} 안인 {expires_at}에"
        " 유효기간이 끝난 {face_value} 교환권{rate} = {result}",
    },
    "lost_income": {
        "en": "{weighted_hours} of {service} downtime during your shifts{partial}"
        " × {hourly_income} an hour{rate} = {result}",
        "ko": "근무 중 {service} 장애 {weighted_hours}{partial} × 시간당 {hourly_income}{rate} = {result}",
    },
    "unpaid_fares": {
        "en": "{rides_counted} of {rides} rides ended during a full outage of {fare_services}:"
        " fares of {fares_counted}{rate} = {result}",
        "ko": "운행 {rides}건 중 {rides_counted}건이 {fare_services} 전면 장애 중에 끝나"
        " 결제되지 않은 운임 {fares_counted}{rate} = {result}",
    },
    "lost_sales": {
        "en": _SALES_EN + " × margin {rate_value} = {result}",
        "ko": _SALES_KO + " × 이익률 {rate_value} = {result}",
    },
    "lost_sales.tiers": {
        "en": _SALES_EN + ", in the band up to {tier_up_to}{rate} = {result}",
        "ko": _SALES_KO + ", {tier_up_to} 이하 구간{rate} = {result}",
    },
    "lost_sales.above": {
        "en": _SALES_EN + ", above the last band: × {above_rate}{rate} = {result}, subject to proof",
        "ko": _SALES_KO + ", 마지막 구간 초과: × {above_rate}{rate} = {result} (증빙 필요)",
    },
    "ad_spend": {
        "en": "{campaigns_counted} of {campaigns} campaigns sent during the {service} outage,"
        " costing {costs_counted}{rate} = {result}",
        "ko": "캠페인 {campaigns}건 중 {campaigns_counted}건이 {service} 장애 중에 발송된"
        " 비용 {costs_counted}{rate} = {result}",
    },
    "launch_window": {
        "en": "{weighted_hours} of {service} downtime in the {launch_window_days}-day launch window"
        " from {launch_at}{partial} / {launch_window_hours} × {launch_multiplier} (at most 1)"
        " × {expected_earnings} expected{rate} = {result}",
        "ko": "{launch_at}부터 {launch_window_days}일의 출시 기간 중 {service} 장애"
        " {weighted_hours}{partial} / {launch_window_hours} × {launch_multiplier}(최대 1)"
        " × 예상 수익 {expected_earnings}{rate} = {result}",
    },
    "lost_earnings": {
        "en": "{weighted_hours} of {service} downtime{partial} / 24 hours × {daily_earnings} a day"
        "{rate} = {result}",
        "ko": "{service} 장애 {weighted_hours}{partial} / 24시간 × 하루 수익 {daily_earnings}"
        "{rate} = {result}",
    },
}

NOTHING = {"en": "nothing is paid", "ko": "지급액이 없습니다"}

# Why a line found no overlap; NOTHING completes the sentence.
_NO_OUTAGE = {"en": "{service} had no outage in this incident", "ko": "{service}에는 이번 장애 기간이 없어"}
NO_OVERLAP = {
    "subscription": _NO_OUTAGE,
    "out_of_pocket": {
        "en": "the charge of {amount} on {incurred_at} is outside the {service} outage"
        " and the {grace_hours} after it",
        "ko": "{incurred_at}의 {amount} 지출은 {service} 장애 기간과 그 뒤 {grace_hours} 밖이어서",
    },
    "voucher": {
        "en": "the voucher expired on {expires_at}, outside the {service} outage"
        " and the {voucher_grace_hours} after it",
        "ko": "교환권의 유효기간({expires_at})이 {service} 장애 기간과 그 뒤 {voucher_grace_hours} 밖이어서",
    },
    "lost_income": {
        "en": "none of your shifts ({shift_hours}) overlaps the {service} outage",
        "ko": "근무 시간({shift_hours})이 {service} 장애와 겹치지 않아",
    },
    "unpaid_fares": {
        "en": "none of the {rides} rides ended during a full outage of {fare_services}",
        "ko": "운행 {rides}건 중 {fare_services} 전면 장애 중에 끝난 운행이 없어",
    },
    "lost_sales": {
        "en": "no business hours ({business_hours}) overlap the {service} outage, or no sales were declared",
        "ko": "영업시간({business_hours})이 {service} 장애와 겹치지 않거나 신고한 매출이 없어",
    },
    "ad_spend": {
        "en": "none of the {campaigns} campaigns was sent during the {service} outage",
        "ko": "캠페인 {campaigns}건 중 {service} 장애 중에 발송된 것이 없어",
    },
    "launch_window": {
        "en": "the {launch_window_days}-day launch window from {launch_at} does not overlap"
        " the {service} outage",
        "ko": "{launch_at}부터 {launch_window_days}일의 출시 기간이 {service} 장애와 겹치지 않아",
    },
    "lost_earnings": _NO_OUTAGE,
}

OTHER_CODES = {
    BELOW_THRESHOLD: {
        "en": "The longest continuous full outage of {service} was {longest_full_hours}, less than the"
        " {min_continuous_hours} required: nothing is paid.",
        "ko": "{service}의 최장 연속 전면 장애가 {longest_full_hours}으로 기준인 {min_continuous_hours}에"
        " 못 미쳐 지급액이 없습니다.",
    },
    LATE_FILING: {
        "en": "The claim was filed on {filed_at}, after the claims window closed on {closes_at}:"
        " it is not eligible.",
        "ko": "신청 기한({closes_at})이 지난 {filed_at}에 신청되어 보상 대상이 아닙니다.",
    },
    NOT_ALLOWED_FOR_TYPE: {
        "en": "{kind_label} cannot be claimed by a {claimant_type}: nothing is paid.",
        "ko": "{kind_label} 항목은 {claimant_type} 신청인에게 해당하지 않아 지급액이 없습니다.",
    },
    NOT_COMPENSATED: {
        "en": "This policy pays nothing for {kind_label_lower}.",
        "ko": "이 보상 기준은 {kind_label} 항목을 보상하지 않습니다.",
    },
}

PARTIAL = {
    "en": " (a degraded hour counts × {partial_weight})",
    "ko": "(부분 장애 시간은 {partial_weight}만 계산)",
}
CAPPED = {"en": "{amount}, capped at {cap}", "ko": "{amount}, 상한 {cap} 적용"}

SUMMARY = {
    "policy": {"ko": "보상 기준", "en": "Policy"},
    "claimant": {"ko": "신청인 유형", "en": "Claimant"},
    "total": {"ko": "합계", "en": "Total"},
    "flags": {"ko": "확인 사항", "en": "Flags"},
    "not_eligible": {"ko": "이 신청은 보상 대상이 아닙니다.", "en": "This claim is not eligible."},
    "claim_cap": {
        "ko": "항목 합계 {subtotal}에 신청 한도 {cap}을 적용했습니다.",
        "en": "The lines add up to {subtotal}; the claim cap of {cap} applies.",
    },
}
