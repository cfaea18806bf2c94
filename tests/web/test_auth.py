"""Accounts: registration, sign-in and landing pages, password change and reset, role checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claims.web.permissions import safe_next


def test_register_keeps_what_was_typed_and_shows_every_error(client):
    response = client.post(
        "/register",
        data={
            "display_name": "홍길동",
            "email": "not-an-email",
            "phone": "abc",
            "password": "short",
            "confirm": "x",
        },
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "error-summary" in body
    assert 'value="홍길동"' in body and 'value="not-an-email"' in body
    for message in ("이메일 주소를 입력해 주세요", "전화번호를 입력해 주세요", "8자 이상 입력해 주세요"):
        assert message in body


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("claimant", "/my/claims"),
        ("reviewer", "/review/"),
        ("supervisor", "/review/approvals"),
        ("admin", "/admin/users"),
    ],
)
def test_each_role_lands_on_its_page(client, create_user, login, role, landing):
    user = create_user(role=role)
    response = login(user.email)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(landing)
    assert client.get(landing).status_code == 200


def test_wrong_password_says_so_without_saying_which(client, create_user, login):
    user = create_user()
    body = login(user.email, "wrong-password").get_data(as_text=True)
    assert "이메일 주소 또는 비밀번호가 맞지 않습니다" in body
    assert login("nobody@example.com").get_data(as_text=True).count("비밀번호가 맞지 않습니다") == 1


@pytest.mark.parametrize(
    ("target", "allowed"),
    [
        ("/review/", True),
        ("/my/claims?x=1", True),
        ("https://evil.example/", False),
        ("//evil.example/", False),
        ("/\\evil.example", False),
        ("javascript:alert(1)", False),
        ("", False),
    ],
)
def test_next_only_redirects_within_the_site(target, allowed):
    assert (safe_next(target) is not None) is allowed


def test_login_follows_a_local_next_and_ignores_a_foreign_one(client, create_user):
    user = create_user(role="reviewer")
    ok = client.post(
        "/login?next=/review/?status=submitted", data={"email": user.email, "password": "password123"}
    )
    assert ok.headers["Location"].endswith("/review/?status=submitted")
    client.post("/logout")
    evil = client.post(
        "/login?next=https://evil.example/", data={"email": user.email, "password": "password123"}
    )
    assert "evil.example" not in evil.headers["Location"]


@pytest.mark.parametrize("path", ["/review/", "/review/approvals", "/admin/users"])
def test_a_claimant_never_reaches_staff_pages(client, create_user, login, path):
    login(create_user().email)
    assert client.get(path).status_code == 403


def test_a_reviewer_cannot_reach_supervisor_or_admin_pages(client, create_user, login):
    login(create_user(role="reviewer").email)
    assert client.get("/review/approvals").status_code == 403
    assert client.get("/admin/users").status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/my/claims")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_password_change_needs_the_current_one_and_signs_out_other_sessions(app, create_user, login, client):
    user = create_user()
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": "password123"})
    login(user.email)
    wrong = client.post(
        "/account/password",
        data={"current_password": "nope", "password": "newpassword1", "confirm": "newpassword1"},
    )
    assert "현재 비밀번호가 맞지 않습니다" in wrong.get_data(as_text=True)
    ok = client.post(
        "/account/password",
        data={"current_password": "password123", "password": "newpassword1", "confirm": "newpassword1"},
    )
    assert ok.status_code == 302
    assert client.get("/my/claims").status_code == 200  # this device stays signed in
    assert other.get("/my/claims").status_code == 302  # the other one is signed out
    client.post("/logout")
    assert login(user.email, "newpassword1").status_code == 302


def _reset_link(outbox: Path) -> str:
    files = sorted(outbox.glob("*.eml"))
    assert files, "no message in the outbox"
    import email
    from email import policy

    message = email.message_from_bytes(files[-1].read_bytes(), policy=policy.default)
    match = re.search(r"http://localhost(/password/reset/\S+)", message.get_content())
    assert match, message.get_content()
    return match.group(1)


def test_password_reset_by_emailed_token_works_once(app, client, create_user, login):
    user = create_user()
    response = client.post("/password/reset", data={"email": user.email})
    assert response.status_code == 302
    link = _reset_link(Path(app.config["MAIL_OUTBOX"]))
    assert client.get(link).status_code == 200
    done = client.post(link, data={"password": "brand-new-pass", "confirm": "brand-new-pass"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    assert login(user.email, "brand-new-pass").status_code == 302
    client.post("/logout")
    again = client.get(link)
    assert again.status_code == 302  # used once: refused with a message


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(app, client):
    response = client.post("/password/reset", data={"email": "ghost@example.com"}, follow_redirects=True)
    assert "해당 주소로 가입된 계정이 있으면" in response.get_data(as_text=True)
    assert not list(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"))


def test_a_forged_reset_token_is_refused(client):
    response = client.get("/password/reset/not-a-token", follow_redirects=True)
    assert "올바르지 않은 재설정 링크입니다" in response.get_data(as_text=True)


def test_admin_creates_staff_and_changes_roles(client, create_user, login, app):
    admin = create_user(role="admin")
    login(admin.email)
    response = client.post(
        "/admin/users",
        data={
            "display_name": "New Reviewer",
            "email": "newrev@example.com",
            "role": "reviewer",
            "password": "password123",
        },
    )
    assert response.status_code == 302
    from claims.db import get_session
    from claims.services.accounts import find_by_email

    with app.app_context():
        staff = find_by_email(get_session(), "newrev@example.com")
        assert staff.role == "reviewer"
        staff_id = staff.id
    client.post(f"/admin/users/{staff_id}", data={"role": "supervisor", "active": "1"})
    with app.app_context():
        assert find_by_email(get_session(), "newrev@example.com").role == "supervisor"
    refused = client.post(
        f"/admin/users/{admin.id}", data={"role": "reviewer", "active": "1"}, follow_redirects=True
    )
    assert "자신의 관리자 권한은 해제할 수 없습니다" in refused.get_data(as_text=True)


def test_login_is_rate_limited(app, app_config):
    from claims import create_app

    limited = create_app({**app_config, "RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "5 per minute"})
    client = limited.test_client()
    statuses = [
        client.post("/login", data={"email": "x@example.com", "password": "wrong"}).status_code
        for _ in range(7)
    ]
    limited.extensions["db_engine"].dispose()
    assert statuses[:5] == [200] * 5
    assert statuses[-1] == 429
