"""Error pages in the user's language, and one JSON error shape for /api/ routes."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

PAGES = {400, 403, 404, 405, 413, 429, 500}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("The request could not be understood"), _("Go back, check what you entered and try again.")),
        403: (_("You do not have access to this page"), _("Sign in with an account that may see it.")),
        404: (_("Page not found"), _("Check the address, or start again from the home page.")),
        405: (_("This action is not allowed here"), _("Start again from the home page.")),
        413: (
            _("The upload is too large"),
            _(
                "Each file may be up to 10 MB, and up to 10 files per claim. "
                "Make the file smaller and try again."
            ),
        ),
        429: (_("Too many attempts"), _("Wait a minute and try again.")),
        500: (
            _("Something went wrong on our side"),
            _("Nothing you entered has been lost. Try again in a moment; if it happens again, contact us."),
        ),
    }


def render_error(code: int, detail: str | None = None):
    title, hint = _messages().get(code, _messages()[500])
    if _wants_json():
        return {"errors": [{"field": None, "message": detail or title}]}, code
    return render_template("errors/error.html", code=code, title=title, hint=detail or hint), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_exc):
        return render_error(
            400,
            _("The form had expired. Go back: what you typed is still in the form. Then submit it again."),
        )

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        code = exc.code if exc.code in PAGES else (exc.code or 500)
        if code not in PAGES:
            return exc
        return render_error(code)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return render_error(InternalServerError.code)
