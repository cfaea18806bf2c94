"""Bank codes and payout account numbers (shared/KOREAN.md)."""

import pytest

from claims.banks import BANKS, account_digits, bank_choices, bank_code, bank_name, is_valid_account


def test_codes_are_three_digits_and_named_in_both_languages():
    assert len(BANKS) == 22
    for code, bank in BANKS.items():
        assert len(code) == 3 and code.isdigit() and bank.code == code
        assert bank.name_ko and bank.name_en
    assert bank_name("090") == "카카오뱅크" and bank_name("090", "en") == "KakaoBank"
    assert bank_choices()[0] == ("002", "KDB산업은행")


def test_an_unknown_code_is_shown_as_stored():
    assert bank_name("국민은행") == "국민은행" and bank_name(None) == ""


def test_a_bank_given_by_name_is_read_as_its_code():
    # Claims filed before the list stored the name typed; the bank file and the form want the code.
    assert bank_code("088") == "088" and bank_code("신한은행") == "088" and bank_code("KakaoBank") == "090"
    assert bank_code("국민은행") == "004" and bank_code(" 농협 ") == "011"
    assert bank_code("어느 은행") == "" and bank_code(None) == ""


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("123-45-6789012", True),
        ("1234567890", True),  # 10 digits
        ("12345678901234", True),  # 14 digits
        ("123456789", False),  # 9
        ("123456789012345", False),  # 15
        ("123 456 7890", True),
        ("123-45-678a012", False),
        ("", False),
    ],
)
def test_account_numbers_have_10_to_14_digits(text, valid):
    assert is_valid_account(text) is valid


def test_account_digits_drop_separators():
    assert account_digits("3333-01-1234567") == "3333011234567"
