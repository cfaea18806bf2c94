"""Language choice (user setting, then cookie, then Accept-Language) and display formatting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.support import NullTranslations
from flask import Flask, current_app, g, has_app_context, has_request_context, request
from flask_babel import format_decimal, get_locale, get_translations
from flask_login import current_user

from claims.banks import bank_name
from claims.extensions import babel

LANG_COOKIE = "lang"
KST = ZoneInfo("Asia/Seoul")


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        # Commands and jobs: operators read English; jobs that write to a person use force_locale().
        return "en"
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in languages:
        return cookie
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def translations() -> NullTranslations:
    """Flask-Babel's get_translations(), remembered on its context while the locale and domain stay the same.

    Flask-Babel looks its context up three times and spells the locale out for every string, and a page
    translates dozens: the catalogue depends only on the locale and the domain (force_locale and refresh
    put new objects there), so it is looked up again only when one of them has been replaced.
    """
    ctx = g.get("_flask_babel") if has_app_context() else None
    if ctx is not None:
        memo = getattr(ctx, "claims_translations", None)
        if (
            memo is not None
            and memo[0] is getattr(ctx, "babel_locale", None)
            and memo[1] is getattr(ctx, "babel_domain", None)
        ):
            return memo[2]
    found = get_translations()
    ctx = g.get("_flask_babel") if has_app_context() else None
    if ctx is not None and hasattr(ctx, "babel_locale") and hasattr(ctx, "babel_domain"):
        ctx.claims_translations = (ctx.babel_locale, ctx.babel_domain, found)
    return found


def won(amount: int | None) -> str:
    """Money as shown to people: 11,790원 in Korean, 11,790 KRW in English."""
    if amount is None:
        return "—"
    number = format_decimal(amount, format="#,##0")
    return f"{number}원" if str(get_locale()) == "ko" else f"{number} KRW"


def won_formatter() -> Callable[[int | None], str]:
    """won() for the current language with the locale looked up once, for a page that shows many amounts.

    An integer's grouping (11,790) is Python's own, the same as Babel's "#,##0" in Korean and English (the
    portal's two languages); anything else goes through won() itself.
    """
    suffix = "원" if str(get_locale()) == "ko" else " KRW"

    def format_won(amount: int | None) -> str:
        if type(amount) is int:
            return f"{amount:,}{suffix}"
        return won(amount)

    return format_won


def kst(value: datetime | None, with_time: bool = True) -> str:
    """A moment in Korean time: 2022년 10월 15일 15:30 in Korean, 2022-10-15 15:30 KST in English."""
    if value is None:
        return "—"
    local = value.astimezone(KST)
    if has_request_context() and str(get_locale()) == "ko":
        written = f"{local.year}년 {local.month}월 {local.day}일"
        return f"{written} {local:%H:%M}" if with_time else written
    return local.strftime("%Y-%m-%d %H:%M KST" if with_time else "%Y-%m-%d")


def kst_iso(text: str) -> str:
    """A moment kept as ISO text (a change-log entry in JSON) in Korean time."""
    try:
        return kst(datetime.fromisoformat(text))
    except (TypeError, ValueError):
        return str(text)


def day(value) -> str:
    """A day as people write it: 2022년 10월 15일 in Korean, 2022-10-15 in English."""
    if value is None:
        return "—"
    if str(get_locale()) == "ko":
        return f"{value.year}년 {value.month}월 {value.day}일"
    return value.isoformat()


def span(start: datetime | None, end: datetime | None) -> str:
    """The length from start to end: "10시간 1분" in Korean, "10 h 1 min" in English."""
    if start is None or end is None:
        return "—"
    minutes = round((end - start).total_seconds() / 60)
    hours, rest = divmod(minutes, 60)
    if str(get_locale()) == "ko":
        return f"{hours}시간 {rest}분"
    return f"{hours} h {rest} min"


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    # Flask-Babel's own callables for templates, with the catalogue looked up once per page (translations()).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["won"] = won
    app.jinja_env.filters["kst"] = kst
    app.jinja_env.filters["kst_iso"] = kst_iso
    app.jinja_env.filters["day"] = day
    app.jinja_env.filters["span"] = span
    # A payout bank is stored as its three-digit code and shown by its name in the page's language.
    app.jinja_env.filters["bank_name"] = lambda code: bank_name(code, str(get_locale() or "ko"))

    @app.context_processor
    def _language():
        return {"current_language": str(get_locale()), "languages": app.config["LANGUAGES"]}
