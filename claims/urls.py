"""Absolute links for e-mails and letters: always from PUBLIC_BASE_URL, never from the request's Host header.

A link built from the request would let anyone who sends `Host: evil.example` receive a password-reset link
pointing at their own server (reset-link poisoning); a job has no request at all. So every absolute URL that
leaves the portal is built here.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def public_base_url() -> str:
    """The portal's public address (PUBLIC_BASE_URL; outside production, SERVER_NAME or the local server)."""
    config = current_app.config
    base = config.get("PUBLIC_BASE_URL")
    if not base:
        server = config.get("SERVER_NAME") or "127.0.0.1:5000"
        base = f"{config.get('PREFERRED_URL_SCHEME') or 'http'}://{server}"
    return base.rstrip("/")


def public_url(endpoint: str, **values) -> str:
    """An absolute URL for `endpoint` under the public address: the same in a request, a job or a command."""
    parts = urlsplit(public_base_url())
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)
