"""Background jobs: inline without Redis; on a real Redis, enqueued and run by an in-process RQ worker."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import func, select

from claims import jobs
from claims.models import Claim, Letter
from claims.services import letters
from tests.letters_factories import decided_claim, make_users

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def claimant(session):
    return make_users(session, claimant={"display_name": "김민준"})["claimant"]


def test_without_redis_a_job_runs_at_once(session, incident, claimant, app):
    app.config["REDIS_URL"] = None
    claim = decided_claim(session, claimant, incident)
    assert not jobs.queued_in_background() and jobs.queued_count() is None
    letter = jobs.enqueue(letters.JOB, claim.id)
    assert isinstance(letter, Letter) and letter.claim_id == claim.id


def test_run_job_opens_its_own_app_context_and_session(session, incident, claimant):
    claim = decided_claim(session, claimant, incident)
    letter_id = jobs.run_job(letters.JOB, claim.id).id
    session.expire_all()
    assert session.get(Letter, letter_id).claim_id == claim.id
    assert session.get(Claim, claim.id).status == "letter_issued"


def test_jobs_inline_setting_wins_over_redis(session, incident, claimant, app):
    app.config.update(REDIS_URL="redis://127.0.0.1:1/0", JOBS_INLINE=True)
    claim = decided_claim(session, claimant, incident)
    assert isinstance(jobs.enqueue(letters.JOB, claim.id), Letter)


@pytest.fixture
def redis_queue(app, monkeypatch):
    """A private queue on the local Redis; skipped when there is none (but CI must have one)."""
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must provide Redis at {REDIS_URL}: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL} ({exc}); start redis-server to run this test")
    monkeypatch.setattr(jobs, "QUEUE", f"claims-test-{uuid.uuid4().hex[:8]}")
    app.config.update(REDIS_URL=REDIS_URL, JOBS_INLINE=False)
    with app.app_context():
        queue = jobs.queue()
        yield queue
        queue.delete(delete_jobs=True)
        jobs.connection().close()


def test_with_redis_the_job_waits_for_a_worker(session, incident, claimant, redis_queue):
    from rq import SimpleWorker

    claims = [decided_claim(session, claimant, incident) for _ in range(2)]
    count, background = letters.issue_pending(session, None)
    assert (count, background) == (2, True)
    assert redis_queue.count == 2 and letters.progress(session).queued == 2
    assert session.scalar(select(func.count()).select_from(Letter)) == 0  # nothing runs until a worker does

    worked = SimpleWorker([redis_queue], connection=redis_queue.connection).work(burst=True)
    assert worked
    session.expire_all()
    assert redis_queue.count == 0
    for claim in claims:
        assert session.get(Claim, claim.id).status == "letter_issued"
        assert letters.current_letter(session, session.get(Claim, claim.id)) is not None
    assert letters.progress(session).pending == 0
