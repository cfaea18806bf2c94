"""Uploads under pressure: parallel requests against the 10-file cap, a full disk, an unreachable store.

The cap is counted under a lock on the claim (SELECT … FOR UPDATE on PostgreSQL, SQLite's write lock), so
these tests are meaningful on both databases; run them with TEST_DATABASE_URL for PostgreSQL.
"""

from __future__ import annotations

import errno
import io
import threading
from pathlib import Path

import pytest
from claimant_helpers import start
from sqlalchemy import func, select

from claims import storage
from claims.db import get_session
from claims.errors import InvalidInput
from claims.models import AuditEvent, Claim, Evidence, User
from claims.services import evidence
from tests import samples
from tests.factories import make_claim

pytestmark = pytest.mark.usefixtures("any_store")


def _evidence_count(app, claim_id: int) -> int:
    with app.app_context():
        return get_session().scalar(
            select(func.count()).select_from(Evidence).where(Evidence.claim_id == claim_id)
        )


def test_parallel_uploads_cannot_pass_the_cap(app, session, incident, create_user):
    user = create_user()
    claim = make_claim(session, session.get(User, user.id), incident, status="draft", filed_at=None)
    claim_id, threads, per_request = claim.id, 5, 4
    barrier = threading.Barrier(threads)
    results: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    def one_request(n: int) -> None:
        try:
            with app.app_context():
                db = get_session()
                mine = db.get(Claim, claim_id)
                uploads = [
                    evidence.Upload(f"t{n}-{i}.png", io.BytesIO(samples.png(color=(n, i, 9))))
                    for i in range(per_request)
                ]
                barrier.wait(timeout=30)
                stored, rejected = evidence.add_files(db, mine, user.id, uploads)
                results.append((len(stored), len(rejected)))
        except BaseException as exc:  # noqa: BLE001 — reported by the main thread
            errors.append(exc)

    workers = [threading.Thread(target=one_request, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not errors, errors
    assert sum(kept for kept, _ in results) == evidence.MAX_FILES
    assert sum(refused for _, refused in results) == threads * per_request - evidence.MAX_FILES
    assert _evidence_count(app, claim_id) == evidence.MAX_FILES
    with app.app_context():
        rows = get_session().scalars(select(Evidence.stored_name).where(Evidence.claim_id == claim_id)).all()
        assert sorted(storage.current().list_keys()) == sorted(
            rows
        )  # no file without a row, no row without a file


def _full_disk_after(monkeypatch, good_files: int) -> None:
    """The disk fills up while writing the file after `good_files` whole ones (half of it is written)."""
    written = {"files": 0}
    real_write = storage.os.write

    def write(fd, data):
        if written["files"] >= good_files:
            real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, "No space left on device")
        written["files"] += 1
        return real_write(fd, data)

    monkeypatch.setattr(storage.os, "write", write)


def _store_unreachable(monkeypatch, good_files: int) -> None:
    calls = {"n": 0}
    real_put = storage.S3Storage.put

    def put(self, key, data, content_type="application/octet-stream"):
        calls["n"] += 1
        if calls["n"] > good_files:
            self.client.meta.events.register("before-send.s3.PutObject", _refuse)
        return real_put(self, key, data, content_type)

    monkeypatch.setattr(storage.S3Storage, "put", put)


def _refuse(**_kwargs):
    from botocore.exceptions import EndpointConnectionError

    raise EndpointConnectionError(endpoint_url="http://127.0.0.1:1")


def test_a_full_disk_keeps_nothing_and_says_so(
    app, client, create_user, login, incident, any_store, monkeypatch
):
    login(create_user().email)
    reference = start(client, "user")
    if any_store == "folder":
        _full_disk_after(monkeypatch, good_files=1)
        expected = "디스크가 가득 차서 아무것도 저장하지 않았습니다"
    else:
        _store_unreachable(monkeypatch, good_files=1)
        expected = "파일 저장소가 응답하지 않아 아무것도 저장하지 않았습니다"
    response = client.post(
        f"/my/claims/{reference}/edit/evidence",
        data={
            "files": [(io.BytesIO(samples.PNG), "a.png"), (io.BytesIO(samples.JPEG), "b.jpg")],
            "action": "upload",
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and expected in body
    with app.app_context():
        db = get_session()
        claim = db.scalar(select(Claim).where(Claim.reference == reference))
        assert claim.evidence == []
        assert (
            db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "evidence.add"))
            == 0
        )
        assert list(storage.current().list_keys()) == []  # the first, whole file was removed again
    leftovers = [p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()]
    assert leftovers == []  # no .part file either


def test_a_failed_commit_removes_the_files_it_stored(app, session, incident, create_user, monkeypatch):
    user = create_user()
    claim = make_claim(session, session.get(User, user.id), incident, status="draft", filed_at=None)

    def broken_commit():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(session, "commit", broken_commit)
    with pytest.raises(RuntimeError):
        evidence.add_files(session, claim, user.id, [evidence.Upload("a.png", io.BytesIO(samples.PNG))])
    monkeypatch.undo()
    assert list(storage.current().list_keys()) == []
    assert _evidence_count(app, claim.id) == 0


def test_a_full_disk_during_an_appeal_is_a_clear_error(
    app, session, incident, create_user, monkeypatch, any_store
):
    if any_store != "folder":
        pytest.skip("a full disk is a folder's fault; the S3 path is covered by the test above")
    user = create_user()
    claim = make_claim(session, session.get(User, user.id), incident, status="draft", filed_at=None)
    _full_disk_after(monkeypatch, good_files=0)
    with app.test_request_context(headers={"Accept-Language": "en"}), pytest.raises(InvalidInput) as caught:
        evidence.stage_files(session, claim, user.id, [evidence.Upload("a.png", io.BytesIO(samples.PNG))])
    assert "The disk is full, nothing was saved" in str(caught.value) and caught.value.field == "files"
    assert list(storage.current().list_keys()) == []
