"""Amounts on a page: the once-per-page formatter writes exactly what the `won` filter writes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claims.i18n import won, won_formatter

AMOUNTS = (None, 0, 1, 999, 1000, 11790, 999_999, 1_000_000, 123_456_789, -1, -1234, Decimal("11794.4"), 12.6)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_page_formatter_writes_what_the_won_filter_writes(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        money = won_formatter()
        assert [money(amount) for amount in AMOUNTS] == [won(amount) for amount in AMOUNTS]
        assert money(11790) == ("11,790원" if language == "ko" else "11,790 KRW")
