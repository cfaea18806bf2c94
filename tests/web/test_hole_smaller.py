"""Issue 10, hole 6: at least one admin under concurrent demotions, error pages without the database,
no-store for signed-in responses, readiness checks (weak SECRET_KEY and VERIFY_RATE_LIMIT: test_config.py)."""

from __future__ import annotations

import contextlib
import os
import threading

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import sessionmaker

from claims.db import get_session
from claims.errors import NotAllowed
from claims.models import User
from claims.services import accounts

UNREACHABLE_DB = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=2"


def test_two_admins_demoting_each_other_at_once_leave_one_admin(app, create_user, monkeypatch):
    first, second = create_user(role="admin"), create_user(role="admin")
    # Both requests reach their audit entry before either commits (as two servers could): without a lock
    # both demotions succeed. The barrier gives up after a moment when the other request is waiting on a lock.
    barrier = threading.Barrier(2)
    original_record = accounts.record

    def record_together(*args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=3)
        return original_record(*args, **kwargs)

    monkeypatch.setattr(accounts, "record", record_together)
    outcomes: dict[str, str] = {}

    def demote(actor_id: int, target_id: int, name: str) -> None:
        with app.app_context():
            session = get_session()
            try:
                accounts.update_role(session, session.get(User, actor_id), target_id, "reviewer", True)
                outcomes[name] = "demoted"
            except NotAllowed:
                outcomes[name] = "refused"

    threads = [
        threading.Thread(target=demote, args=(first.id, second.id, "first demotes second")),
        threading.Thread(target=demote, args=(second.id, first.id, "second demotes first")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with app.app_context():
        admins = get_session().scalar(select(func.count()).where(User.role == "admin", User.active.is_(True)))
    assert admins == 1, outcomes
    assert sorted(outcomes.values()) == ["demoted", "refused"]


def test_the_last_admin_cannot_be_deactivated_by_another_path(app, client, create_user, login):
    admin, other = create_user(role="admin"), create_user(role="admin")
    login(admin.email)
    assert client.post(f"/admin/users/{other.id}", data={"role": "admin"}).status_code == 302  # deactivated
    with app.app_context():
        assert get_session().get(User, other.id).active is False
    refused = client.post(
        f"/admin/users/{admin.id}", data={"role": "reviewer", "active": "1"}, follow_redirects=True
    )
    assert "자신의 관리자 권한은 해제할 수 없습니다" in refused.get_data(as_text=True)


def _database_goes_down(app) -> None:
    app.extensions["db_sessionmaker"] = sessionmaker(create_engine(UNREACHABLE_DB), expire_on_commit=False)
    app.extensions["db_engine_backup"] = app.extensions["db_engine"]
    app.extensions["db_engine"] = create_engine(UNREACHABLE_DB)


def test_with_the_database_down_a_signed_in_user_gets_the_portals_own_page(app, client, create_user, login):
    login(create_user().email)
    _database_goes_down(app)
    try:
        response = client.get("/my/claims")
        body = response.get_data(as_text=True)
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        assert "잠시 서비스를 이용할 수 없습니다" in body and "장애 피해 보상 청구 포털" in body
        assert client.get("/healthz").status_code == 200  # liveness: the process is fine
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.get_json()["checks"]["database"] == "unavailable"
    finally:
        app.extensions["db_engine"].dispose()
        app.extensions["db_engine"] = app.extensions.pop("db_engine_backup")


def test_readyz_checks_the_database_and_redis(app, client):
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json() == {"status": "ready", "checks": {"database": "ok"}}
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    down = client.get("/readyz")
    assert down.status_code == 503 and down.get_json()["checks"]["redis"] == "unavailable"


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL is not set")
def test_readyz_with_a_live_redis(app, client):
    app.config["REDIS_URL"] = os.environ["TEST_REDIS_URL"]
    assert client.get("/readyz").get_json()["checks"]["redis"] == "ok"


def test_signed_in_pages_and_files_are_not_stored_by_caches(
    app, client, create_user, login, incident, session
):
    from claims.models import PayoutBatch
    from claims.services import review
    from tests.factories import make_claim

    claim = make_claim(session, session.get(User, create_user().id), incident)
    reviewer = session.get(User, create_user(role="reviewer").id)
    lines = [review.LineDecision(line["index"], "accepted") for line in claim.latest_assessment.lines]
    review.decide(session, claim, reviewer, claim.version, lines)

    anonymous = client.get("/")
    assert "no-store" not in anonymous.headers.get("Cache-Control", "")
    login(create_user(role="supervisor").email)
    for path in ("/", "/review/", "/oversight/payouts", "/review/approvals", f"/review/claims/{claim.id}"):
        response = client.get(path)
        assert response.headers.get("Cache-Control") == "no-store", path
    client.post("/oversight/payouts/export")
    batch = session.query(PayoutBatch).one()
    payout_file = client.get(f"/oversight/payouts/{batch.id}.csv")
    assert payout_file.mimetype == "text/csv" and payout_file.headers["Cache-Control"] == "no-store"
    with client.get("/static/css/app.css") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")
