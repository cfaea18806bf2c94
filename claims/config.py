"""Settings read from the environment, in one place, with safe defaults for development and tests.

Every setting the README documents is read here and nowhere else; in production the portal refuses to start
without the ones it cannot run safely without (a strong SECRET_KEY, PUBLIC_BASE_URL).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

MIN_SECRET_KEY_LENGTH = 32
# Values seen in tutorials, examples and our own tests: never good enough for production.
WEAK_SECRET_KEYS = frozenset(
    {"secret", "changeme", "change-me", "dev", "development", "test", "test-secret", "default", "password"}
)


class ConfigError(RuntimeError):
    """The environment does not describe a runnable portal."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from exc


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, not {raw!r}.") from exc


def _list(name: str) -> list[str]:
    return [part.strip() for part in (os.environ.get(name) or "").split(",") if part.strip()]


def weak_secret_key(key: str) -> str | None:
    """Why a key is too weak to sign production sessions and tokens, or None when it is strong enough."""
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"it has {len(key)} characters; use at least {MIN_SECRET_KEY_LENGTH} random ones"
    if key.strip().lower() in WEAK_SECRET_KEYS or len(set(key)) < 10:
        return "it is a well-known or repetitive value; use random characters (e.g. `openssl rand -hex 32`)"
    return None


def _secret_key(env: str, instance_path: Path) -> str:
    key = os.environ.get("SECRET_KEY")
    if not key:
        key_file = instance_path / "secret_key"
        key = key_file.read_text().strip() if key_file.exists() else None
    if env in {"development", "testing"}:
        # A throw-away key keeps `flask run` and the tests zero-config; sessions do not survive a restart.
        return key or secrets.token_hex(32)
    if not key:
        raise ConfigError("SECRET_KEY is not set: refusing to start in production without one.")
    problem = weak_secret_key(key)
    if problem:
        raise ConfigError(f"SECRET_KEY is too weak for production: {problem}.")
    return key


def _public_base_url(env: str) -> str | None:
    base = (os.environ.get("PUBLIC_BASE_URL") or "").strip().rstrip("/") or None
    if base is None:
        if env == "production":
            raise ConfigError(
                "PUBLIC_BASE_URL is not set: links in e-mails and letters need the portal's public address "
                "(e.g. https://claims.example.org); refusing to start in production without it."
            )
        return None
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"PUBLIC_BASE_URL must be an absolute http(s) address, not {base!r}.")
    return base


def _trusted_hosts(public_base_url: str | None) -> list[str] | None:
    """Host names the portal answers to (others get 400); by default the host of PUBLIC_BASE_URL."""
    hosts = _list("TRUSTED_HOSTS")
    if hosts:
        return hosts
    if public_base_url:
        return [urlsplit(public_base_url).hostname or ""]
    return None


def _letter_signing_file(name: str, filename: str, env: str, instance_path: Path) -> str | None:
    """A path to the PEM key or certificate that signs decision letters (`make run` writes a self-signed pair
    to the instance folder once). Without one, development and tests sign with a throw-away pair."""
    path = os.environ.get(name) or (
        str(instance_path / filename) if (instance_path / filename).exists() else None
    )
    if path is None and env == "production":
        raise ConfigError(
            f"{name} is not set: refusing to start in production without the letters' signing pair."
        )
    return path


