"""The letter's fixed wording in Korean and English, and the money and date formats of each language."""

from __future__ import annotations

from datetime import date

from .model import LetterData

TEXTS: dict[str, dict[str, str]] = {
    "ko": {
        "default_sender": "장애 피해 보상 센터",
        "letter_kind": "손해배상 청구 결정 통지서",
        "title": "손해배상 청구에 대한 결정",
        "to": "수신",
        "date": "발행일",
        "reference": "청구번호",
        "verification_code": "확인코드",
        "continued": "(계속)",
        "decision_approved": (
            "귀하의 손해배상 청구({reference})에 대해 전액 승인으로 결정하였습니다. 지급액은 {amount}입니다."
        ),
        "decision_partly_approved": (
            "귀하의 손해배상 청구({reference})에 대해 일부 승인으로 결정하였습니다. 지급액은 {amount}입니다."
        ),
        "decision_rejected": (
            "귀하의 손해배상 청구({reference})에 대해 불승인으로 결정하였습니다. 지급액은 없습니다."
        ),
        "replaces": "이 통지서는 {issued}자 통지서({reference})를 대체합니다.",
        "replaces_undated": "이 통지서는 이전 통지서({reference})를 대체합니다.",
        "lines_heading": "산정 내역",
        "lines_intro": "청구하신 항목별로 산정한 금액과 승인한 금액은 다음과 같습니다.",
        "col_head": "손해 항목 / 서비스",
        "col_computation": "산정 방법",
        "col_computed": "산정액",
        "col_approved": "승인액",
        "col_reason": "사유",
        "no_lines": "심사한 항목이 없습니다.",
        "total": "합계",
        "payment_heading": "지급",
        "payment_amount": "지급액",
        "no_payment": "이번 결정에 따라 지급되는 금액은 없습니다.",
        "basis_heading": "적용 기준",
        "policy": "보상 기준",
        "incident": "장애 기록",
        "appeal_heading": "이의신청",
        "appeal_deadline": "이의신청 기한",
        "appeal": (
            "이 결정에 동의하지 않으시면 위 기한까지 이의신청을 하실 수 있습니다. "
            "포털의 청구 화면에서 '이의신청'을 선택하고 그 이유와 자료를 제출해 주십시오. "
            "이의신청은 이 결정에 참여하지 않은 심사자가 다시 검토합니다."
        ),
        "contact_heading": "문의",
        "verify_heading": "통지서 진위 확인",
        "verify": (
            "QR 코드를 스캔하거나 아래 주소에서 확인코드를 입력하여 이 통지서가 진본인지 확인할 수 있습니다."
        ),
        "closing": "{sender} 드림",
        "pdf_subject": "손해배상 청구 {reference}에 대한 결정 통지서",
    },
    "en": {
        "default_sender": "Outage Claims Office",
        "letter_kind": "Decision on a damage claim",
        "title": "Decision on your damage claim",
        "to": "To",
        "date": "Date",
        "reference": "Claim reference",
        "verification_code": "Verification code",
        "continued": "(continued)",
        "decision_approved": "Your claim {reference} has been approved. We will pay {amount}.",
        "decision_partly_approved": "Your claim {reference} has been partly approved. We will pay {amount}.",
        "decision_rejected": "Your claim {reference} has been rejected. We will not make a payment.",
        "replaces": "This letter replaces letter {reference} of {issued}.",
        "replaces_undated": "This letter replaces letter {reference}.",
        "lines_heading": "How we computed the amount",
        "lines_intro": "For each part of your claim, the amount we computed and the amount we approved:",
        "col_head": "Head of loss / service",
        "col_computation": "Computation",
        "col_computed": "Computed",
        "col_approved": "Approved",
        "col_reason": "Reason",
        "no_lines": "No items were assessed.",
        "total": "Total",
        "payment_heading": "Payment",
        "payment_amount": "Amount to be paid",
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
            "Scan the QR code, or enter the verification code at the address below, to check this letter."
        ),
        "closing": "{sender}",
        "pdf_subject": "Decision letter for damage claim {reference}",
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
    """11790 → '11,790원' (ko) or '11,790 KRW' (en)."""
    if language == "ko":
        return f"{amount:,}원"
    return f"{amount:,} KRW"


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
    """The decision in one sentence, with the reference and the amount to be paid."""
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
