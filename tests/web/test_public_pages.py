"""Public pages: home, the outage timeline (SVG and table, from the database), the policy, the estimate."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from markupsafe import escape
from sqlalchemy import select

from claims.db import get_session
from claims.models import IncidentService, ServiceWindow
from claims.services.assessments import policy as load_policy
from claims.web.timeline_svg import Bar, TimelineRow, timeline_svg

KST = timezone(timedelta(hours=9))


def test_home_links_the_public_pages(client, incident):
    body = client.get("/").get_data(as_text=True)
    for url in ("/timeline", "/policy", "/estimate"):
        assert f'href="{url}"' in body
    assert "청구할 수 있는 손해" in body


def test_timeline_draws_every_window_in_kst_with_a_table(client, incident):
    body = client.get("/timeline").get_data(as_text=True)
    assert "<svg" in body and 'role="img"' in body and 'aria-labelledby="tl-title tl-desc"' in body
    assert body.count("<rect x=") >= 20  # one bar per window, plus stripes and legend
    assert "2022년 10월 15일 15:30" in body and "2022년 10월 16일 01:31" in body
    assert "<table" in body and "ddaily 2022101623402869383" in body
    assert "style=" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]  # the CSP forbids inline styles


def test_a_corrected_window_shows_at_once(app, client, incident):
    with app.app_context():
        session = get_session()
        window = session.scalar(
            select(ServiceWindow).join(IncidentService).where(IncidentService.code == "daum_mail")
        )
        window.end = datetime(2022, 10, 19, 7, 45, tzinfo=KST)
        session.commit()
    assert "2022년 10월 19일 07:45" in client.get("/timeline").get_data(as_text=True)


def test_timeline_in_english(client, incident):
    body = client.get("/timeline", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Outage timeline" in body and "KakaoTalk Gift shop" in body and "Partial outage" in body


def test_timeline_svg_is_pure_and_escapes_names():
    start = datetime(2022, 10, 15, 15, 30, tzinfo=KST)
    svg = str(
        timeline_svg(
            [TimelineRow("<b>", (Bar(start, start + timedelta(hours=30), "full", "a & b"),))],
            title="t",
            description="d",
            legend=("full", "partial"),
        )
    )
    assert "&lt;b&gt;" in svg and "a &amp; b" in svg and "10-16" in svg and "10-17" not in svg
    assert timeline_svg([], title="t", description="d", legend=("f", "p")) == ""


@pytest.mark.parametrize("policy_id", ["fair-2022", "as-paid-2022"])
def test_every_parameter_of_a_shipped_policy_has_a_korean_and_an_english_label(policy_id):
    policy = load_policy(policy_id)
    hangul = re.compile(r"[가-힣]")
    for parameter in policy.parameters():
        assert set(parameter.label) == {"ko", "en"}, parameter.path
        assert hangul.search(parameter.label["ko"]), parameter.path
        assert parameter.label["en"].isascii() and not hangul.search(parameter.label["en"]), parameter.path
        assert parameter.label == policy.labels[parameter.path]


def test_a_policy_label_needs_both_languages():
    from claims import rules
    from claims.rules.yamlio import read_yaml_file

    data = read_yaml_file(rules.policy.POLICY_DIR / "fair-2022.yaml", rules.PolicyError)
    data["heads"]["voucher"]["line_cap"]["label"] = {"ko": "한도"}
    with pytest.raises(rules.PolicyError, match=r"heads\.voucher\.line_cap\.label\.en"):
        rules.policy_from_dict(data)
    del data["heads"]["voucher"]["line_cap"]["label"]  # a label is optional (older drafts have none)
    assert rules.policy_from_dict(data).labels.get("voucher.line_cap") is None


@pytest.mark.parametrize("policy_id", ["fair-2022", "as-paid-2022"])
def test_policy_page_renders_every_parameter_from_the_file(client, incident, policy_id):
    body = client.get(f"/policy?policy={policy_id}").get_data(as_text=True)
    english = client.get(f"/policy?policy={policy_id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    for parameter in load_policy(policy_id).parameters():
        name = parameter.path.split(".", 1)[1]
        label_ko, label_en = parameter.label["ko"], parameter.label["en"]
        for page in (body, english):  # a Korean and an English label, from the policy file
            assert str(escape(label_ko)) in page and str(escape(label_en)) in page, parameter.path
        assert f"<code>{name}</code>" not in body  # no file keys
        assert str(escape(parameter.reference)) in body
    assert not re.search(r"<td>\d{4,}</td>", body)  # money formatted, never 1000000
    assert not re.search(r"<td>\d{4,}</td>", english)
    assert policy_id != "fair-2022" or ("1,000,000원" in body and "5,000,000원" in body)
    assert policy_id != "fair-2022" or "1,000,000 KRW" in english
    assert "출처" in body  # the source column, not "청구번호"
    # The rows read in the page's language first: the Korean label heads the row on the Korean page.
    assert re.search(r'<th scope="row">\s*' + re.escape(str(escape(label_ko))), body)


def test_policy_worked_examples_are_computed(client, incident):
    fair = client.get("/policy", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "11,790 KRW" in fair and "9,900 KRW" in fair and "90,000 KRW" in fair
    paid = client.get("/policy?policy=as-paid-2022", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "7,550 KRW" in paid and "4,260 KRW" in paid and "30,000 KRW" in paid


def test_unknown_policy_is_404(client, incident):
    assert client.get("/policy?policy=../../etc").status_code == 404


def test_estimate_without_an_account(client, incident):
    assert "/estimate?type=taxi_driver" in client.get("/estimate").get_data(as_text=True)
    form = client.get("/estimate?type=taxi_driver").get_data(as_text=True)
    assert 'name="unpaid_fares-0-fare"' in form
    body = client.post(
        "/estimate?type=taxi_driver",
        data={
            "subscription-0-service": "kakao_t_taxi",
            "subscription-0-monthly_fee": "39000",
            "unpaid_fares-0-started_at": "2022-10-15 15:15",
            "unpaid_fares-0-ended_at": "2022-10-15 15:40",
            "unpaid_fares-0-fare": "6500",
        },
    ).get_data(as_text=True)
    assert "18,290원" in body and "11,790원" in body and "카카오T 택시 장애 22시간 30분" in body


def test_estimate_shows_errors_not_a_500(client, incident):
    response = client.post(
        "/estimate?type=merchant", data={"lost_sales-0-daily_sales": "lots", "lost_sales-0-open": "25:00"}
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "error-summary" in body and 'value="lots"' in body


def test_estimate_is_rate_limited(app_config, incident):
    from claims import create_app

    app = create_app({**app_config, "RATELIMIT_ENABLED": True, "QUOTE_RATE_LIMIT": "2 per minute"})
    client = app.test_client()
    codes = [client.post("/estimate?type=user", data={}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    app.extensions["db_engine"].dispose()


def test_a_corrected_window_changes_the_quote_at_once(app, client, incident):
    """The converted incident is reused between requests, but never once its rows have changed."""
    body = {
        "claimant_type": "user",
        "items": [{"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 39000}],
    }
    assert client.post("/api/v1/quote", json=body).get_json()["total"] == 11790
    with app.app_context():
        session = get_session()
        window = session.scalar(
            select(ServiceWindow).join(IncidentService).where(IncidentService.code == "kakao_t_taxi")
        )
        window.end = datetime(2022, 10, 16, 2, 0, tzinfo=KST)  # 10.5 hours instead of 22.5
        session.commit()
    assert client.post("/api/v1/quote", json=body).get_json()["total"] == 5500


def test_the_steer_draft_form_names_parameters_as_the_policy_file_does(app):
    from flask_babel import force_locale

    from claims.services.policies import parameter_fields

    policy = load_policy("as-paid-2022")
    for lang in ("ko", "en"):
        with app.test_request_context(), force_locale(lang):
            fields = parameter_fields(policy)
        assert [field.label for field in fields] == [p.label[lang] for p in policy.parameters()]
