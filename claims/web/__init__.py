"""Blueprints: thin views that load, check, validate, call one service and redirect."""

from flask import Flask

from claims.urls import public_url


def register_blueprints(app: Flask) -> None:
    from claims.web import (
        account,
        admin,
        api,
        auth,
        claimant,
        claimant_texts,
        item_display,
        labels,
        letters,
        oversight,
        payouts,
        programme,
        public,
        public_info,
        review,
        steer_policies,
        steer_windows,
    )

    for module in (labels, claimant_texts, item_display):
        module.init_app(app)
    # Templates may link to a page another part of the portal provides only once it exists.
    app.jinja_env.globals["has_endpoint"] = lambda endpoint: endpoint in app.view_functions
    # Links in e-mails: from PUBLIC_BASE_URL, never from the request's Host header.
    app.jinja_env.globals["public_url"] = public_url
    for module in (
        public_info,
        public,
        auth,
        account,
        claimant,
        review,
        oversight,
        programme,
        steer_windows,
        steer_policies,
        payouts,
        letters,
        admin,
        api,
    ):
        app.register_blueprint(module.bp)
