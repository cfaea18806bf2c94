"""Issue 10, hole 1: links in e-mails come from PUBLIC_BASE_URL, never from the request's Host header."""

from __future__ import annotations

import re
from pathlib import Path

from claims.config import ROOT
from tests.web.claimant_helpers import file_claim
from tests.web.mail_helpers import messages

EVIL = {"Host": "evil.example"}
BASE = "https://claims.example.org"


def _links(outbox) -> list[str]:
    return [link for m in messages(outbox) for link in re.findall(r"https?://\S+", m.get_content())]


def test_a_reset_link_never_points_at_the_host_the_request_named(app, client, create_user):
    app.config["PUBLIC_BASE_URL"] = BASE
    user = create_user()
    client.post("/password/reset", data={"email": user.email}, headers=EVIL)
    [link] = _links(app.config["MAIL_OUTBOX"])
    assert link.startswith(f"{BASE}/password/reset/"), link


def test_receipt_and_notification_links_come_from_public_base_url(app, client, create_user, login, incident):
    from claims.db import get_session
    from claims.models import Claim, User
    from claims.services import review_notify

    app.config["PUBLIC_BASE_URL"] = BASE
    claimant = create_user()
    login(claimant.email)
    client.environ_base["HTTP_HOST"] = "evil.example"
    reference = file_claim(client, "taxi_driver")
    with app.test_request_context("/", headers=EVIL), app.app_context():
        session = get_session()
        claim = session.query(Claim).filter_by(reference=reference).one()
        review_notify.decision_taken(claim, session.get(User, claim.claimant_id))
    links = _links(app.config["MAIL_OUTBOX"])
    assert len(links) >= 2
    assert all(link.startswith(BASE) for link in links), links


def test_a_host_outside_trusted_hosts_is_refused(app, client):
    app.config["TRUSTED_HOSTS"] = ["claims.example.org"]
    assert client.get("/", headers={"Host": "claims.example.org"}).status_code == 200
    refused = client.get("/", headers=EVIL)
    assert refused.status_code == 400
    assert "요청을 처리할 수 없습니다" in refused.get_data(as_text=True)


def test_no_code_builds_a_link_from_the_request():
    """Every absolute link goes through claims.urls.public_url: no `_external=True` anywhere."""
    offenders = [
        path.relative_to(ROOT).as_posix()
        for folder in ("claims", "templates")
        for path in Path(ROOT / folder).rglob("*")
        if path.suffix in {".py", ".html", ".txt"}
        and re.search(r"(?<!force)_external=True", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
