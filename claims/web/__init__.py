"""Blueprints: thin views that load, check, validate, call one service and redirect."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from claims.web import account, admin, api, auth, claimant, labels, public, review

    labels.init_app(app)

    from claims.web import claimant_texts, public_info

    claimant_texts.init_app(app)
    app.register_blueprint(public_info.bp)

    app.register_blueprint(public.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(claimant.bp)
    app.register_blueprint(review.bp)

    from claims.web import oversight

    app.register_blueprint(oversight.bp)

    from claims.web import letters

    app.register_blueprint(letters.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
