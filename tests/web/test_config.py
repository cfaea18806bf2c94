"""Settings: read in one place (load_config), each documented one honoured, weak production setups refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claims.config import ROOT, ConfigError, load_config

STRONG_KEY = "9f2c4e1a7b3d8f6e0a5c2b9d4e7f1a3c"  # 32 random hex characters


@pytest.fixture
def production(monkeypatch, tmp_path):
    (tmp_path / "letter_signing_key.pem").write_text("key from make run")
    (tmp_path / "letter_signing_cert.pem").write_text("certificate from make run")
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://claims.example.org")
    for name in ("TRUSTED_HOSTS", "PROXY_FIX_X_FOR", "LETTER_SIGNING_KEY", "LETTER_SIGNING_CERT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_production_refuses_to_start_without_a_secret_key(production, tmp_path):
    production.delenv("SECRET_KEY")
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        load_config(tmp_path)
    (tmp_path / "secret_key").write_text(
        "5b0e2d9c7a41f8e36d1c0b9a2f7e4d3c5a8b1e0f9d2c6a7b3e4f1d0c9b8a7e6f"
    )  # make run's
    config = load_config(tmp_path)
    assert config["SECRET_KEY"].startswith("5b0e2d9c")
    (tmp_path / "letter_signing_key.pem").unlink()
    with pytest.raises(ConfigError, match="LETTER_SIGNING_KEY"):
        load_config(tmp_path)  # nor without the key and certificate that sign decision letters
    assert config["SESSION_COOKIE_SECURE"] and config["SEED_DEMO_ALLOWED"] is False


@pytest.mark.parametrize("weak", ["from-make-run", "test-secret", "changeme", "a" * 64, "ab" * 32])
def test_production_refuses_a_weak_or_short_secret_key(production, tmp_path, weak):
    production.setenv("SECRET_KEY", weak)
    with pytest.raises(ConfigError, match="SECRET_KEY is too weak"):
        load_config(tmp_path)


def test_development_and_tests_still_start_with_any_key(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "development")
    monkeypatch.setenv("SECRET_KEY", "dev")
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    assert load_config(tmp_path)["SECRET_KEY"] == "dev"


def test_production_requires_public_base_url_and_trusts_only_its_host(production, tmp_path):
    assert load_config(tmp_path)["TRUSTED_HOSTS"] == ["claims.example.org"]
    production.setenv("TRUSTED_HOSTS", "claims.example.org, www.claims.example.org")
    assert load_config(tmp_path)["TRUSTED_HOSTS"] == ["claims.example.org", "www.claims.example.org"]
    production.setenv("PUBLIC_BASE_URL", "claims.example.org")
    with pytest.raises(ConfigError, match="absolute http"):
        load_config(tmp_path)
    production.delenv("PUBLIC_BASE_URL")
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL is not set"):
        load_config(tmp_path)


def test_a_setting_that_is_not_a_number_is_refused_by_name(production, tmp_path):
    production.setenv("APPROVAL_LIMIT", "a million")
    with pytest.raises(ConfigError, match="APPROVAL_LIMIT"):
        load_config(tmp_path)


# Every variable in the README's configuration table, a value to set, and where load_config must put it.
DOCUMENTED = {
    "PORTAL_ENV": ("production", lambda c: c["PORTAL_ENV"] == "production"),
    "SECRET_KEY": (STRONG_KEY, lambda c: c["SECRET_KEY"] == STRONG_KEY),
    "DATABASE_URL": ("sqlite:///elsewhere.db", lambda c: c["DATABASE_URL"] == "sqlite:///elsewhere.db"),
    "REDIS_URL": ("redis://127.0.0.1:6379/9", lambda c: c["REDIS_URL"] == "redis://127.0.0.1:6379/9"),
    "MAIL_SERVER": ("smtp.example.org", lambda c: c["MAIL_SERVER"] == "smtp.example.org"),
    "MAIL_PORT": ("2525", lambda c: c["MAIL_PORT"] == 2525),
    "MAIL_USERNAME": ("mailer", lambda c: c["MAIL_USERNAME"] == "mailer"),
    "MAIL_PASSWORD": ("hunter22", lambda c: c["MAIL_PASSWORD"] == "hunter22"),
    "MAIL_USE_TLS": ("0", lambda c: c["MAIL_USE_TLS"] is False),
    "MAIL_SENDER": ("claims@example.org", lambda c: c["MAIL_SENDER"] == "claims@example.org"),
    "UPLOAD_DIR": ("/srv/uploads", lambda c: c["UPLOAD_DIR"] == "/srv/uploads"),
    "STORAGE_URL": ("s3://bucket/prefix", lambda c: c["STORAGE_URL"] == "s3://bucket/prefix"),
    "STORAGE_ENDPOINT_URL": (
        "http://127.0.0.1:9000",
        lambda c: c["STORAGE_ENDPOINT_URL"] == "http://127.0.0.1:9000",
    ),
    "LOG_FORMAT": ("text", lambda c: c["LOG_FORMAT"] == "text"),
    "METRICS_TOKEN": ("t0ken", lambda c: c["METRICS_TOKEN"] == "t0ken"),
    "LETTER_SIGNING_KEY": ("/srv/key.pem", lambda c: c["LETTER_SIGNING_KEY"] == "/srv/key.pem"),
    "LETTER_SIGNING_CERT": ("/srv/cert.pem", lambda c: c["LETTER_SIGNING_CERT"] == "/srv/cert.pem"),
    "LOGIN_RATE_LIMIT": ("3 per minute", lambda c: c["LOGIN_RATE_LIMIT"] == "3 per minute"),
    "LOGIN_ACCOUNT_RATE_LIMIT": ("4 per hour", lambda c: c["LOGIN_ACCOUNT_RATE_LIMIT"] == "4 per hour"),
    "REGISTER_RATE_LIMIT": ("5 per hour", lambda c: c["REGISTER_RATE_LIMIT"] == "5 per hour"),
    "RESET_RATE_LIMIT": ("6 per hour", lambda c: c["RESET_RATE_LIMIT"] == "6 per hour"),
    "CONFIRM_RATE_LIMIT": ("7 per hour", lambda c: c["CONFIRM_RATE_LIMIT"] == "7 per hour"),
    "VERIFY_RATE_LIMIT": ("8 per minute", lambda c: c["VERIFY_RATE_LIMIT"] == "8 per minute"),
    "QUOTE_RATE_LIMIT": ("9 per minute", lambda c: c["QUOTE_RATE_LIMIT"] == "9 per minute"),
    "RATELIMIT_STORAGE_URI": ("memory://", lambda c: c["RATELIMIT_STORAGE_URI"] == "memory://"),
    "RATELIMIT_ENABLED": ("false", lambda c: c["RATELIMIT_ENABLED"] is False),
    "PUBLIC_BASE_URL": (
        "https://claims.example.org/",
        lambda c: c["PUBLIC_BASE_URL"] == "https://claims.example.org",
    ),
    "TRUSTED_HOSTS": (
        "a.example.org,b.example.org",
        lambda c: c["TRUSTED_HOSTS"] == ["a.example.org", "b.example.org"],
    ),
    "PROXY_FIX_X_FOR": ("1", lambda c: c["PROXY_FIX"]["for"] == 1),
    "PROXY_FIX_X_PROTO": ("1", lambda c: c["PROXY_FIX"]["proto"] == 1),
    "PROXY_FIX_X_HOST": ("1", lambda c: c["PROXY_FIX"]["host"] == 1),
    "PROXY_FIX_X_PORT": ("1", lambda c: c["PROXY_FIX"]["port"] == 1),
    "PROXY_FIX_X_PREFIX": ("1", lambda c: c["PROXY_FIX"]["prefix"] == 1),
    "PASSWORD_RESET_MAX_AGE": ("600", lambda c: c["PASSWORD_RESET_MAX_AGE"] == 600),
    "EMAIL_CONFIRM_MAX_AGE": ("700", lambda c: c["EMAIL_CONFIRM_MAX_AGE"] == 700),
    "LOGIN_SESSION_MAX_AGE": ("800", lambda c: c["LOGIN_SESSION_MAX_AGE"] == 800),
    "APPROVAL_LIMIT": ("2000000", lambda c: c["APPROVAL_LIMIT"] == 2_000_000),
    "STP_LIMIT": ("50000", lambda c: c["STP_LIMIT"] == 50_000),
    "STP_SAMPLE_RATE": ("0.5", lambda c: c["STP_SAMPLE_RATE"] == 0.5),
    "INFO_DUE_DAYS": ("7", lambda c: c["INFO_DUE_DAYS"] == 7),
    "LOCK_MINUTES": ("10", lambda c: c["LOCK_MINUTES"] == 10),
    "QUEUE_COUNTS_TTL": ("2.5", lambda c: c["QUEUE_COUNTS_TTL"] == 2.5),
}
NOT_IN_CONFIG = {"INSTANCE_PATH"}  # read by create_app to place the instance folder itself


def _readme_variables() -> set[str]:
    text = Path(ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return {
        name
        for row in section.splitlines()
        if row.startswith("| `")
        for name in re.findall(r"`([A-Z_]+)`", row.split("|")[1])
    }


def test_every_documented_setting_is_read_by_load_config(production, tmp_path):
    documented = _readme_variables()
    assert documented - NOT_IN_CONFIG == set(DOCUMENTED), "README's table and this test disagree"
    for name, (value, _check) in DOCUMENTED.items():
        production.setenv(name, value)
    config = load_config(tmp_path)
    for name, (_value, check) in DOCUMENTED.items():
        assert check(config), name


def test_no_module_reads_the_environment_but_config(tmp_path):
    readers = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "claims").rglob("*.py")
        if re.search(r"os\.environ|os\.getenv", path.read_text(encoding="utf-8"))
    ]
    # __init__: INSTANCE_PATH only; metrics: prometheus_client's PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py)
    assert sorted(readers) == ["claims/__init__.py", "claims/config.py", "claims/metrics.py"]


def test_verify_rate_limit_is_honoured(app_config, incident):
    from claims import create_app

    limited = create_app({**app_config, "RATELIMIT_ENABLED": True, "VERIFY_RATE_LIMIT": "2 per minute"})
    client = limited.test_client()
    statuses = [client.get("/verify").status_code for _ in range(3)]
    limited.extensions["db_engine"].dispose()
    assert statuses == [200, 200, 429]
