"""Hostile strings in every form field of every page, for every role: never a 500, always escaped.

The forms are read from the pages themselves (tests/web/page_forms.py), so a new form is covered without
listing it. A second test files a claim with hostile details and follows them into the reviewer's pages,
the payout CSV, the e-mails and the decision letter.
"""

from __future__ import annotations

import csv
import io

import pytest

from claims.db import get_session
from claims.models import Claim, User
from claims.services import filing
from tests.factories import PNG_BYTES
from tests.web.access_world import PASSWORD, ROLES, build_world
from tests.web.mail_helpers import messages
from tests.web.page_forms import post_forms

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = [
    SCRIPT,
    IMG,
    "{{ 7*7 }}{% if 1 %}${7*7}#{7*7}",
    "'; DROP TABLE claims; --",
    "\u202eRTL override\u202c \u200f mark",
    "control \x01\x07\x1b[31m chars",
    "x" * 10_000,
    '=HYPERLINK("http://evil.example","click")',
    "line\r\nBcc: victim@example.com",
    "&amp; &lt; < > & \" '",
    "nul \x00 byte",
]
RAW_MARKUP = ("<script>alert(1)", "<img src=x onerror")
SKIPPED_ACTIONS = ("/logout", "/discard")


def assert_escaped(body: str, where: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in body, f"{raw!r} unescaped in {where}"


def _page_urls(app, world) -> list[str]:
    from flask import url_for

    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in (rule.methods or ()) or rule.endpoint in ("static", "auth.confirm"):
                continue
            urls.append(url_for(rule.endpoint, **{a: world.url_values[a] for a in rule.arguments}))
    return sorted(set(urls))


def _fill(form, hostile: str) -> dict:
    data: dict = dict(form.fixed)
    for name, options in form.choices.items():
        if options:
            data[name] = options[0]
    for name in form.text:
        data[name] = hostile
    for name in form.files:
        data[name] = (io.BytesIO(PNG_BYTES), f"{hostile[:80]}.png")
    return data


@pytest.mark.parametrize("role", ROLES)
def test_hostile_strings_in_every_form_field_never_give_a_500_and_are_escaped(
    app, client, session, create_user, incident, role
):
    world = build_world(app, session, create_user, incident)
    if role != "anonymous":
        client.post("/login", data={"email": world.emails[role], "password": PASSWORD})
    if role == "claimant_a":
        user = session.get(User, session.query(Claim).one().claimant_id)
        draft = filing.start_draft(session, user, "taxi_driver")
        world.url_values["reference"] = draft.reference  # the claim forms of a draft that can still change
    urls = _page_urls(app, world)
    seen_forms = set()
    for url in urls:
        page = client.get(url)
        if page.status_code != 200 or page.mimetype != "text/html":
            page.close()
            continue
        for form in post_forms(page.get_data(as_text=True), url):
            key = (form.action.split("?")[0], tuple(form.text), tuple(form.choices), tuple(form.files))
            if key in seen_forms or form.action.endswith(SKIPPED_ACTIONS):
                continue
            seen_forms.add(key)
            for hostile in HOSTILE:
                response = client.post(form.action, data=_fill(form, hostile))
                body = response.get_data(as_text=True)
                assert response.status_code != 500, (form.action, repr(hostile[:40]), body[:300])
                if "\x00" in hostile and (form.text or form.files):
                    assert response.status_code == 400, form.action
                assert_escaped(body, form.action)
    assert seen_forms  # at least sign-in or the language switch
    for url in urls:  # whatever was stored is shown escaped everywhere
        with client.get(url) as page:
            assert page.status_code != 500, url
            if page.mimetype == "text/html":
                assert_escaped(page.get_data(as_text=True), url)


def test_hostile_claim_details_are_escaped_for_reviewers_csv_mail_and_letters(
    app, client, people, incident, session
):
    from pypdf import PdfReader

    from claims.models import Letter, PayoutBatch
    from claims.services import review
    from tests.web.claimant_helpers import CASES, CONTACT, fill_losses, start, submit

    name = f"{SCRIPT} 김 {IMG}"
    holder = '=HYPERLINK("http://evil.example")'
    client.post("/login", data={"email": people["claimant"].email, "password": PASSWORD})
    reference = start(client, "taxi_driver")
    saved = client.post(
        f"/my/claims/{reference}/edit/contact",
        data={**CONTACT, "contact_name": name, "payout_holder": holder},
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    assert fill_losses(client, reference, CASES["taxi_driver"]).status_code == 302
    assert submit(client, reference).status_code == 302
    client.post("/logout")
    claim = session.query(Claim).filter_by(reference=reference).one()

    client.post("/login", data={"email": people["reviewer"].email, "password": PASSWORD})
    for url in (f"/review/claims/{claim.id}", "/review/?q=" + reference, "/review/?status=all"):
        page = client.get(url)
        assert page.status_code in (200, 400)
        assert_escaped(page.get_data(as_text=True), url)
    client.post("/logout")

    with app.app_context():
        s = get_session()
        fresh = s.get(Claim, claim.id)
        reviewer = s.get(User, people["reviewer"].id)
        if fresh.can_decide(reviewer):  # else approved straight through already
            lines = [review.LineDecision(line["index"], "accepted") for line in fresh.latest_assessment.lines]
            review.decide(s, fresh, reviewer, fresh.version, lines)
    client.post("/login", data={"email": people["supervisor"].email, "password": PASSWORD})
    client.post("/oversight/payouts/export")
    batch = session.query(PayoutBatch).order_by(PayoutBatch.id.desc()).first()
    assert batch is not None
    if True:
        rows = list(
            csv.reader(
                io.StringIO(client.get(f"/oversight/payouts/{batch.id}.csv").get_data().decode("utf-8-sig"))
            )
        )
        cells = [cell for row in rows for cell in row]
        assert not any(cell.startswith(("=", "+", "-", "@")) and "HYPERLINK" in cell for cell in cells)

    for message in messages(app.config["MAIL_OUTBOX"]):
        assert "\n" not in message["Subject"] and "Bcc" not in message
        assert message.get_content_type() == "text/plain"  # no HTML e-mail to inject into

    letter = session.query(Letter).filter_by(claim_id=claim.id).order_by(Letter.id.desc()).first()
    assert letter is not None
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(letter.pdf)).pages)
    assert "alert(1)" in text  # printed as the text it is, not read as markup
