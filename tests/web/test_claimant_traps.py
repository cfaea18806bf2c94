"""Issue 11's traps on the claimant side: visible group labels, answers that keep their files, time pickers,
a declaration bound to the figures shown, and moments a phone can enter (date + time pickers)."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from claimant_helpers import CASES, PDF, fill_contact, fill_losses, start, submission_key, submit
from sqlalchemy import select

from claims.config import ROOT
from claims.db import get_session
from claims.models import AuditEvent, Claim, InfoRequest


@pytest.fixture
def claimant(app, create_user, login, incident):
    app.config["STP_LIMIT"] = 0
    user = create_user(email="driver@example.com", language="ko")
    login(user.email)
    return user


def _claim(app, reference, look=lambda claim: claim.status):
    """What `look` reads from the claim, inside an app context (the claim's relations load there)."""
    with app.app_context():
        return look(get_session().scalar(select(Claim).where(Claim.reference == reference)))


# ---- legends and captions ----------------------------------------------------------------------------


def test_the_shared_css_shows_legends_and_captions_that_krds_hides():
    krds = (ROOT / "static/vendor/krds/css/common/common.css").read_text()
    assert re.search(r"legend,\s*caption\s*\{\s*position: absolute", krds)  # what KRDS does
    shared = (ROOT / "static/css/app.css").read_text()
    rule = re.search(r"legend:not\(\.sr-only\)[^{]*caption:not\(\.sr-only\)[^{]*\{([^}]*)\}", shared)
    assert rule and "position: static !important" in rule[1] and "clip: auto !important" in rule[1]


def test_the_closed_weekdays_group_has_a_legend_and_business_hours_are_time_inputs(client, claimant):
    reference = start(client, "merchant")
    body = client.get(f"/my/claims/{reference}/edit/losses").get_data(as_text=True)
    group = re.search(
        r'<fieldset class="form-group weekday-group">\s*<legend class="form-tit">([^<]+)<', body
    )
    assert group and group[1].strip()  # 휴무일
    assert re.search(r'<input type="time"[^>]*id="lost_sales-0-open"', body)
    assert re.search(r'<input type="time"[^>]*id="lost_sales-0-close"', body)
    assert 'inputmode="numeric" id="lost_sales-0-open"' not in body


# ---- the respond page --------------------------------------------------------------------------------


def _needs_info(app, client, items) -> str:
    reference = start(client, "taxi_driver")
    fill_contact(client, reference)
    fill_losses(client, reference, CASES["taxi_driver"])
    submit(client, reference)
    with app.app_context():
        session = get_session()
        claim = session.scalar(select(Claim).where(Claim.reference == reference))
        claim.status, claim.review_status = "needs_info", "selected"
        session.add(
            InfoRequest(claim_id=claim.id, items=items, message="", due_on=date.today() + timedelta(days=14))
        )
        session.commit()
    return reference


def test_the_respond_page_sends_the_chosen_file_with_the_reply_in_one_submit(app, client, claimant):
    reference = _needs_info(app, client, ["usage_history"])
    page = client.get(f"/my/claims/{reference}/respond").get_data(as_text=True)
    assert "usage_history" not in page and "이용 내역" in page  # the item in words
    forms = re.findall(r"<form[^>]*>.*?</form>", page, re.S)
    answer = next(form for form in forms if 'name="reply"' in form)
    assert 'type="file"' in answer and 'enctype="multipart/form-data"' in answer  # one form, one button
    response = client.post(
        f"/my/claims/{reference}/respond",
        data={
            "reply": "이용 내역을 첨부합니다.",
            "version": _claim(app, reference, lambda c: c.version),
            "files": [(io.BytesIO(PDF), "history.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert _claim(app, reference) == "submitted"
    assert _claim(app, reference, lambda c: [e.original_name for e in c.evidence]) == ["history.pdf"]
    claim_id = _claim(app, reference, lambda c: c.id)
    with app.app_context():
        query = select(AuditEvent.action).where(AuditEvent.object_id == str(claim_id))
        actions = list(get_session().scalars(query))
    assert "evidence.add" in actions and "claim.info_answered" in actions


def test_a_request_for_a_document_cannot_be_answered_without_one(app, client, claimant):
    reference = _needs_info(app, client, ["receipt"])
    version = _claim(app, reference, lambda c: c.version)
    response = client.post(
        f"/my/claims/{reference}/respond", data={"reply": "보냈습니다.", "version": version}
    )
    assert response.status_code == 200
    assert 'id="files-error"' in response.get_data(as_text=True)
    assert _claim(app, reference) == "needs_info"


def test_a_request_without_a_document_is_answered_in_words(app, client, claimant):
    reference = _needs_info(app, client, ["other"])
    version = _claim(app, reference, lambda c: c.version)
    response = client.post(
        f"/my/claims/{reference}/respond", data={"reply": "설명드립니다.", "version": version}
    )
    assert response.status_code == 302
    assert _claim(app, reference) == "submitted"


# ---- one version of the truth at submit ----------------------------------------------------------------


def test_a_change_in_another_tab_makes_submit_show_the_new_figures_and_ask_again(app, client, claimant):
    reference = start(client, "taxi_driver")
    fill_contact(client, reference)
    fill_losses(client, reference, CASES["taxi_driver"])
    first_tab_key = submission_key(client, reference)  # the review page, open in the first tab
    # In a second tab the claimant adds a ride.
    more = {
        **CASES["taxi_driver"],
        "unpaid_fares-1-started_at": "2022-10-15 16:00",
        "unpaid_fares-1-ended_at": "2022-10-15 16:30",
        "unpaid_fares-1-fare": "58500",
    }
    assert fill_losses(client, reference, more).status_code == 302
    response = submit(client, reference, first_tab_key)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _claim(app, reference) == "draft"  # nothing filed under the old declaration
    assert "76,790원" in body  # the new figures: 11,790 + 6,500 + 58,500
    assert 'id="declaration-error"' in body
    assert not re.search(r'id="declaration"[^>]*checked', body)  # asked again
    assert submit(client, reference).status_code == 302  # with the page's new key it files
    assert _claim(app, reference, lambda c: c.latest_assessment.total) == 76790


def test_saving_the_same_losses_again_keeps_the_open_review_page_valid(app, client, claimant):
    reference = start(client, "taxi_driver")
    fill_contact(client, reference)
    fill_losses(client, reference, CASES["taxi_driver"])
    key = submission_key(client, reference)
    fill_losses(client, reference, CASES["taxi_driver"])
    fill_contact(client, reference)
    assert submit(client, reference, key).status_code == 302


# ---- dates and times a phone can enter -----------------------------------------------------------------


def test_every_moment_is_a_date_picker_and_a_time_picker_on_the_outage_day(client, claimant):
    reference = start(client, "taxi_driver")
    body = client.get(f"/my/claims/{reference}/edit/losses").get_data(as_text=True)
    for name in ("unpaid_fares-0-started_at", "unpaid_fares-0-ended_at", "lost_income-0-start"):
        assert re.search(
            rf'<input type="date"[^>]*id="{name}" name="{name}__date"\s+value="2022-10-15"', body
        )
        assert re.search(rf'<input type="time"[^>]*id="{name}__time" name="{name}__time"', body)


def test_pickers_are_read_and_an_untouched_default_day_is_empty(app, client, claimant):
    reference = start(client, "taxi_driver")
    data = {
        "unpaid_fares-0-started_at__date": "2022-10-15",
        "unpaid_fares-0-started_at__time": "15:15",
        "unpaid_fares-0-ended_at__date": "2022-10-15",
        "unpaid_fares-0-ended_at__time": "15:40",
        "unpaid_fares-0-fare": "6500",
        # an untouched shift row: the date pickers hold the default day, nothing else
        "lost_income-0-start__date": "2022-10-15",
        "lost_income-0-end__date": "2022-10-15",
        "out_of_pocket-0-incurred_at__date": "2022-10-15",
    }
    assert fill_losses(client, reference, data).status_code == 302
    items = _claim(app, reference, lambda c: [(item.kind, item.inputs) for item in c.items])
    assert [kind for kind, _inputs in items] == ["unpaid_fares"]
    assert items[0][1]["rides"][0]["ended_at"] == "2022-10-15T15:40:00+09:00"


def test_a_voucher_expires_at_the_end_of_the_day_chosen(app, client, create_user, login, incident):
    user = create_user(email="user@example.com")
    login(user.email)
    reference = start(client, "user")
    data = {"voucher-0-face_value": "30000", "voucher-0-expires_at__date": "2022-10-16"}
    assert fill_losses(client, reference, data).status_code == 302
    inputs = _claim(app, reference, lambda c: c.items[0].inputs)
    assert inputs["expires_at"] == "2022-10-16T23:59:59+09:00"
    body = client.get(f"/my/claims/{reference}/edit/losses").get_data(as_text=True)
    assert re.search(r'name="voucher-0-expires_at__date"\s+value="2022-10-16"', body)
    assert 'name="voucher-0-expires_at__time"' not in body  # a day alone


def test_a_shift_over_24_hours_and_a_moment_far_from_the_outage_are_questioned(client, claimant):
    reference = start(client, "taxi_driver")
    data = {
        "lost_income-service": "kakao_t_taxi",
        "lost_income-hourly_income": "20000",
        "lost_income-0-start": "2022-10-15 08:00",
        "lost_income-0-end": "2022-10-16 20:00",
        "unpaid_fares-0-started_at": "2022-12-15 15:15",
        "unpaid_fares-0-ended_at": "2022-12-15 15:40",
        "unpaid_fares-0-fare": "6500",
    }
    response = fill_losses(client, reference, data)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="lost_income-0-end-error"' in body and "24시간" in body
    assert 'id="unpaid_fares-0-started_at-error"' in body


def test_service_lists_offer_only_what_the_head_and_claimant_type_allow(client, claimant):
    reference = start(client, "taxi_driver")
    body = client.get(f"/my/claims/{reference}/edit/losses").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*id="lost_income-service".*?</select>', body, re.S)[0]
    assert 'value="kakao_t_taxi"' in select_html
    assert 'value="melon"' not in select_html and 'value="daum_mail"' not in select_html


def test_a_page_with_errors_says_so_in_its_title_and_focuses_the_summary(client, claimant):
    reference = start(client, "taxi_driver")
    body = client.post(f"/my/claims/{reference}/edit/contact", data={}).get_data(as_text=True)
    assert re.search(r"<title>오류: ", body)
    assert "js/focus-errors.js" in body and 'class="error-summary" role="alert" tabindex="-1"' in body
    losses = client.post(f"/my/claims/{reference}/edit/losses", data={"unpaid_fares-0-fare": "x"})
    assert re.search(r"<title>오류: ", losses.get_data(as_text=True))
    clean = client.get(f"/my/claims/{reference}/edit/losses").get_data(as_text=True)
    assert "<title>오류" not in clean
