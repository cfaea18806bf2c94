"""Explanations: one plain sentence per line, from the trace, in Korean and English; labels complete."""

from __future__ import annotations

import pytest
from rules_support import claim_of, quote, shipped_incident

from claims.rules import (
    CLAIMANT_TYPE_LABELS,
    CLAIMANT_TYPES,
    CODE_LABELS,
    CODES,
    FLAG_LABELS,
    FLAGS,
    KIND_LABELS,
    KINDS,
    OOP_CATEGORIES,
    OOP_CATEGORY_LABELS,
    Line,
    explain,
    explain_line,
    explain_stored_line,
)

TAXI = {"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 39000}


def line_for(incident, policy, claimant_type, item, filed_at=None):
    return quote(claim_of(claimant_type, item, filed_at=filed_at), incident, policy).lines[0]


def test_subscription_sentence_as_in_the_brief(incident, fair):
    line = line_for(incident, fair, "taxi_driver", TAXI)
    assert explain_line(line, incident, "en") == (
        "22.5 hours of Kakao T taxi downtime × 10 × 39,000 KRW / 744 hours = 11,790 KRW"
    )
    assert (
        explain_line(line, incident, "ko")
        == "카카오T 택시 장애 22시간 30분 × 10 × 39,000원 / 744시간 = 11,790원"
    )
    assert explain_line(line, incident) == explain_line(line, incident, "ko")


def test_a_stored_line_reads_back_and_explains_the_same(incident, fair):
    line = line_for(incident, fair, "taxi_driver", TAXI)
    stored = line.to_dict()
    assert Line.from_dict(stored) == line
    assert explain_stored_line(stored, incident, "en") == explain_line(line, incident, "en")
    # A snapshot whose trace lacks a value the sentence needs has no sentence (its amount still stands).
    assert explain_stored_line({**stored, "trace": {}}, incident, "en") is None


def test_capped_line_says_so(incident, fair):
    line = line_for(
        incident, fair, "user", {"kind": "subscription", "service": "daum_mail", "monthly_fee": 9900}
    )
    assert explain_line(line, incident, "en").endswith("= 11,910 KRW, capped at 9,900 KRW")
    assert explain_line(line, incident, "ko").endswith("= 11,910원, 한도 9,900원 적용")


@pytest.mark.parametrize(
    "claimant_type, item, policy, en, ko",
    [
        (
            "user",
            {"kind": "subscription", "service": "kakaobank", "monthly_fee": 1000},
            "fair-2022",
            "The longest continuous full outage of KakaoBank was 1.5 hours, less than the 2 hours required",
            "카카오뱅크의 최장 연속 전면 장애가 1시간 30분으로 기준인 2시간에 못 미쳐",
        ),
        (
            "taxi_driver",
            {
                "kind": "lost_income",
                "service": "kakao_t_taxi",
                "hourly_income": 1,
                "shifts": [["2022-10-15T12:00", "2022-10-15T20:00"]],
            },
            "as-paid-2022",
            "This policy pays nothing for lost driving income.",
            "이 보상 기준은 운행 수입 손실 항목을 보상하지 않습니다.",
        ),
        (
            "user",
            {"kind": "ad_spend", "campaigns": [{"sent_at": "2022-10-16T10:00", "cost": 1}]},
            "fair-2022",
            "Channel ad spend cannot be claimed by a general user: nothing is paid.",
            "채널 광고 메시지 비용 항목은 일반 이용자 청구인에게 해당하지 않아 지급액이 없습니다.",
        ),
        (
            "user",
            {
                "kind": "out_of_pocket",
                "service": "kakao_t_bike",
                "incurred_at": "2022-10-21T09:00",
                "amount": 100000,
                "category": "late_fee",
            },
            "fair-2022",
            "The charge of 100,000 KRW on 21 Oct 2022 09:00 KST is outside the Kakao T bike and kickboard "
            "outage and the 72 hours after it: nothing is paid.",
            "2022년 10월 21일 09:00의 100,000원 지출은 카카오T 바이크·킥보드 장애 기간과 "
            "그 뒤 72시간 밖이어서 지급액이 없습니다.",
        ),
        (
            "merchant",
            {
                "kind": "lost_sales",
                "service": "kakaotalk_gift",
                "daily_sales": 200000,
                "business_hours": {"open": "10:00", "close": "22:00"},
            },
            "as-paid-2022",
            "= lost sales of 300,000 KRW, in the band up to 300,000 KRW = 30,000 KRW",
            "매출 손실 300,000원, 300,000원 이하 구간 = 30,000원",
        ),
        (
            "merchant",
            {
                "kind": "lost_sales",
                "service": "kakaotalk_gift",
                "daily_sales": 200000,
                "business_hours": {"open": "10:00", "close": "22:00"},
            },
            "fair-2022",
            "18 hours of KakaoTalk Gift shop downtime in business hours (10:00-22:00) / 12 hours a day × "
            "200,000 KRW a day = lost sales of 300,000 KRW × margin 0.3 = 90,000 KRW",
            "= 매출 손실 300,000원 × 이익률 30% = 90,000원",
        ),
        (
            "author",
            {"kind": "lost_earnings", "service": "kakaopage", "daily_earnings": 50000},
            "fair-2022",
            "40.5 hours of KakaoPage downtime (a degraded hour counts × 0.5) / 24 hours × 50,000 KRW a day"
            " = 84,380 KRW",
            "카카오페이지 장애 40시간 30분(부분 장애 시간은 50%만 계산) / 24시간"
            " × 하루 수익 50,000원 = 84,380원",
        ),
        (
            "taxi_driver",
            {
                "kind": "unpaid_fares",
                "rides": [{"started_at": "2022-10-14T10:00", "ended_at": "2022-10-14T10:30", "fare": 1}],
            },
            "fair-2022",
            "None of the 1 rides ended during a full outage of Kakao T taxi or KakaoPay: nothing is paid.",
            "운행 1건 중 카카오T 택시 또는 카카오페이 전면 장애 중에 끝난 운행이 없어 지급액이 없습니다.",
        ),
    ],
)
def test_sentences_by_code(incident, policies, claimant_type, item, policy, en, ko):
    line = line_for(incident, policies[policy], claimant_type, item)
    assert en in explain_line(line, incident, "en")
    assert ko in explain_line(line, incident, "ko")


def test_late_filing_sentence(fair):
    incident = shipped_incident(closes_at="2022-11-02T00:00")
    line = line_for(incident, fair, "taxi_driver", TAXI, filed_at="2022-11-03T10:00")
    assert explain_line(line, incident, "en") == (
        "The claim was filed on 3 Nov 2022 10:00 KST, after the claims window closed on 2 Nov 2022 00:00 KST:"
        " it is not eligible."
    )
    assert explain_line(line, incident, "ko") == (
        "청구 기한(2022년 11월 2일 00:00)이 지난 2022년 11월 3일 10:00에 청구되어 보상 대상이 아닙니다."
    )


def _every_kind_claims():
    at = "2022-10-16T10:00"
    return [
        (
            "user",
            {
                "kind": "out_of_pocket",
                "service": "kakao_t_bike",
                "incurred_at": at,
                "amount": 5000,
                "category": "penalty",
            },
        ),
        ("user", {"kind": "voucher", "face_value": 5000, "expires_at": at}),
        (
            "taxi_driver",
            {
                "kind": "lost_income",
                "service": "kakaopay",
                "hourly_income": 9000,
                "shifts": [["2022-10-16T08:00", "2022-10-16T18:00"]],
            },
        ),
        (
            "taxi_driver",
            {
                "kind": "unpaid_fares",
                "rides": [{"started_at": at, "ended_at": "2022-10-16T10:20", "fare": 7000}],
            },
        ),
        ("merchant", {"kind": "ad_spend", "campaigns": [{"sent_at": at, "cost": 9000}]}),
        (
            "merchant",
            {
                "kind": "lost_sales",
                "service": "talk_channel",
                "daily_sales": 5000000,
                "business_hours": {"open": "00:00", "close": "00:00"},
            },
        ),
        (
            "author",
            {
                "kind": "launch_window",
                "service": "kakao_webtoon",
                "work_title": "달빛 정원",
                "launch_at": "2022-10-15T00:00",
                "expected_earnings": 1200000,
            },
        ),
        (
            "author",
            {
                "kind": "launch_window",
                "service": "kakao_webtoon",
                "work_title": "달빛 정원",
                "launch_at": "2022-09-01T00:00",
                "expected_earnings": 1200000,
            },
        ),
    ]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_kind_and_policy_has_a_sentence_without_placeholders(incident, policies, lang):
    for policy in policies.values():
        for claimant_type, item in _every_kind_claims():
            line = line_for(incident, policy, claimant_type, item)
            sentence = explain_line(line, incident, lang)
            assert sentence and "{" not in sentence and "}" not in sentence, (line, sentence)


def test_labels_are_complete_in_both_languages():
    for table, keys in (
        (KIND_LABELS, KINDS),
        (CODE_LABELS, CODES),
        (FLAG_LABELS, FLAGS),
        (CLAIMANT_TYPE_LABELS, CLAIMANT_TYPES),
        (OOP_CATEGORY_LABELS, OOP_CATEGORIES),
    ):
        assert set(table) == set(keys)
        for labels in table.values():
            assert set(labels) == {"ko", "en"} and all(labels.values())


def test_explain_reads_like_the_letter(incident, fair):
    data = claim_of(
        "user",
        {"kind": "subscription", "service": "daum_mail", "monthly_fee": 9900},
        {
            "kind": "out_of_pocket",
            "service": "kakao_t_bike",
            "incurred_at": "2022-10-16T12:00",
            "amount": 600000,
            "category": "late_fee",
        },
        {
            "kind": "out_of_pocket",
            "service": "kakao_t_bike",
            "incurred_at": "2022-10-16T12:00",
            "amount": 500000,
            "category": "late_fee",
        },
    )
    assessment = quote(data, incident, fair)
    korean = explain(assessment, incident, "ko", fair)
    assert korean.splitlines()[:3] == [
        "SK C&C 판교 데이터센터 화재에 따른 카카오 서비스 장애",
        "보상 기준: 공정 보상 기준 2022 (fair-2022)",
        "청구인 유형: 일반 이용자",
    ]
    assert "1. 유료 이용권·구독료 — 다음 메일: 9,900원 (한도 적용)" in korean
    assert "합계: 1,000,000원" in korean
    assert "항목 합계 1,009,900원에 보상 한도 1,000,000원을 적용했습니다." in korean
    assert "확인 사항: 보상 한도 적용, 심사자 검토 필요" in korean
    english = explain(assessment, incident, "en")
    assert "Policy: fair-2022" in english
    assert "Total: 1,000,000 KRW" in english
    assert "Flags: Claim cap applied, Manual review" in english


def test_explain_says_when_a_claim_is_not_eligible(fair):
    incident = shipped_incident(closes_at="2022-11-02T00:00")
    assessment = quote(claim_of("taxi_driver", TAXI, filed_at="2022-11-02T00:00"), incident, fair)
    assert explain(assessment, incident, "en").rstrip().endswith("This claim is not eligible.")
