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
    from claims import db, i18n, logs, metrics, security, storage
    from claims.extensions import csrf, limiter, login_manager
    from claims.web import errors, register_blueprints

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
    register_blueprints(app)

    from claims import cli
    from claims.services import letter_signing

    cli.init_app(app)
    letter_signing.init_app(app)
    return app


def _init_login(app: Flask, login_manager) -> None:
    from flask_babel import lazy_gettext as _l

    from claims.db import get_session
    from claims.models import User

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def _load(user_id: str):
        # The id carries the session epoch: a password change or role change signs out other sessions.
        uid, _sep, epoch = user_id.partition(":")
        if not uid.isdigit():
            return None
        user = get_session().get(User, int(uid))
        if user is None or str(user.session_epoch) != epoch:
            return None
        return user
