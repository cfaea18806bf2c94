"""The letter's fixed wording in Korean and English, and the money and date formats of each language."""

from __future__ import annotations

from datetime import date

from .model import LetterData

TEXTS: dict[str, dict[str, str]] = {
    "ko": {
        "default_sender": "장애 피해 보상 센터",
        "letter_kind": "보상 청구 결정 통지서",
        "title": "보상 청구에 대한 결정",
        "to": "수신",
        "date": "발급일",
        "reference": "청구번호",
        "verification_code": "확인코드",
        "continued": "(계속)",
        "decision_approved": (
            "귀하의 보상 청구({reference})에 대한 결정은 전액 인정입니다. 인정액은 {amount}입니다."
        ),
        "decision_partly_approved": (
            "귀하의 보상 청구({reference})에 대한 결정은 일부 인정입니다. 인정액은 {amount}입니다."
        ),
        "decision_rejected": (
            "귀하의 보상 청구({reference})에 대한 결정은 불인정입니다. 지급하는 금액은 없습니다."
        ),
        "outcome_approved": "전액 인정",
        "outcome_partly_approved": "일부 인정",
        "outcome_rejected": "불인정",
        "replaces": "이 통지서는 {issued}자 통지서({reference})를 대체합니다.",
        "replaces_undated": "이 통지서는 이전 통지서({reference})를 대체합니다.",
        "lines_heading": "산정 내역",
        "lines_intro": (
            "손해 항목마다 청구하신 금액, 보상 기준에 따라 산정한 금액(산정액), "
            "심사 결과 인정한 금액(인정액)은 다음과 같습니다."
        ),
        "col_head": "손해 항목 / 서비스",
        "col_computation": "산정 방법",
        "col_claimed": "청구 금액",
        "col_computed": "산정액",
        "col_approved": "인정액",
        "reason": "사유",
        "next_step": "다음에 하실 수 있는 일",
        "not_asked": "—",
        "no_lines": "심사한 항목이 없습니다.",
        "total": "합계",
        "payment_heading": "지급",
        "payment_amount": "지급할 금액",
        "approved_now": "이번 결정의 인정액",
        "already_paid": "이미 지급한 금액",
        "balance_due": "추가로 지급할 금액",
        "balance_recovered": "돌려받을 금액",
        "balance_none": "추가로 지급하거나 돌려받을 금액은 없습니다.",
        "no_payment": "이번 결정에 따라 지급하는 금액은 없습니다.",
        "basis_heading": "적용 기준",
        "policy": "보상 기준",
        "incident": "장애 기록",
        "appeal_heading": "이의 신청",
        "appeal_deadline": "이의 신청 기한",
        "appeal": (
            "이 결정에 동의하지 않으시면 위 기한까지 이의 신청을 하실 수 있습니다. "
            "포털의 청구 화면에서 '이의 신청'을 선택하고 그 이유와 자료를 제출해 주십시오. "
            "이의 신청은 이 결정에 참여하지 않은 심사자가 다시 검토합니다."
        ),
        "contact_heading": "문의",
        "verify_heading": "통지서 진위 확인",
        "verify": (
            "이 통지서에는 포털의 전자서명이 들어 있습니다. PDF 뷰어에서 서명을 확인하거나, QR 코드를 "
            "스캔하거나, 아래 주소에서 확인코드를 입력하거나 이 파일을 올려 진본인지 확인할 수 있습니다."
        ),
        "closing": "{sender} 드림",
        "pdf_subject": "보상 청구 {reference}에 대한 결정 통지서",
        "preview_mark": "미리보기",
        "preview_banner": (
            "미리보기: 발급된 통지서가 아니며 효력이 없습니다. 확인코드와 QR 코드는 발급할 때 붙습니다."
        ),
    },
    "en": {
        "default_sender": "Outage Claims Office",
        "letter_kind": "Decision on a compensation claim",
        "title": "Decision on your compensation claim",
        "to": "To",
        "date": "Date",
        "reference": "Claim reference",
        "verification_code": "Verification code",
        "continued": "(continued)",
        "decision_approved": (
            "Your claim {reference} has been approved in full. The approved amount is {amount}."
        ),
        "decision_partly_approved": (
            "Your claim {reference} has been approved in part. The approved amount is {amount}."
        ),
        "decision_rejected": "Your claim {reference} has not been approved. No amount will be paid.",
        "outcome_approved": "Approved in full",
        "outcome_partly_approved": "Approved in part",
        "outcome_rejected": "Not approved",
        "replaces": "This letter replaces letter {reference} of {issued}.",
        "replaces_undated": "This letter replaces letter {reference}.",
        "lines_heading": "How we computed the amount",
        "lines_intro": (
            "For each part of your claim: the amount you claimed, the amount the policy gives (computed) "
            "and the amount we approved."
        ),
        "col_head": "Head of loss / service",
        "col_computation": "Computation",
        "col_claimed": "Claimed",
        "col_computed": "Computed",
        "col_approved": "Approved",
        "reason": "Reason",
        "next_step": "What you can do",
        "not_asked": "—",
        "no_lines": "No items were assessed.",
        "total": "Total",
        "payment_heading": "Payment",
        "payment_amount": "Amount to be paid",
        "approved_now": "Total approved now",
        "already_paid": "Already paid",
        "balance_due": "Balance to be paid",
        "balance_recovered": "To be recovered",
        "balance_none": "Nothing more will be paid or recovered.",
        "no_payment": "No payment will be made under this decision.",
        "basis_heading": "Basis of this decision",
        "policy": "Compensation policy",
        "incident": "Outage record",
        "appeal_heading": "How to appeal",
        "appeal_deadline": "Appeal by",
        "appeal": (
            "If you disagree with this decision, you may appeal until the date above. "
            "On your claim page in the portal, choose 'Appeal' and give your reasons and any evidence. "
            "A reviewer who took no part in this decision will look at your claim again."
        ),
        "contact_heading": "Contact",
        "verify_heading": "Check that this letter is genuine",
        "verify": (
            "This letter carries the portal's digital signature: check it in your PDF reader, scan the QR "
            "code, enter the verification code at the address below, or upload this file there."
        ),
        "closing": "{sender}",
        "pdf_subject": "Decision letter for compensation claim {reference}",
        "preview_mark": "PREVIEW",
        "preview_banner": (
            "Preview: this is not an issued letter and has no effect. The verification code and QR code "
            "are added when the letter is issued."
        ),
    },
}

