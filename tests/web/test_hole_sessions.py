"""Issue 10, hole 2: signing out ends the session on the server; signing in rotates session and CSRF token."""

from __future__ import annotations

import re

from claims import create_app


def _copy_session_cookie(source, target) -> None:
    cookie = source.get_cookie("session")
    assert cookie is not None
    target.set_cookie("session", cookie.value, domain=cookie.domain)


def test_a_copied_cookie_stops_working_after_sign_out(app, client, create_user, login):
    user = create_user()
    login(user.email)
    thief = app.test_client()
    _copy_session_cookie(client, thief)
    assert thief.get("/my/claims").status_code == 200  # the copy works while the session lives
    client.post("/logout")
    assert thief.get("/my/claims").status_code == 302  # and not after sign-out
    assert "/login" in thief.get("/my/claims").headers["Location"]


def test_signing_out_elsewhere_does_not_end_this_session(app, client, create_user, login):
    user = create_user()
    login(user.email)
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": "password123"})
    other.post("/logout")
    assert client.get("/my/claims").status_code == 200


def test_a_session_older_than_the_maximum_age_is_over(app, client, create_user, login):
    user = create_user()
    login(user.email)
    app.config["LOGIN_SESSION_MAX_AGE"] = -1
    assert client.get("/my/claims").status_code == 302


def _token(body: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)[1]


def test_signing_in_rotates_the_session_and_its_csrf_token(app_config, create_user):
    protected = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    client = protected.test_client()
    try:
        with client.session_transaction() as session:
            session["planted"] = "by someone else"
        user = create_user()
        before = _token(client.get("/login").get_data(as_text=True))
        with client.session_transaction() as session:
            raw_before = session["csrf_token"]
        signed_in = client.post(
            "/login", data={"email": user.email, "password": "password123", "csrf_token": before}
        )
        assert signed_in.status_code == 302
        with client.session_transaction() as session:
            assert "planted" not in session
            assert session.get("csrf_token") != raw_before
        # A form token from before the sign-in is refused afterwards; the new one works.
        assert client.post("/logout", data={"csrf_token": before}).status_code == 400
        after = _token(client.get("/my/claims").get_data(as_text=True))
        assert after != before
        assert client.post("/logout", data={"csrf_token": after}).status_code == 302
    finally:
        protected.extensions["db_engine"].dispose()
