"""Flask commands: database migrations, demo data, staff accounts and incident loading."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from claims import migrate
from claims.db import get_session
from claims.demo.accounts import DEMO_PASSWORD, seed_demo_accounts
from claims.errors import InvalidInput
from claims.models import ROLES
from claims.services import accounts, incidents

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
            get_session(),
            email=email,
            password=password,
            display_name=display_name,
            role=role,
            language=language,
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
@click.option(
    "--claims",
    "claim_count",
    type=click.IntRange(min=0),
    default=None,
    help="How many demo claims to generate [default: 300; the DEMO_CLAIMS setting].",
)
@click.option("--light", is_flag=True, help="Skip letter PDFs and evidence files (for benchmarks).")
def seed_demo(claim_count: int | None, light: bool) -> None:
    """Load the default incident, the demo accounts and demo claims (never in production)."""
    if not current_app.config["SEED_DEMO_ALLOWED"]:
        raise click.ClickException("seed-demo is refused in production (PORTAL_ENV=production).")
    session = get_session()
    incidents.load_incident_file(session)
    users = seed_demo_accounts(session)
    click.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for user in users:
        click.echo(f"  {user.role:<11} {user.email}")
    from claims.demo.claims import seed_demo_claims

    count = current_app.config.get("DEMO_CLAIMS", 300) if claim_count is None else claim_count
    made = seed_demo_claims(session, count, letters=not light, evidence=not light)
    if made:
        click.echo(
            f"Demo claims: {sum(made.values())} ({', '.join(f'{k} {v}' for k, v in sorted(made.items()))})"
        )


@click.command("render-letter")
@with_appcontext
@click.argument("reference")
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True), help="The PDF file.")
@click.option("--lang", type=click.Choice(["ko", "en"]), help="Default: the claimant's language.")
def render_letter(reference: str, out: str, lang: str | None) -> None:
    """Write the letter of a claim's decision in force to a PDF file, without issuing anything."""
    import hashlib
    from pathlib import Path

    from sqlalchemy import select

    from claims.errors import NotAllowed
    from claims.models import Claim
    from claims.services import letters

    session = get_session()
    claim = session.scalar(select(Claim).where(Claim.reference == reference.strip().upper()))
    if claim is None:
        raise click.ClickException(f"no claim {reference}")
    try:
        pdf = letters.preview_letter(session, claim, lang)
    except NotAllowed as exc:
        raise click.ClickException(str(exc)) from exc
    Path(out).write_bytes(pdf)
    click.echo(f"{out}: {len(pdf):,} bytes, sha256 {hashlib.sha256(pdf).hexdigest()}")


@click.command("render-letters")
@with_appcontext
@click.option("--pending", is_flag=True, help="Issue the letter of every decided claim that has none yet.")
def render_letters(pending: bool) -> None:
    """Issue all due decision letters, with a progress bar (in this process, Redis or not)."""
    import time

    from claims.services import letters

    if not pending:
        raise click.UsageError("say which letters: --pending")
    session = get_session()
    ids = [claim.id for claim in letters.pending_claims(session)]
    issued, start = 0, time.perf_counter()
    with click.progressbar(ids, label="Issuing letters", show_pos=True) as bar:
        for claim_id in bar:
            issued += letters.issue_letter(claim_id) is not None
            session.expunge_all()  # each letter holds its PDF: keep memory flat over thousands
    seconds = time.perf_counter() - start
    rate = f", {issued / seconds:.1f} letters/s" if issued and seconds else ""
    click.echo(f"{issued} letters issued in {seconds:.1f} s{rate}")