_EN_MONTHS = ("January", "February", "March", "April", "May", "June") + (
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_amount(amount: int, language: str) -> str:
    """11790 → '11,790원' (ko) or '11,790 KRW' (en); a reduction is written with a minus: '-790,000원'."""
    sign = "-" if amount < 0 else ""
    if language == "ko":
        return f"{sign}{abs(amount):,}원"
    return f"{sign}{abs(amount):,} KRW"


def format_date(day: date, language: str) -> str:
    """2022-11-03 → '2022년 11월 3일' (ko) or '3 November 2022' (en)."""
    if language == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일"
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


def texts_for(language: str) -> dict[str, str]:
    """The static wording of one language."""
    return TEXTS[language]


def sender_of(data: LetterData) -> str:
    """The sender shown on the letter: the caller's, or the language's default."""
    return data.sender or TEXTS[data.language]["default_sender"]


def decision_sentence(data: LetterData) -> str:
    """The decision in one sentence, with the reference and the amount approved."""
    template = TEXTS[data.language][f"decision_{data.decision}"]
    return template.format(reference=data.reference, amount=format_amount(data.total_approved, data.language))


def replaces_sentence(data: LetterData) -> str | None:
    """'This letter replaces letter … of …', or None when it replaces nothing."""
    if not data.replaces:
        return None
    t = TEXTS[data.language]
    if data.replaces_issued_on is None:
        return t["replaces_undated"].format(reference=data.replaces)
    return t["replaces"].format(
        reference=data.replaces, issued=format_date(data.replaces_issued_on, data.language)
    )
