"""Reassessing the open claims after a windows version or a policy adoption, as a background job with its
progress in a row; and the decided claims a correction would change, which are listed, never changed: a
supervisor reopens each one (back to the queue, marked) or leaves it with a note.

Open claims get a new assessment snapshot each (the previous ones stay in their history), written in bulk:
a run over 100,000 claims must not build 100,000 ORM objects.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from claims import jobs, rules
from claims.db import get_session, utcnow
from claims.errors import InvalidInput, NotAllowed, NotFound
from claims.models import Assessment, AuditEvent, Claim, DecidedChange, Incident, ReassessmentRun
from claims.models.claim import DECIDED_STATUSES, ClaimStatus
from claims.services import assessments, population
from claims.services.audit import claim_event, record
from claims.services.incidents import get_incident, rules_incident
from claims.services.lifecycle import transition

CHUNK = 5000
REOPENED = "REOPENED_AFTER_CORRECTION"
# A decided claim may go back to review from these states (a closed claim is final: it can only be noted).
REOPENABLE = (ClaimStatus.DECIDED, ClaimStatus.LETTER_ISSUED)


def start(
    session: Session,
    incident: Incident,
    reason: str,
    actor_id: int | None,
    policy_id: str | None = None,
    enqueue: bool = True,
) -> ReassessmentRun:
    """Record a run and hand it to the job queue (RQ with REDIS_URL, else at once); with enqueue=False the
    caller runs it (the CLI, with its progress bar). Commits."""
    total = session.scalar(
        select(func.count(Claim.id)).where(
            Claim.incident_id == incident.id, Claim.status.in_(population.OPEN_STATUSES)
        )
    )
    row = ReassessmentRun(
        incident_id=incident.id,
        reason=reason,
        windows_version=incident.windows_version,
        policy_id=policy_id,
        state="queued",
        total=total or 0,
        created_by_id=actor_id,
    )
    session.add(row)
    session.commit()
    if enqueue:
        jobs.enqueue("claims.services.reassess.run", row.id)
    return row


def run(run_id: int, progress: Callable[[int, int], None] | None = None) -> None:
    """The job: reassess every open claim of the run's incident (and list the decided ones that a windows
    correction changes). Commits after each chunk, so the progress page moves."""
    session = get_session()
    row = session.get(ReassessmentRun, run_id)
    if row is None or row.state == "done":
        return
    row.state = "running"
    session.commit()
    try:
        with population.gc_paused():
            _run(session, row, progress)
    except Exception as exc:
        session.rollback()
        row = session.get(ReassessmentRun, run_id)
        row.state, row.error, row.finished_at = "failed", repr(exc)[:500], utcnow()
        session.commit()
        raise


def _assess_all(pop: population.Population, incident: rules.Incident, policy_ids: list[str]) -> list:
    results: list = [None] * len(pop)
    groups: dict[str, list[int]] = {}
    for i, policy_id in enumerate(policy_ids):
        groups.setdefault(policy_id, []).append(i)
    for policy_id, indexes in groups.items():
        applied = assessments.policy(policy_id)
        claims = [pop.claims[i] for i in indexes]
        for i, result in zip(indexes, rules.assess_many(claims, incident, applied), strict=True):
            results[i] = result
    return results


def _run(session: Session, row: ReassessmentRun, progress) -> None:
    incident = get_incident(session, row.incident_id)
    version = incident.windows_version
    engine_incident = rules_incident(incident)
    pop = population.load(
        session,
        incident.id,
        statuses=population.OPEN_STATUSES,
        with_filed_at=population.needs_filed_at(incident),
    )
    policy_ids = [row.policy_id] * len(pop) if row.policy_id else pop.policy_ids
    results = _assess_all(pop, engine_incident, policy_ids)
    row.total = len(pop)
    table = Claim.__table__
    set_claim = (
        update(table)
        .where(table.c.id == bindparam("cid"))
        .values(
            amount_computed=bindparam("total"),
            flags=bindparam("new_flags"),
            policy_id=bindparam("pid"),
            version=table.c.version + 1,
            updated_at=bindparam("now"),
        )
    )
    note = f"reassessment {row.id}: windows version {version}" + (
        f", policy {row.policy_id}" if row.policy_id else ""
    )
    changed_ids: list[int] = []
    for begin in range(0, len(pop), CHUNK):
        now = utcnow()
        end = min(begin + CHUNK, len(pop))
        old_flags = {
            claim_id: flags
            for claim_id, flags in session.connection().execute(
                select(table.c.id, table.c.flags).where(table.c.id.in_(pop.ids[begin:end]))
            )
        }
        snapshots, claim_rows, events = [], [], []
        for i in range(begin, end):
            result, claim_id = results[i], pop.ids[i]
            applied = assessments.policy(policy_ids[i])
            flags = list(result.flags)
            snapshots.append(
                {
                    "claim_id": claim_id,
                    "policy_id": policy_ids[i],
                    "params_hash": applied.params_hash,
                    "windows_version": version,
                    "eligible": result.eligible,
                    "total": result.total,
                    "flags": flags,
                    "lines": [line.to_dict() for line in result.lines],
                    "created_at": now,
                    "note": note,
                }
            )
            if (
                result.total == pop.computed[i]
                and policy_ids[i] == pop.policy_ids[i]
                and flags == list(old_flags.get(claim_id) or [])
            ):
                # Same amount, flags and policy: the new snapshot says which windows version was checked; the
                # claim row (and so its version, which a reviewer's open form holds) stays as it is.
                continue
            changed_ids.append(claim_id)
            claim_rows.append(
                {"cid": claim_id, "total": result.total, "new_flags": flags, "pid": policy_ids[i], "now": now}
            )
            events.append(
                {
                    "at": now,
                    "actor_id": row.created_by_id,
                    "action": "claim.reassessed",
                    "object_type": "claim",
                    "object_id": str(claim_id),
                    "before": {"total": pop.computed[i], "policy": pop.policy_ids[i]},
                    "after": {
                        "total": result.total,
                        "policy": policy_ids[i],
                        "windows_version": version,
                        "run": row.id,
                    },
                }
            )
        if session.get_bind().dialect.name == "postgresql":
            _write_postgres(session, snapshots, claim_rows, events)
        else:
            session.execute(insert(Assessment), snapshots)
            if claim_rows:
                session.connection().execute(set_claim, claim_rows)
                session.execute(insert(AuditEvent), events)
        row.done = end
        row.changed = len(changed_ids)
        session.commit()
        if progress is not None:
            progress(row.done, row.total)
    _fix_flag_counts(session, changed_ids)
    if row.reason == "windows":
        row.decided_listed = _list_decided(session, row, engine_incident)
    row.state, row.finished_at = "done", utcnow()
    record(
        session,
        row.created_by_id,
        "reassessment.done",
        "reassessment",
        row.id,
        after={
            "reason": row.reason,
            "windows_version": version,
            "policy": row.policy_id,
            "claims": row.done,
            "changed": row.changed,
            "decided_listed": row.decided_listed,
        },
    )
    session.commit()


_SNAPSHOT_COLUMNS = (
    "claim_id",
    "policy_id",
    "params_hash",
    "windows_version",
    "eligible",
    "total",
    "flags",
    "lines",
    "created_at",
    "note",
)
_EVENT_COLUMNS = ("at", "actor_id", "action", "object_type", "object_id", "before", "after")
_JSON_COLUMNS = frozenset({"flags", "new_flags", "lines", "before", "after"})


def _copy(cursor, table: str, columns: tuple[str, ...], rows: list[dict]) -> None:
    dumps = json.dumps
    json_at = [n for n, c in enumerate(columns) if c in _JSON_COLUMNS]
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for data in rows:
            values = [data[c] for c in columns]
            for n in json_at:
                values[n] = dumps(values[n], ensure_ascii=False)
            copy.write_row(values)


def _write_postgres(
    session: Session, snapshots: list[dict], claim_rows: list[dict], events: list[dict]
) -> None:
    """The same rows as the portable path, through COPY: one round trip per table instead of a statement per
    row, and the claims updated from a temporary table in one statement."""
    cursor = session.connection().connection.driver_connection.cursor()
    _copy(cursor, "assessments", _SNAPSHOT_COLUMNS, snapshots)
    if not claim_rows:
        cursor.close()
        return
    _copy(cursor, "audit_events", _EVENT_COLUMNS, events)
    cursor.execute(
        "CREATE TEMP TABLE IF NOT EXISTS reassessed_claims (cid integer, total integer, new_flags json, "
        "pid text, now timestamptz) ON COMMIT DELETE ROWS"
    )
    _copy(cursor, "reassessed_claims", ("cid", "total", "new_flags", "pid", "now"), claim_rows)
    cursor.execute(
        "UPDATE claims SET amount_computed = r.total, flags = r.new_flags, policy_id = r.pid, "
        "version = claims.version + 1, updated_at = r.now FROM reassessed_claims r WHERE claims.id = r.cid"
    )
    cursor.close()


def _fix_flag_counts(session: Session, ids: list[int]) -> None:
    """flag_count is kept by an ORM hook that the bulk update bypasses: recount it where it is off."""
    table = Claim.__table__
    for begin in range(0, len(ids), CHUNK):
        chunk = ids[begin : begin + CHUNK]
        rows = session.execute(
            select(table.c.id, table.c.flags, table.c.signals, table.c.flag_count).where(
                table.c.id.in_(chunk)
            )
        )
        fixes = [
            {"cid": cid, "n": n}
            for cid, flags, signals, count in rows
            if (n := len(set(flags or ()) | set(signals or ()))) != count
        ]
        if fixes:
            session.connection().execute(
                update(table).where(table.c.id == bindparam("cid")).values(flag_count=bindparam("n")), fixes
            )
    session.commit()


def _list_decided(session: Session, row: ReassessmentRun, engine_incident: rules.Incident) -> int:
    pop = population.load(
        session,
        row.incident_id,
        statuses=tuple(sorted(DECIDED_STATUSES)),
        with_filed_at=engine_incident.closes_at is not None,
    )
    results = _assess_all(pop, engine_incident, pop.policy_ids)
    found = [
        {
            "run_id": row.id,
            "claim_id": pop.ids[i],
            "before": pop.computed[i],
            "after": result.total,
            "state": "pending",
            "note": "",
        }
        for i, result in enumerate(results)
        if result.total != pop.computed[i]
    ]
    if found:
        session.execute(insert(DecidedChange), found)
    return len(found)


# ---- the decided claims a correction would change --------------------------------------------------------


def pending_changes(session: Session, limit: int = 500) -> list[tuple[DecidedChange, Claim]]:
    query = (
        select(DecidedChange, Claim)
        .join(Claim, Claim.id == DecidedChange.claim_id)
        .where(DecidedChange.state == "pending")
        .order_by(DecidedChange.id)
        .limit(limit)
    )
    return [(change, claim) for change, claim in session.execute(query)]


def _pending(session: Session, change_id: int) -> DecidedChange:
    change = session.get(DecidedChange, change_id)
    if change is None:
        raise NotFound(_l("There is no such listed claim."))
    if change.state != "pending":
        raise NotAllowed(_l("This claim has already been dealt with."))
    return change


def reopen(session: Session, change_id: int, actor) -> Claim:
    """Send the decided claim back to the review queue, marked, with a new assessment under the current
    windows (its decision and earlier assessments stay in its history). Commits."""
    change = _pending(session, change_id)
    claim = session.get(Claim, change.claim_id)
    if claim.status not in REOPENABLE:
        raise NotAllowed(_l("A closed claim cannot be reopened; leave it with a note."))
    incident = get_incident(session, claim.incident_id)
    before = claim.status
    transition(claim, ClaimStatus.IN_REVIEW)
    claim.assigned_to_id = None
    claim.assigned_until = None
    if REOPENED not in (claim.signals or []):
        claim.signals = [*(claim.signals or []), REOPENED]  # the queue's flag filter finds it
    assessments.snapshot(
        session, claim, incident, note=f"reopened after windows version {incident.windows_version}"
    )
    change.state, change.resolved_at, change.resolved_by_id = "reopened", utcnow(), actor.id
    claim_event(
        session,
        actor.id,
        "claim.reopened_after_correction",
        claim,
        before={"status": before, "total": change.before},
        after={"status": claim.status, "total": claim.amount_computed},
    )
    session.commit()
    return claim


def leave(session: Session, change_id: int, note: str, actor) -> DecidedChange:
    """Keep the decision as it is, saying why. Commits."""
    note = (note or "").strip()
    if not note:
        raise InvalidInput(_l("Say why the decision stays as it is."), field="note")
    change = _pending(session, change_id)
    claim = session.get(Claim, change.claim_id)
    change.state, change.note, change.resolved_at, change.resolved_by_id = "left", note, utcnow(), actor.id
    claim_event(
        session,
        actor.id,
        "claim.left_after_correction",
        claim,
        before={"total": change.before},
        after={"would_be": change.after, "note": note},
    )
    session.commit()
    return change


def latest_runs(session: Session, limit: int = 10) -> list[ReassessmentRun]:
    return list(session.scalars(select(ReassessmentRun).order_by(ReassessmentRun.id.desc()).limit(limit)))