def load_config(instance_path: Path) -> dict:
    """Build the Flask config mapping from the environment (the only place that reads it)."""
    env = os.environ.get("PORTAL_ENV", "production")
    if env not in ("production", "development", "testing"):
        raise ConfigError(f"PORTAL_ENV must be production, development or testing, not {env!r}.")
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'portal.sqlite3'}"
    production = env == "production"
    public_base_url = _public_base_url(env)
    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": _secret_key(env, instance_path),
        "PUBLIC_BASE_URL": public_base_url,
        # Flask refuses a request whose Host is not one of these (400): links never come from the request
        # anyway (see claims.urls), but a portal should not answer to any name pointed at it.
        "TRUSTED_HOSTS": _trusted_hosts(public_base_url),
        # How many proxies in front of the app set each X-Forwarded-* header (0: trust none). Behind one
        # load balancer that sets X-Forwarded-For and -Proto: PROXY_FIX_X_FOR=1 PROXY_FIX_X_PROTO=1.
        "PROXY_FIX": {
            name: _int(f"PROXY_FIX_X_{name.upper()}", 0)
            for name in ("for", "proto", "host", "port", "prefix")
        },
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": _int("MAIL_PORT", 587),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool(os.environ.get("MAIL_USE_TLS"), True),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "claims@outage-claims.example"),
        "MAIL_OUTBOX": str(instance_path / "outbox"),
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR") or str(instance_path / "uploads"),
        # Evidence files and letters: an S3-compatible bucket (s3://bucket/prefix) or, unset, UPLOAD_DIR.
        "STORAGE_URL": os.environ.get("STORAGE_URL") or None,
        "STORAGE_ENDPOINT_URL": os.environ.get("STORAGE_ENDPOINT_URL") or None,
        "LETTER_SIGNING_KEY": _letter_signing_file(
            "LETTER_SIGNING_KEY", "letter_signing_key.pem", env, instance_path
        ),
        "LETTER_SIGNING_CERT": _letter_signing_file(
            "LETTER_SIGNING_CERT", "letter_signing_cert.pem", env, instance_path
        ),
        "MAX_CONTENT_LENGTH": 105 * 1024 * 1024,  # ten 10 MB files and the form around them
        # Logs: one JSON object per line (production default) or plain text; metrics at /metrics for whoever
        # sends `Authorization: Bearer $METRICS_TOKEN` (unset: /metrics is off).
        "LOG_FORMAT": os.environ.get("LOG_FORMAT") or ("json" if production else "text"),
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN") or None,
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI")
        or os.environ.get("REDIS_URL")
        or "memory://",
        "RATELIMIT_ENABLED": _bool(os.environ.get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_HEADERS_ENABLED": True,  # every 429 says when to try again (Retry-After)
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        "LOGIN_ACCOUNT_RATE_LIMIT": os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "10 per 15 minutes"),
        "REGISTER_RATE_LIMIT": os.environ.get("REGISTER_RATE_LIMIT", "20 per hour"),
        "RESET_RATE_LIMIT": os.environ.get("RESET_RATE_LIMIT", "5 per hour"),
        "CONFIRM_RATE_LIMIT": os.environ.get("CONFIRM_RATE_LIMIT", "5 per hour"),
        "VERIFY_RATE_LIMIT": os.environ.get("VERIFY_RATE_LIMIT", "30 per minute"),
        "QUOTE_RATE_LIMIT": os.environ.get("QUOTE_RATE_LIMIT", "60 per minute"),
        "BABEL_DEFAULT_LOCALE": "ko",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Seoul",
        "LANGUAGES": ("ko", "en"),
        "WTF_CSRF_TIME_LIMIT": None,
        "PASSWORD_RESET_MAX_AGE": _int("PASSWORD_RESET_MAX_AGE", 3600),
        "EMAIL_CONFIRM_MAX_AGE": _int("EMAIL_CONFIRM_MAX_AGE", 3 * 24 * 3600),
        # A sign-in lasts at most this many seconds (a copied cookie too); then the person signs in again.
        "LOGIN_SESSION_MAX_AGE": _int("LOGIN_SESSION_MAX_AGE", 12 * 3600),
        # How passwords are hashed; the tests use a cheap method (scrypt costs ~0.25 s a hash by design).
        "PASSWORD_HASH_METHOD": "scrypt",
        "SEED_DEMO_ALLOWED": not production,
        # Review: decisions above APPROVAL_LIMIT need a supervisor's second signature; claims without a flag
        # at or below STP_LIMIT are approved as computed, except a random STP_SAMPLE_RATE share kept for
        # review.
        "APPROVAL_LIMIT": _int("APPROVAL_LIMIT", 1000000),
        "STP_LIMIT": _int("STP_LIMIT", 100000),
        "STP_SAMPLE_RATE": _float("STP_SAMPLE_RATE", 0.10),
        "INFO_DUE_DAYS": _int("INFO_DUE_DAYS", 14),
        "LOCK_MINUTES": _int("LOCK_MINUTES", 30),
        # Seconds the per-status counts at the top of the queue may be old (0 in tests: always exact).
        "QUEUE_COUNTS_TTL": _float("QUEUE_COUNTS_TTL", 0.0 if env == "testing" else 5.0),
    }
