"""In a real browser: the home page, the language switch, the reviewer's sign-in, and axe-core checks."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_language_switch_and_reviewer_login_are_accessible(live_server, page, axe):
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.get_by_role("heading", level=1).inner_text().startswith("2022년 10월 15일")
    assert axe(page) == []

    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Claim compensation" in page.get_by_role("heading", level=1).inner_text()
    assert axe(page) == []

    page.get_by_role("link", name="Sign in").first.click()
    assert axe(page) == []
    page.get_by_label("E-mail").fill("reviewer@example.com")
    page.get_by_label("Password").fill("demo1234!")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/review/")
    assert page.get_by_role("heading", level=1).inner_text() == "Review queue"
    assert axe(page) == []


def test_sign_in_errors_are_announced_and_accessible(live_server, page, axe):
    page.goto(live_server + "/login")
    page.get_by_role("button", name="로그인").click()
    expect(page.locator(".error-summary")).to_be_visible()  # waits for the page the form answered with
    assert axe(page) == []


def test_the_home_page_fits_a_360px_phone(live_server, page):
    page.goto(live_server + "/")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360
