"""In a real browser on a phone: the demo user starts a draft, then discards it; axe-core on each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_draft_is_discarded_on_a_phone(live_server, page, axe):
    page.goto(live_server + "/login")
    page.get_by_label("이메일").fill("user@example.com")
    page.get_by_label("비밀번호").fill("demo1234!")
    page.locator("main").get_by_role("button", name="로그인").click()
    page.wait_for_url("**/my/claims")
    page.get_by_role("link", name="새 청구 시작").click()
    page.get_by_role("button", name="일반 이용자 보상 청구 시작").click()
    page.wait_for_url("**/edit/contact")
    reference = page.url.split("/my/claims/")[1].split("/")[0]

    page.goto(live_server + "/my/claims")
    assert axe(page) == []
    page.get_by_role("link", name=f"삭제 {reference}").click()
    page.wait_for_url(f"**/my/claims/{reference}/discard")
    assert axe(page) == []
    page.get_by_role("button", name="삭제하기").click()
    # the box was not ticked (expect waits for the page the form answered with)
    expect(page.locator(".error-summary")).to_be_visible()
    page.locator("label[for=confirm]").click()  # KRDS draws the box on its label
    page.get_by_role("button", name="삭제하기").click()
    page.wait_for_url("**/my/claims")
    assert f"(청구번호 {reference})를 삭제했습니다" in page.locator(".flash").inner_text()
    assert page.get_by_role("link", name=f"삭제 {reference}").count() == 0
    assert axe(page) == []