@click.command("verify-letter")
@with_appcontext
@click.argument("file", type=click.File("rb"))
def verify_letter(file) -> None:
    """Check a decision letter PDF offline: its signature, that it is unchanged, which letter of which claim
    it is, and whether it is still in force. Exit status 1 when it is not a genuine, unchanged letter."""
    from claims.services.letter_checks import MAX_FILE_BYTES, check_letter_file

    data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise click.ClickException(f"{file.name}: larger than {MAX_FILE_BYTES // 2**20} MB, not a letter")
    check = check_letter_file(get_session(), data)
    sig = check.signature
    if not sig.is_pdf:
        click.echo(f"{file.name}: {sig.problem}")
        raise SystemExit(1)
    if sig.signed:
        signed_at = f", {sig.signed_at:%Y-%m-%d %H:%M %Z}" if sig.signed_at else ""
        state = "valid" if sig.valid else "NOT VALID"
        click.echo(f"signature: {state} (signed by {sig.signer}{signed_at})")
        changed = "unchanged since it was signed" if sig.intact else "CHANGED after it was signed"
        click.echo(f"document:  {changed}")
    else:
        click.echo("signature: NONE (the file is not signed)")
    letter = check.letter
    if letter is not None:
        click.echo(
            f"letter:    {letter.code} of claim {letter.reference}, dated {letter.issued_on.isoformat()}, "
            f"{letter.decision.replace('_', ' ')}, {letter.total:,} KRW"
        )
        in_force = f"REPLACED on {letter.replaced_on.isoformat()}" if letter.replaced_on else "in force"
        click.echo(f"status:    {in_force}")
    else:
        click.echo("letter:    UNKNOWN (the portal issued no letter with this file's contents)")
    click.echo(f"sha256:    {check.sha256}")
    if not check.genuine:
        click.echo(f"NOT GENUINE: {check.problem}")
        raise SystemExit(1)
    click.echo("GENUINE")


@click.command("worker")
@with_appcontext
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool) -> None:
    """Run the background jobs (RQ on REDIS_URL) in this process, with this app."""
    from claims import jobs

    if not jobs.queued_in_background():
        raise click.ClickException("REDIS_URL is not set: jobs run inline, no worker is needed")
    jobs.work(burst=burst)


@click.command("backup")
@with_appcontext
@click.argument("folder", type=click.Path(file_okay=False))
def backup_command(folder: str) -> None:
    """Write a consistent backup (tables, evidence files, letters, manifest of hashes) into FOLDER."""
    from pathlib import Path

    from sqlalchemy import exists, select

    from claims import backup, storage
    from claims.models import Evidence, Letter

    def live(table: str, key: str) -> bool:
        model = {"evidence": Evidence, "letters": Letter}[table]
        return bool(get_session().scalar(select(exists().where(model.stored_name == key))))

    try:
        summary = backup.backup(
            current_app.config["DATABASE_URL"], storage.current(), Path(folder), live_keys=live
        )
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = sum(summary.tables.values())
    click.echo(
        f"backup in {summary.folder}: {rows} rows in {len(summary.tables)} tables, {summary.files} files"
    )


@click.command("restore")
@with_appcontext
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--force", is_flag=True, help="Empty the database and the store first (everything in them is lost)."
)
def restore_command(folder: str, force: bool) -> None:
    """Bring a backup back into an empty database and store (checks every hash first)."""
    from pathlib import Path

    from claims import backup, storage

    try:
        summary = backup.restore(
            current_app.config["DATABASE_URL"], storage.current(), Path(folder), force=force
        )
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = sum(summary.tables.values())
    click.echo(
        f"restored {rows} rows in {len(summary.tables)} tables and {summary.files} files from {folder}"
    )


@click.command("check-store")
@with_appcontext
@click.option("--delete-orphans", is_flag=True, help="Delete stored files no row points at (older than 1 h).")
def check_store_command(delete_orphans: bool) -> None:
    """Compare the file store with the database: files without rows, rows without files."""
    from claims import backup, storage

    found = backup.check_store(
        get_session().connection(), storage.current(), 3600 if delete_orphans else None
    )
    click.echo(f"{storage.current().describe()}: {len(found.missing)} rows without their file, "
               f"{len(found.orphans)} files without a row, {len(found.deleted)} deleted")  # fmt: skip
    for key in found.missing[:20]:
        click.echo(f"  missing: {key}")
    if found.missing:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    from claims.cli_steer import compare_policies, reassess_command

    app.cli.add_command(db_cli)
    commands = (create_user, load_incident, seed_demo, render_letter, render_letters, verify_letter)
    commands = (*commands, worker)
    commands = (*commands, compare_policies, reassess_command)
    for command in (*commands, backup_command, restore_command, check_store_command):
        app.cli.add_command(command)
