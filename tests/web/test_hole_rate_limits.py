"""Issue 10, hole 5: rate limits that count the real client behind a proxy and each account, with Retry-After;
sign-in, registration and reset that do not reveal whether an address has an account."""

from __future__ import annotations

import pytest

from claims import create_app


@pytest.fixture
def limited(app_config):
    made = []

    def make(**config):
        app = create_app({**app_config, "RATELIMIT_ENABLED": True, **config})
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["db_engine"].dispose()


def _login(client, email="x@example.com", password="wrong", forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post("/login", data={"email": email, "password": password}, headers=headers)


def test_behind_a_proxy_one_client_is_limited_and_others_are_not(limited):
    app = limited(
        LOGIN_RATE_LIMIT="3 per minute", PROXY_FIX={"for": 1, "proto": 1, "host": 0, "port": 0, "prefix": 0}
    )
    client = app.test_client()
    statuses = [
        _login(client, f"u{i}@example.com", forwarded_for="203.0.113.7").status_code for i in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert _login(client, "other@example.com", forwarded_for="198.51.100.2").status_code == 200


def test_without_proxy_settings_a_forged_forwarded_header_changes_nothing(limited):
    client = limited(LOGIN_RATE_LIMIT="2 per minute").test_client()
    statuses = [
        _login(client, f"u{i}@example.com", forwarded_for=f"203.0.113.{i}").status_code for i in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_failed_sign_ins_are_limited_per_account_from_any_address(limited, create_user):
    app = limited(
        LOGIN_RATE_LIMIT="100 per minute",
        LOGIN_ACCOUNT_RATE_LIMIT="3 per hour",
        PROXY_FIX={"for": 1, "proto": 0, "host": 0, "port": 0, "prefix": 0},
    )
    user = create_user(email="target@example.com")
    client = app.test_client()
    statuses = [_login(client, user.email, forwarded_for=f"203.0.113.{i}").status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert (
        _login(client, "TARGET@example.com ", forwarded_for="198.51.100.9").status_code == 429
    )  # same account
    assert _login(client, "someone-else@example.com", forwarded_for="198.51.100.9").status_code == 200


def test_successful_sign_ins_do_not_use_up_the_account_limit(limited, create_user):
    app = limited(LOGIN_RATE_LIMIT="100 per minute", LOGIN_ACCOUNT_RATE_LIMIT="2 per hour")
    user = create_user()
    for _ in range(4):
        client = app.test_client()
        assert _login(client, user.email, "password123").status_code == 302


def test_a_429_says_when_to_try_again(limited, incident):
    app = limited(LOGIN_RATE_LIMIT="1 per minute", QUOTE_RATE_LIMIT="1 per minute")
    client = app.test_client()
    _login(client)
    page = _login(client)
    assert page.status_code == 429 and 1 <= int(page.headers["Retry-After"]) <= 60
    body = {"claimant_type": "user", "items": []}
    client.post("/api/v1/quote", json=body)
    api = client.post("/api/v1/quote", json=body)
    assert api.status_code == 429 and int(api.headers["Retry-After"]) >= 1 and api.is_json


def test_a_failed_sign_in_does_the_same_work_for_known_and_unknown_addresses(
    app, client, create_user, monkeypatch
):
    """The same password check (same hash method and cost) runs whether or not the account exists."""
    import claims.models.user as user_module
    import claims.services.accounts as accounts_module

    checked: list[str] = []

    def spy(original):
        def check(pwhash, password):
            checked.append(pwhash.split("$", 1)[0])
            return original(pwhash, password)

        return check

    monkeypatch.setattr(user_module, "check_password_hash", spy(user_module.check_password_hash))
    monkeypatch.setattr(accounts_module, "check_password_hash", spy(accounts_module.check_password_hash))
    user = create_user()
    _login(client, user.email, "wrong-password")
    _login(client, "nobody@example.com", "wrong-password")
    assert len(checked) == 2 and checked[0] == checked[1] == app.config["PASSWORD_HASH_METHOD"].split("$")[0]


def test_reset_says_the_same_for_known_and_unknown_addresses(client, create_user):
    user = create_user()
    known = client.post("/password/reset", data={"email": user.email}, follow_redirects=True)
    unknown = client.post("/password/reset", data={"email": "ghost@example.com"}, follow_redirects=True)
    message = "해당 주소로 가입된 계정이 있으면"
    assert message in known.get_data(as_text=True) and message in unknown.get_data(as_text=True)
