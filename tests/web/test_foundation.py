"""The foundation: language choice, error pages, security headers, CSRF, mail outbox, CLI, migrations."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from claims.config import ROOT

CATALOGUES = ROOT / "translations"


def test_home_is_korean_by_default(client):
    body = client.get("/").get_data(as_text=True)
    assert '<html lang="ko">' in body
    assert "2022년 10월 15일 카카오 서비스 장애 피해 보상 청구" in body


def test_accept_language_english_gives_english(client):
    body = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in body
    assert "Claim compensation for the 15 October 2022 Kakao outage" in body


def test_language_switch_is_remembered_in_a_cookie(client):
    response = client.post("/language", data={"language": "en", "next": "/login"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    # The cookie wins over the browser's Accept-Language.
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "ko"}).get_data(as_text=True)


def test_language_switch_is_stored_on_the_account_and_wins_over_the_cookie(app, client, create_user, login):
    user = create_user(language="ko")
    login(user.email)
    client.post("/language", data={"language": "en", "next": "/"})
    client.set_cookie("lang", "ko", domain="localhost")
    assert '<html lang="en">' in client.get("/my/claims").get_data(as_text=True)
    from claims.db import get_session
    from claims.models import User

    with app.app_context():
        assert get_session().get(User, user.id).language == "en"


def test_language_switch_refuses_a_foreign_next(client):
    response = client.post("/language", data={"language": "en", "next": "https://evil.example/"})
    assert response.headers["Location"].endswith("/")
    assert "evil" not in response.headers["Location"]


@pytest.mark.parametrize("lang,text", [("ko", "페이지를 찾을 수 없습니다"), ("en", "Page not found")])
def test_404_page_in_both_languages(client, lang, text):
    response = client.get("/no-such-page", headers={"Accept-Language": lang})
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.is_json and response.get_json()["errors"][0]["message"]


def test_unexpected_errors_render_the_500_page(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "시스템에 문제가 생겼습니다" in response.get_data(as_text=True)


def test_413_page(app):
    app.config["MAX_CONTENT_LENGTH"] = 10
    response = app.test_client().post("/login", data={"email": "x" * 100, "password": "y"})
    assert response.status_code == 413
    assert "올린 파일이 너무 큽니다" in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_and_load_nothing_from_elsewhere(client):
    body = client.get("/").get_data(as_text=True)
    assert "<script>" not in body and "onclick" not in body
    assert "http://" not in body.replace("http://localhost", "") and "https://" not in body


def test_csrf_is_enforced_on_forms(app_config):
    from claims import create_app

    protected = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    response = protected.test_client().post("/login", data={"email": "a@example.com", "password": "x"})
    protected.extensions["db_engine"].dispose()
    assert response.status_code == 400
    assert "입력 시간이 만료되었습니다" in response.get_data(as_text=True)


def test_mail_goes_to_the_outbox_without_smtp(app):
    from claims.mail import send_mail

    with app.app_context():
        send_mail("someone@example.com", "제목", "본문")
    [eml] = Path(app.config["MAIL_OUTBOX"]).glob("*.eml")
    assert b"someone@example.com" in eml.read_bytes()


def test_static_assets_are_served_locally(client):
    for path in (
        "/static/vendor/krds/css/common/common.css",
        "/static/vendor/krds/fonts/PretendardGOV-Regular.subset.woff2",
        "/static/css/app.css",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        response.close()


def test_every_message_has_a_korean_translation():
    with (CATALOGUES / "messages.pot").open("rb") as fh:
        template_ids = {m.id for m in read_po(fh) if m.id}
    for lang in ("ko", "en"):
        with (CATALOGUES / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
            catalogue = {m.id: m.string for m in read_po(fh, locale=lang) if m.id}
        missing = sorted(i for i in template_ids if not catalogue.get(i))
        assert not missing, f"{lang}: no translation for {missing[:5]}"


def test_the_message_template_is_up_to_date(tmp_path):
    """Every _() in code and templates is in messages.pot (run `make extract-messages` after adding one)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    with (CATALOGUES / "messages.pot").open("rb") as fh:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    assert not sorted(found - known), f"run `make extract-messages`: {sorted(found - known)[:5]}"


def test_seed_demo_creates_the_accounts_and_the_incident(runner, app):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    for email in ("user@example.com", "driver@example.com", "reviewer@example.com", "admin@example.com"):
        assert email in result.output
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0  # idempotent
    client = app.test_client()
    response = client.post("/login", data={"email": "supervisor@example.com", "password": "demo1234!"})
    assert response.headers["Location"].endswith("/review/approvals")


def test_seed_demo_is_refused_in_production(runner, app):
    app.config["SEED_DEMO_ALLOWED"] = False
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "production" in result.output


def test_create_user_command(runner):
    result = runner.invoke(
        args=["create-user", "--email", "ops@example.com", "--name", "Ops", "--role", "supervisor"],
        input="password123\npassword123\n",
    )
    assert result.exit_code == 0, result.output
    assert "created supervisor ops@example.com" in result.output
    dup = runner.invoke(
        args=["create-user", "--email", "ops@example.com", "--name", "Ops"],
        input="password123\npassword123\n",
    )
    assert dup.exit_code != 0 and "already exists" in dup.output


def test_migrations_match_the_models(database_url):
    """Alembic has nothing left to generate: the migrations create exactly the tables the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from claims.db import Base

    engine = create_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_audit_log_is_append_only(app, create_user):
    from sqlalchemy import select

    from claims.db import get_session
    from claims.models import AuditEvent
    from claims.models.audit import AuditLogIsAppendOnly

    create_user()
    with app.app_context():
        session = get_session()
        event = session.scalars(select(AuditEvent)).first()
        event.action = "tampered"
        with pytest.raises(AuditLogIsAppendOnly):
            session.commit()
        session.rollback()
        with pytest.raises(AuditLogIsAppendOnly):
            session.delete(event)
            session.flush()
