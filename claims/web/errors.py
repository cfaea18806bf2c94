"""Error pages in the user's language, and one JSON error shape for /api/ routes.

An error page never needs the database: when the database is down (or the error came from it) the page is
rendered for an anonymous visitor without touching it, and if even that fails a static page is sent.
"""

from __future__ import annotations

import contextlib

from flask import Flask, g, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

PAGES = {400, 403, 404, 405, 413, 429, 500, 503}
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)
RETRY_AFTER_UNAVAILABLE = 30  # seconds: a restarting database is usually back within this

# The last resort when even the error template cannot be rendered (no template, database or translation
# needed): e.g. a request whose Host is not trusted, for which no URL can be built.
STATIC_ERROR_PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{ko} | {en}</title></head>
<body><main>
<h1>{ko}</h1>
<p>{ko_hint}</p>
<h1 lang="en">{en}</h1>
<p lang="en">{en_hint}</p>
</main></body></html>
"""
STATIC_TEXTS = {
    "client": (
        "요청을 처리할 수 없습니다",
        "주소와 입력하신 내용을 확인한 뒤 다시 시도해 주세요.",
        "The request could not be understood",
        "Check the address and what you entered, then try again.",
    ),
    "server": (
        "잠시 후 다시 시도해 주세요",
        "시스템에 일시적인 문제가 생겼습니다. 저장하신 내용은 그대로 있습니다.",
        "Please try again in a moment",
        "Something went wrong on our side. Nothing you saved has been lost.",
    ),
}


def static_error_page(code: int) -> str:
    ko, ko_hint, en, en_hint = STATIC_TEXTS["client" if code < 500 else "server"]
    return STATIC_ERROR_PAGE.format(ko=ko, ko_hint=ko_hint, en=en, en_hint=en_hint)


class Refused(HTTPException):
    """A request refused with a status and a message written for the person (e.g. a NUL character)."""

    def __init__(self, code: int, message):
        super().__init__(description=str(message))
        self.code = code
        self.message = message


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
        503: (
            _("The service is briefly unavailable"),
            _("Nothing you saved has been lost. Try again in a minute."),
        ),
    }


def render_error(code: int, detail: str | None = None):
    title, hint = _messages().get(code, _messages()[500])
    if _wants_json():
        return {"errors": [{"field": None, "message": detail or title}]}, code
    return render_template("errors/error.html", code=code, title=title, hint=detail or hint), code


def _without_database() -> None:
    """Forget the request's database session and user, so that rendering the page cannot need the database."""
    from claims.extensions import login_manager

    session = g.pop("db_session", None)
    if session is not None:
        with contextlib.suppress(Exception):  # the connection is already broken; nothing left to release
            session.close()
    g._login_user = login_manager.anonymous_user()


def _safe_render(code: int, detail: str | None = None):
    try:
        return render_error(code, detail)
    except Exception:  # noqa: BLE001 — the error page itself failed: the static one still answers
        _without_database()
        try:
            return render_error(code, detail)
        except Exception:  # noqa: BLE001
            return static_error_page(code), code, {"Content-Type": "text/html; charset=utf-8"}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_exc):
        return _safe_render(
            400,
            _("The form had expired. Go back: what you typed is still in the form. Then submit it again."),
        )

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        code = exc.code if exc.code in PAGES else (exc.code or 500)
        if code not in PAGES:
            return exc
        detail = str(exc.message) if isinstance(exc, Refused) else None
        response = app.make_response(_safe_render(code, detail))
        if code == 429 and "Retry-After" not in response.headers:
            response.headers["Retry-After"] = str(_retry_after(exc))
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if isinstance(exc, DATABASE_UNAVAILABLE):
            app.logger.error("database unavailable on %s: %s", request.path, exc)
            _without_database()
            response = app.make_response(_safe_render(503))
            response.headers["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE)
            return response
        app.logger.exception("unhandled error on %s", request.path)
        return _safe_render(InternalServerError.code)


def _retry_after(exc: HTTPException) -> int:
    """Seconds until the limit that was hit resets (Flask-Limiter's own figure), at least one."""
    import time

    from claims.extensions import limiter

    try:
        window = limiter.current_limit
        if window is not None:
            return max(int(window.reset_at - time.time()), 1)
    except Exception:  # noqa: BLE001 — a limiter storage problem must not turn a 429 into a 500
        pass
    return 60
