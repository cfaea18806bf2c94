"""Korean banks by their standard three-digit code (금융결제원 표준 코드), and payout account numbers.

A payout's bank is stored as its code and shown by name; the account number is checked for 10–14 digits
(hyphens and spaces ignored). Source: the bank codes of the Korea Financial Telecommunications and Clearings
Institute, as listed in shared/KOREAN.md.
"""

from __future__ import annotations

from dataclasses import dataclass

ACCOUNT_DIGITS = (10, 14)


@dataclass(frozen=True)
class Bank:
    code: str
    name_ko: str
    name_en: str

    def name(self, language: str = "ko") -> str:
        return self.name_en if language == "en" else self.name_ko


BANKS: dict[str, Bank] = {
    bank.code: bank
    for bank in (
        Bank("002", "KDB산업은행", "KDB Korea Development Bank"),
        Bank("003", "IBK기업은행", "IBK Industrial Bank of Korea"),
        Bank("004", "KB국민은행", "KB Kookmin Bank"),
        Bank("007", "수협은행", "Suhyup Bank"),
        Bank("011", "NH농협은행", "NH NongHyup Bank"),
        Bank("020", "우리은행", "Woori Bank"),
        Bank("023", "SC제일은행", "SC First Bank"),
        Bank("027", "한국씨티은행", "Citibank Korea"),
        Bank("031", "iM뱅크(대구은행)", "iM Bank (Daegu Bank)"),
        Bank("032", "부산은행", "Busan Bank"),
        Bank("034", "광주은행", "Kwangju Bank"),
        Bank("035", "제주은행", "Jeju Bank"),
        Bank("037", "전북은행", "Jeonbuk Bank"),
        Bank("039", "경남은행", "Kyongnam Bank"),
        Bank("045", "새마을금고", "MG Community Credit Cooperatives"),
        Bank("048", "신협", "Shinhyup Credit Union"),
        Bank("071", "우체국", "Korea Post"),
        Bank("081", "하나은행", "Hana Bank"),
        Bank("088", "신한은행", "Shinhan Bank"),
        Bank("089", "케이뱅크", "K Bank"),
        Bank("090", "카카오뱅크", "KakaoBank"),
        Bank("092", "토스뱅크", "Toss Bank"),
    )
}


def bank_name(code: str | None, language: str = "ko") -> str:
    """The bank's name for a stored code; a value that is not a known code (older free text) as it is."""
    bank = BANKS.get((code or "").strip())
    return bank.name(language) if bank else (code or "")


def bank_code(text: str | None) -> str:
    """The code of a bank given by its code or its name (older claims stored the name); '' if unknown."""
    cleaned = (text or "").strip()
    if cleaned in BANKS:
        return cleaned
    for code, bank in BANKS.items():
        if cleaned in (bank.name_ko, bank.name_en):
            return code
    return _ALIASES.get(cleaned.replace(" ", ""), "")


# Short names people (and older demo data) write for a bank.
_ALIASES = {
    "국민은행": "004",
    "기업은행": "003",
    "농협은행": "011",
    "농협": "011",
    "산업은행": "002",
    "대구은행": "031",
    "iM뱅크": "031",
    "씨티은행": "027",
    "SC은행": "023",
}


def bank_choices(language: str = "ko") -> list[tuple[str, str]]:
    """(code, name) pairs for a select, in code order (the order banks' own forms use)."""
    return [(code, bank.name(language)) for code, bank in BANKS.items()]


def account_digits(text: str | None) -> str:
    """The digits of an account number (hyphens and spaces dropped)."""
    return "".join(ch for ch in (text or "") if ch.isdigit())


def is_valid_account(text: str | None) -> bool:
    """10–14 digits once hyphens and spaces are dropped, and nothing else."""
    cleaned = (text or "").replace("-", "").replace(" ", "")
    return cleaned.isdigit() and ACCOUNT_DIGITS[0] <= len(cleaned) <= ACCOUNT_DIGITS[1]
