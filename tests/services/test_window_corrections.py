"""Window corrections: the impact preview against hand-computed amounts, saving a version, reassessing the
open claims (old assessments kept), and listing (never changing) the decided claims."""

from __future__ import annotations

import os
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from claims.errors import InvalidInput
from claims.models import Assessment, AuditEvent, Claim, DecidedChange, WindowVersion
from claims.services import reassess, windows
from claims.services.incidents import get_incident
from tests.factories import make_claim

KST = timezone(timedelta(hours=9))
OLD_END = datetime(2022, 10, 16, 14, 0, tzinfo=KST)
NEW_END = datetime(2022, 10, 16, 12, 0, tzinfo=KST)

SUBSCRIPTION = [{"kind": "subscription", "service": "kakao_t_taxi", "monthly_fee": 39000}]


def ride(ended_at: str, fare: int) -> list[dict]:
    return [
        {
            "kind": "unpaid_fares",
            "rides": [{"started_at": "2022-10-15T15:00", "ended_at": ended_at, "fare": fare}],
        }
    ]


@pytest.fixture
def population(session, people, incident):
    incident = get_incident(session, incident.id)
    claimant = people["claimant"]
    claims = {
        # inside the shortened window: 22.5 h → 20.5 h of full outage
        "inside": make_claim(session, claimant, incident, items=SUBSCRIPTION),
        # paid at 13:00 on 16 Oct: inside the window before, outside after (kakaopay was back at 10:30)
        "across": make_claim(session, claimant, incident, items=ride("2022-10-16T13:00", 20000)),
        # paid at 16:00 on 15 Oct: inside before and after
        "outside": make_claim(session, claimant, incident, items=ride("2022-10-15T16:00", 7000)),
        # another service altogether: not touched
        "other": make_claim(
            session,
            claimant,
            incident,
            claimant_type="user",
            items=[{"kind": "subscription", "service": "daum_mail", "monthly_fee": 9900}],  # capped: flagged
        ),
        "decided": make_claim(
            session,
            claimant,
            incident,
            items=SUBSCRIPTION,
            status="decided",
            decision="approved",
            amount_approved=11790,
        ),
    }
    return incident, claims


def shortened(incident) -> windows.Proposal:
    proposal = windows.current_windows(incident)
    (window,) = proposal["kakao_t_taxi"]
    proposal["kakao_t_taxi"] = [windows.ProposedWindow(window.start, NEW_END, "full")]
    return proposal


def test_preview_matches_hand_computed_amounts_and_writes_nothing(session, population):
    incident, claims = population
    assert claims["inside"].amount_computed == 11_790  # 39,000 × 22.5 / 744 × 10
    before_rows = session.scalar(select(func.count(Assessment.id)))

    impact = windows.preview(session, incident, shortened(incident))

    # 39,000 × 20.5 / 744 × 10 = 10,745.97 → 10,750; the 13:00 ride no longer counts, the 16:00 one does
    assert impact.considered == 4  # the daum_mail claim is not touched
    assert impact.changed == 3 and impact.down == 3 and impact.up == 0 and impact.to_zero == 1
    assert impact.decided_changed == 1
    by_ref = {c.reference: (c.before, c.after) for c in impact.largest}
    assert by_ref == {
        claims["across"].reference: (20_000, 0),
        claims["inside"].reference: (11_790, 10_750),
        claims["decided"].reference: (11_790, 10_750),
    }
    assert [c.reference for c in impact.largest][0] == claims["across"].reference
    taxi = dict((t, (b, a)) for t, b, a in impact.per_type)["taxi_driver"]
    assert taxi == (11_790 + 20_000 + 7_000 + 11_790, 10_750 + 0 + 7_000 + 10_750)
    heads = {k: (b, a) for k, b, a in impact.per_head}
    assert heads["subscription"] == (23_580, 21_500) and heads["unpaid_fares"] == (27_000, 7_000)
    session.rollback()
    assert session.scalar(select(func.count(Assessment.id))) == before_rows
    assert get_incident(session, incident.id).windows_version == 1


