"""Settings read from the environment, with safe defaults for development and tests."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The environment does not describe a runnable portal."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(env: str, instance_path: Path) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    if env in {"development", "testing"}:
        # A throw-away key keeps `flask run` and the tests zero-config; sessions do not survive a restart.
        return secrets.token_hex(32)
    raise ConfigError("SECRET_KEY is not set: refusing to start in production without one.")


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
    """Build the Flask config mapping from the environment."""
    env = os.environ.get("PORTAL_ENV", "production")
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'portal.sqlite3'}"
    production = env == "production"
    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": _secret_key(env, instance_path),
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
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
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        "BABEL_DEFAULT_LOCALE": "ko",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Seoul",
        "LANGUAGES": ("ko", "en"),
        "WTF_CSRF_TIME_LIMIT": None,
        "PASSWORD_RESET_MAX_AGE": 3600,
        # How passwords are hashed; the tests use a cheap method (scrypt costs ~0.25 s a hash by design).
        "PASSWORD_HASH_METHOD": "scrypt",
        "SEED_DEMO_ALLOWED": not production,
        # Review: decisions above APPROVAL_LIMIT need a supervisor's second signature; claims without a flag
        # at or below STP_LIMIT are approved as computed, except a random STP_SAMPLE_RATE share kept for
        # review.
        "APPROVAL_LIMIT": int(os.environ.get("APPROVAL_LIMIT", "1000000")),
        "STP_LIMIT": int(os.environ.get("STP_LIMIT", "100000")),
        "STP_SAMPLE_RATE": float(os.environ.get("STP_SAMPLE_RATE", "0.10")),
        "INFO_DUE_DAYS": int(os.environ.get("INFO_DUE_DAYS", "14")),
        "LOCK_MINUTES": int(os.environ.get("LOCK_MINUTES", "30")),
        # Seconds the per-status counts at the top of the queue may be old (0 in tests: always exact).
        "QUEUE_COUNTS_TTL": float(os.environ.get("QUEUE_COUNTS_TTL", "0" if env == "testing" else "5")),
    }
