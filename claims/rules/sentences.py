"""The sentences of the explanations, in Korean and English: one per kind (and method) and per code.

In a sentence, {result} is the line's amount, {rate} the rate clause (empty for a rate of 1), {partial}
the note on degraded hours, {service} the service's name; every other {name} is the trace value of that
name, in words (money with its unit, hours with theirs, instants in the incident's time zone).
"""

from __future__ import annotations

from .catalogue import BELOW_THRESHOLD, LATE_FILING, NOT_ALLOWED_FOR_TYPE, NOT_COMPENSATED
from .registry import Derived

# The sentence of a paying line, by sentence key (a kind, or "kind.variant": see each head's
# `sentence_key`), as each head of loss declares them (heads/<kind>.py).
PAYS = Derived(
    lambda heads: {key: dict(words) for head in heads.values() for key, words in head.sentences.items()}
)

NOTHING = {"en": "nothing is paid", "ko": "지급액이 없습니다"}

# Why a line found no overlap; NOTHING completes the sentence.
NO_OVERLAP = Derived(lambda heads: {kind: dict(head.no_overlap) for kind, head in heads.items()})

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
        "ko": "청구 기한({closes_at})이 지난 {filed_at}에 청구되어 보상 대상이 아닙니다.",
    },
    NOT_ALLOWED_FOR_TYPE: {
        "en": "{kind_label} cannot be claimed by a {claimant_type}: nothing is paid.",
        "ko": "{kind_label} 항목은 {claimant_type} 청구인에게 해당하지 않아 지급액이 없습니다.",
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
CAPPED = {"en": "{amount}, capped at {cap}", "ko": "{amount}, 한도 {cap} 적용"}

SUMMARY = {
    "policy": {"ko": "보상 기준", "en": "Policy"},
    "claimant": {"ko": "청구인 유형", "en": "Claimant"},
    "total": {"ko": "합계", "en": "Total"},
    "flags": {"ko": "확인 사항", "en": "Flags"},
    "not_eligible": {"ko": "이 청구는 보상 대상이 아닙니다.", "en": "This claim is not eligible."},
    "claim_cap": {
        "ko": "항목 합계 {subtotal}에 보상 한도 {cap}을 적용했습니다.",
        "en": "The lines add up to {subtotal}; the claim cap of {cap} applies.",
    },
}