def test_save_makes_a_version_reassesses_open_claims_and_lists_decided_ones(session, population, people):
    incident, claims = population
    supervisor = people["supervisor"]
    version = windows.save(
        session, incident, shortened(incident), "notice of 16 Oct", "KBS 5580046", supervisor.id
    )
    assert version.version == 2
    assert version.changes == [
        {
            "service": "kakao_t_taxi",
            "action": "removed",
            "start": "2022-10-15T06:30:00+00:00",
            "end": "2022-10-16T05:00:00+00:00",
            "level": "full",
        },
        {
            "service": "kakao_t_taxi",
            "action": "added",
            "start": "2022-10-15T06:30:00+00:00",
            "end": "2022-10-16T03:00:00+00:00",
            "level": "full",
        },
    ]
    assert [v.version for v in windows.versions(session, incident.id)] == [2, 1]  # the loaded state is kept

    run = reassess.start(session, get_incident(session, incident.id), "windows", supervisor.id)
    session.expire_all()
    run = session.get(type(run), run.id)
    assert run.state == "done" and run.total == 4 and run.done == 4 and run.decided_listed == 1

    inside = session.get(Claim, claims["inside"].id)
    assert inside.amount_computed == 10_750
    assert [(a.total, a.windows_version) for a in inside.assessments] == [(11_790, 1), (10_750, 2)]
    assert session.get(Claim, claims["across"].id).amount_computed == 0
    other = session.get(Claim, claims["other"].id)
    assert other.flags == ["MANUAL_REVIEW"] and other.latest_assessment.windows_version == 2
    decided = session.get(Claim, claims["decided"].id)
    assert decided.amount_computed == 11_790 and decided.status == "decided"  # never changed silently
    assert len(decided.assessments) == 1
    (listed,) = session.scalars(select(DecidedChange)).all()
    assert (listed.claim_id, listed.before, listed.after, listed.state) == (
        decided.id,
        11_790,
        10_750,
        "pending",
    )
    # every open claim has a new snapshot; only the two whose amount changed have a changed row and an event
    assert run.changed == 2
    assert (
        session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "claim.reassessed")) == 2
    )

    # the supervisor reopens it: back to the queue, marked, with a new assessment
    reassess.reopen(session, listed.id, supervisor)
    decided = session.get(Claim, claims["decided"].id)
    assert decided.status == "in_review" and decided.amount_computed == 10_750
    assert reassess.REOPENED in decided.signals
    assert decided.amount_approved == 11_790  # the decision stays on record until a reviewer decides again


def test_leaving_a_decided_claim_needs_a_note(session, population, people):
    incident, claims = population
    windows.save(session, incident, shortened(incident), "notice", "KBS", people["supervisor"].id)
    reassess.start(session, get_incident(session, incident.id), "windows", people["supervisor"].id)
    listed = session.scalars(select(DecidedChange)).one()
    with pytest.raises(InvalidInput):
        reassess.leave(session, listed.id, "  ", people["supervisor"])
    reassess.leave(session, listed.id, "Paid in full already; difference is 1,040 KRW.", people["supervisor"])
    assert session.get(DecidedChange, listed.id).state == "left"
    assert session.get(Claim, claims["decided"].id).status == "decided"


def test_save_needs_reason_and_source_and_a_valid_change(session, population, people):
    incident, _claims = population
    with pytest.raises(InvalidInput) as missing:
        windows.save(session, incident, shortened(incident), "", "KBS", people["supervisor"].id)
    assert missing.value.field == "reason"
    with pytest.raises(InvalidInput):
        windows.save(
            session, incident, windows.current_windows(incident), "why", "KBS", people["supervisor"].id
        )
    proposal = windows.current_windows(incident)
    start = proposal["kakao_t_taxi"][0].start
    proposal["kakao_t_taxi"].append(windows.ProposedWindow(start, NEW_END, "partial"))
    with pytest.raises(InvalidInput) as overlap:
        windows.preview(session, incident, proposal)
    assert "overlaps" in str(overlap.value)
    assert session.scalar(select(func.count(WindowVersion.id))) == 0


def test_any_two_versions_compare(session, population, people):
    incident, claims = population
    windows.save(session, incident, shortened(incident), "notice", "KBS", people["supervisor"].id)
    incident = get_incident(session, incident.id)
    impact = windows.compare_versions(session, incident, 1, 2)
    assert impact.changed == 3
    back = windows.compare_versions(session, incident, 2, 1)
    assert back.up == 3


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_with_redis_the_reassessment_waits_for_a_worker(session, population, people, app, monkeypatch):
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import SimpleWorker

    from claims import jobs

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must provide Redis at {REDIS_URL}: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL} ({exc})")
    monkeypatch.setattr(jobs, "QUEUE", f"claims-test-{uuid.uuid4().hex[:8]}")
    app.config.update(REDIS_URL=REDIS_URL, JOBS_INLINE=False)
    incident, claims = population
    queue = jobs.queue()
    try:
        windows.save(session, incident, shortened(incident), "notice", "KBS", people["supervisor"].id)
        run = reassess.start(session, get_incident(session, incident.id), "windows", people["supervisor"].id)
        assert queue.count == 1 and session.get(type(run), run.id).state == "queued"
        assert session.get(Claim, claims["inside"].id).amount_computed == 11_790  # nothing ran yet
        assert SimpleWorker([queue], connection=queue.connection).work(burst=True)
        session.expire_all()
        assert session.get(type(run), run.id).state == "done"
        assert session.get(Claim, claims["inside"].id).amount_computed == 10_750
    finally:
        queue.delete(delete_jobs=True)
        jobs.connection().close()
