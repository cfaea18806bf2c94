"""Operators' commands for steering: compare two policies over every claim; reassess the open claims."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from claims.db import get_session
from claims.errors import DomainError
from claims.services import comparison, policies, reassess
from claims.services.incidents import default_incident, get_incident


def _incident(incident_id: str | None):
    session = get_session()
    incident = get_incident(session, incident_id) if incident_id else default_incident(session)
    if incident is None:
        raise click.ClickException(f"no incident {incident_id or '(none loaded)'}")
    return incident


@click.command("compare-policies")
@with_appcontext
@click.argument("policy_a")
@click.argument("policy_b")
@click.option(
    "--csv", "csv_path", type=click.Path(dir_okay=False, writable=True), help="Write every claim's amounts."
)
@click.option("--incident", "incident_id", help="Incident id (default: the first loaded).")
def compare_policies(policy_a: str, policy_b: str, csv_path: str | None, incident_id: str | None) -> None:
    """Compare POLICY_A and POLICY_B (shipped ids, adopted versions or drafts) over every filed claim."""
    session = get_session()
    try:
        a, b = policies.resolve(session, policy_a), policies.resolve(session, policy_b)
    except DomainError as exc:
        raise click.ClickException(f"{exc}: {policy_a} / {policy_b}") from exc
    result = comparison.compare(
        session, _incident(incident_id), a, b, current_app.config["APPROVAL_LIMIT"], keep_rows=bool(csv_path)
    )
    for line in comparison.summary_lines(result):
        click.echo(line)
    click.echo("time: " + ", ".join(f"{phase} {seconds:.2f} s" for phase, seconds in result.seconds.items()))
    if csv_path:
        Path(csv_path).write_text(comparison.csv_text(result), encoding="utf-8")
        click.echo(f"wrote {len(result.rows):,} claims to {csv_path}")


@click.command("reassess")
@with_appcontext
@click.option("--incident", "incident_id", help="Incident id (default: the first loaded).")
def reassess_command(incident_id: str | None) -> None:
    """Reassess every open claim with the current windows and each claim's policy, here and now."""
    session = get_session()
    incident = _incident(incident_id)
    with click.progressbar(length=1, label="reassessing open claims") as bar:
        done = {"n": 0}

        def progress(n: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(n - done["n"])
            done["n"] = n

        run = reassess.start(session, incident, "manual", None, enqueue=False)
        reassess.run(run.id, progress=progress)
    row = session.get(type(run), run.id)
    session.refresh(row)
    click.echo(f"run {row.id}: {row.done:,} of {row.total:,} open claims reassessed, {row.changed:,} changed")
