"""The outage claims portal: file, assess, review and decide damage claims after a platform outage."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from claims.config import ROOT, load_config


def create_app(overrides: dict | None = None) -> Flask:
    """Build the application: config, database, extensions, blueprints, CLI and error pages."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH") or str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    instance = Path(app.instance_path)
    app.config.update(load_config(instance))
    if overrides:
        app.config.update(overrides)
    instance.mkdir(parents=True, exist_ok=True)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "translations")
    _init_proxy(app)

    from claims import db, i18n, logs, metrics, security, storage
    from claims.extensions import csrf, limiter, login_manager
    from claims.web import errors, health, inputs, register_blueprints

    inputs.init_app(app)  # before the blueprints: their `<int:...>` routes use its bounded converter
    logs.init_app(app)
    db.init_app(app)
    storage.init_app(app)
    metrics.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    _init_login(app, login_manager)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    health.init_app(app)
    register_blueprints(app)

    from claims import cli
    from claims.services import letter_signing

    cli.init_app(app)
    letter_signing.init_app(app)
    return app


def _init_proxy(app: Flask) -> None:
    """Trust X-Forwarded-* only from as many proxies as configured (PROXY_FIX_X_FOR etc.; none by default)."""
    counts = {f"x_{name}": count for name, count in app.config["PROXY_FIX"].items()}
    if any(counts.values()):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, **counts)


def _init_login(app: Flask, login_manager) -> None:
    from flask_babel import lazy_gettext as _l

    from claims.web.sessions import load_user

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"
    # The session cookie carries the account's epoch and a server-side session token (claims.web.sessions).
    login_manager.user_loader(load_user)
