"""Flask commands: database migrations, demo data, staff accounts and incident loading."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from claims import migrate
from claims.db import get_session
from claims.errors import InvalidInput
from claims.models import ROLES
from claims.services import accounts, incidents
from claims.services.demo import DEMO_PASSWORD, seed_demo_accounts

db_cli = AppGroup("db", help="Database migrations (Alembic).")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database to REVISION (default: the newest)."""
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {revision}")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Migrate the database back to REVISION."""
    migrate.downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {revision}")


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="reviewer", show_default=True)
@click.option("--language", type=click.Choice(["ko", "en"]), default="ko", show_default=True)
@click.password_option()
def create_user(email: str, display_name: str, role: str, language: str, password: str) -> None:
    """Create an account (staff accounts are made here or on the admin page)."""
    try:
        user = accounts.create_user(
            get_session(), email=email, password=password, display_name=display_name, role=role, language=language
        )
    except InvalidInput as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {user.role} {user.email}")


@click.command("load-incident")
@with_appcontext
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
def load_incident(path: str | None) -> None:
    """Load an incident YAML file (default: the shipped Pangyo incident)."""
    incident = incidents.load_incident_file(get_session(), path)
    click.echo(f"incident {incident.id}: {len(incident.services)} services")


@click.command("seed-demo")
@with_appcontext
@click.option("--claims", "claim_count", type=click.IntRange(min=0), default=0, show_default=True,
              help="How many demo claims to generate (when the generator is available).")
def seed_demo(claim_count: int) -> None:
    """Load the default incident and the demo accounts (never in production)."""
    if not current_app.config["SEED_DEMO_ALLOWED"]:
        raise click.ClickException("seed-demo is refused in production (PORTAL_ENV=production).")
    session = get_session()
    incidents.load_incident_file(session)
    users = seed_demo_accounts(session)
    click.echo("Demo accounts (password: %s):" % DEMO_PASSWORD)
    for user in users:
        click.echo(f"  {user.role:<11} {user.email}")


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
    for command in (create_user, load_incident, seed_demo):
        app.cli.add_command(command)
