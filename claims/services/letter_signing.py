"""The portal's letter signer, loaded once per process (web worker or RQ worker) from its settings.

LETTER_SIGNING_KEY and LETTER_SIGNING_CERT are paths to PEM files (`make run` writes a self-signed pair to the
instance folder once; production refuses to start without them, see claims.config). Development and tests
without them sign with a throw-away pair made once per process.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app

from claims.config import ConfigError
from claims.letters.sign import LetterSigner, SigningKeyError, make_self_signed

_lock = threading.Lock()
_throwaway: LetterSigner | None = None


def _throwaway_signer() -> LetterSigner:
    global _throwaway
    with _lock:
        if _throwaway is None:
            _throwaway = LetterSigner.from_pem(*make_self_signed("Outage Claims Portal (development)"))
        return _throwaway


def _load(config) -> LetterSigner:
    key, cert = config.get("LETTER_SIGNING_KEY"), config.get("LETTER_SIGNING_CERT")
    if not key and not cert and config.get("PORTAL_ENV") != "production":
        return _throwaway_signer()
    if not key or not cert:
        raise ConfigError("LETTER_SIGNING_KEY and LETTER_SIGNING_CERT must both be set.")
    try:
        return LetterSigner.from_files(key, cert)
    except SigningKeyError as exc:
        raise ConfigError(f"cannot sign decision letters: {exc}") from exc


def init_app(app: Flask) -> None:
    """In production, load the pair now, so that a wrong key or certificate stops the start."""
    if app.config.get("PORTAL_ENV") == "production":
        app.extensions["letter_signer"] = _load(app.config)


def signer() -> LetterSigner:
    """The app's signer (loaded at the first letter in development and tests)."""
    found = current_app.extensions.get("letter_signer")
    if found is None:  # two threads may both load it: harmless, the second one wins
        found = current_app.extensions["letter_signer"] = _load(current_app.config)
    return found
