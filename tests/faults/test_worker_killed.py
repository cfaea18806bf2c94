"""A worker killed in the middle of a letter job: the job is retried and the claimant ends with exactly one
letter and one e-mail. A real RQ worker process (claims.jobs.AppWorker, as `make worker` runs it) on Redis:
the horse that runs the jobs is killed, the worker replaces it and fails the job so that it is retried."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from sqlalchemy import func, select

from claims import jobs, storage
from claims.models import AuditEvent, Claim, Letter
from claims.services import letters
from tests.faults.conftest import ROOT, worker_env
from tests.letters_factories import decided_claim, make_users


def _wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.parametrize("stage", ["before_commit", "before_mail"])
def test_a_killed_letter_job_is_retried_and_sends_one_letter_and_one_mail(
    app, session, incident, redis_queue_name, database_url, tmp_path, stage
):
    claimant = make_users(session, claimant={"display_name": "김민준"})["claimant"]
    claim = decided_claim(session, claimant, incident)
    marker = tmp_path / "horse.pid"
    env = worker_env(
        database_url,
        redis_queue_name,
        INSTANCE_PATH=str(Path(app.config["MAIL_OUTBOX"]).parent),  # its outbox is the test app's
        UPLOAD_DIR=app.config["UPLOAD_DIR"],
        SERVER_NAME="localhost",
        FAULT_MARKER=str(marker),
        FAULT_STAGE=stage,
    )
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "faults" / "letter_worker.py")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        jobs.enqueue(letters.JOB, claim.id)
        horse = int(_wait_for(lambda: marker.exists() and marker.read_text(), 60, "the job to start"))
        os.kill(horse, signal.SIGKILL)

        def issued():
            session.expire_all()
            return session.get(Claim, claim.id).status == "letter_issued" and _told(session, claim.id)

        _wait_for(issued, 60, "the retried job to issue the letter")
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        _out, errors = worker.communicate(timeout=30)
    assert b"Work-horse terminated unexpectedly" in errors  # the worker saw the kill
    letters_of_claim = session.scalars(select(Letter).where(Letter.claim_id == claim.id)).all()
    assert len(letters_of_claim) == 1
    mails = [
        message_from_bytes(path.read_bytes(), policy=default)
        for path in Path(app.config["MAIL_OUTBOX"]).glob("*.eml")
    ]
    assert len([m for m in mails if claim.reference in m["Subject"]]) == 1
    issue_events = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "letter.issue")
    assert session.scalar(issue_events) == 1
    stored = storage.current().get(letters_of_claim[0].stored_name)
    assert stored == letters_of_claim[0].pdf


def _told(session, claim_id: int) -> bool:
    letter = session.scalar(select(Letter).where(Letter.claim_id == claim_id))
    return letter is not None and letters._told(session, letter)
