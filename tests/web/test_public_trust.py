"""Issue 11: 개인정보 처리방침 and the accessibility statement linked from every page; the home page says the
caps per claimant type, who runs the programme, the deadline and when payment arrives."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize(
    "path", ["/", "/login", "/register", "/timeline", "/policy", "/estimate", "/privacy"]
)
def test_every_page_links_the_privacy_policy_and_the_accessibility_statement(client, incident, path):
    body = client.get(path).get_data(as_text=True)
    assert 'href="/privacy"' in body and "개인정보 처리방침" in body
    assert 'href="/accessibility"' in body and "접근성 안내" in body


def test_the_privacy_policy_states_purpose_items_retention_rights_and_officer(client):
    body = client.get("/privacy").get_data(as_text=True)
    for words in ("목적", "계좌번호", "5년", "파기", "열람", "정정", "처리정지", "보호책임자"):
        assert words in body, words


def test_the_accessibility_statement_names_its_standard_and_a_contact(client):
    body = client.get("/accessibility").get_data(as_text=True)
    assert "KWCAG" in body and "help@outage-claims.example" in body


def test_the_home_page_states_caps_operator_deadline_and_payment(client, incident):
    body = client.get("/").get_data(as_text=True)
    for cap in ("1,000,000원", "1,500,000원", "5,000,000원"):
        assert cap in body
    assert "청구 사무국" in body  # who runs it
    assert "마감일" in body or "까지 보상 청구를 제출" in body  # the deadline (none set yet in the seed)
    assert "14일 안에" in body and "30일 안에" in body  # payment and decision


def test_the_timeline_has_a_plain_title_and_a_list_per_service_for_phones(client, incident):
    body = client.get("/timeline").get_data(as_text=True)
    title = body[body.index("<title>") : body.index("</title>")]
    assert "<section" not in title and "<" not in title[len("<title>") :]
    assert body.count('class="timeline-list__service"') >= 10
    assert "시간" in body and "분)" in body  # lengths as hours and minutes


def _shipped_notes() -> list[tuple[str, str]]:
    from claims.rules import load_incident

    return [
        (window.note, window.note_ko)
        for service in load_incident().services.values()
        for window in service.windows
        if window.note
    ]


def test_every_shipped_timeline_note_has_a_korean_version():
    notes = _shipped_notes()
    assert len(notes) >= 20
    for note, note_ko in notes:
        assert re.search(r"[가-힣]", note_ko), note
        assert not re.search(r"[A-Za-z]{3,}", note_ko), note_ko  # Korean words, not English left in


def test_the_korean_timeline_has_no_english_note_and_the_english_one_no_korean_note(client, incident):
    from markupsafe import escape

    korean = client.get("/timeline").get_data(as_text=True)
    english = client.get("/timeline", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for note, note_ko in _shipped_notes():
        assert f">{escape(note)}<" not in korean, note  # no English note sentence on the Korean page
        assert f">{escape(note_ko)}<" in korean, note_ko
        assert f">{escape(note)}<" in english and f">{escape(note_ko)}<" not in english
    # A Korean note on the Korean page is not marked as English.
    assert '<span lang="en">' not in korean.split('class="tbl col data windows-table"', 1)[1]
