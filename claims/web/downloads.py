"""Sending stored files (evidence, letters) so that nothing in them can run in the portal's origin.

Every such response carries `Content-Security-Policy: sandbox` (a document opened from it gets a unique,
script-less origin: no cookies, no forms, no same-origin requests), `X-Content-Type-Options: nosniff` (the
browser takes the type we send, never guesses HTML from the bytes) and `Cache-Control: private, no-store` (a
claimant's file stays out of shared and local caches).
"""

from __future__ import annotations

import io

from flask import Response, send_file

SANDBOX = "sandbox; default-src 'none'"


def file_response(data: bytes, mimetype: str, name: str, inline: bool = False) -> Response:
    response = send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=not inline, download_name=name, max_age=0
    )
    response.headers["Content-Security-Policy"] = SANDBOX
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
