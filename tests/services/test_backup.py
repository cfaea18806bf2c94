"""`flask backup` and `flask restore`: every row and every stored file comes back, checked by hash.

Runs on the suite's database (SQLite, or PostgreSQL with TEST_DATABASE_URL) and on both stores.
"""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest
from sqlalchemy import create_engine, func, select

from claims import create_app, storage
from claims.db import Base, get_session
from claims.services import accounts

pytestmark = pytest.mark.usefixtures("any_store")


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
        }
    engine.dispose()
    return counts


def _files(app) -> dict[str, str]:
    with app.app_context():
        store = storage.current()
        return {key: hashlib.sha256(store.get(key)).hexdigest() for key in store.list_keys()}


def _wipe(app, url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    engine.dispose()
    with app.app_context():
        store = storage.current()
        for key in list(store.list_keys()):
            store.delete(key)


@pytest.fixture
def seeded(app, runner, database_url):
    result = runner.invoke(args=["seed-demo", "--claims", "15"])
    assert result.exit_code == 0, result.output
    counts = _counts(database_url)
    assert counts["claims"] == 15 and counts["letters"] > 0 and counts["evidence"] > 0
    return counts, _files(app)


def test_a_backup_restores_every_row_and_file(app, runner, database_url, seeded, tmp_path):
    counts, files = seeded
    folder = tmp_path / "backup"
    made = runner.invoke(args=["backup", str(folder)])
    assert made.exit_code == 0, made.output
    manifest = json.loads((folder / "manifest.json").read_text())
    assert {name: t["rows"] for name, t in manifest["tables"].items()} == counts
    assert {key: f["sha256"] for key, f in manifest["files"].items()} == files
    assert any(key.startswith("letters/") for key in files)

    _wipe(app, database_url)
    restored = runner.invoke(args=["restore", str(folder)])
    assert restored.exit_code == 0, restored.output
    assert _counts(database_url) == counts
    assert _files(app) == files
    with app.app_context():  # the ids go on from the restored rows (PostgreSQL sequences were reset)
        accounts.create_user(get_session(), email="new@example.com", password="password123", display_name="N")


def test_restore_refuses_a_database_or_store_that_is_not_empty(runner, database_url, seeded, tmp_path):
    counts, _files_before = seeded
    folder = tmp_path / "backup"
    assert runner.invoke(args=["backup", str(folder)]).exit_code == 0
    refused = runner.invoke(args=["restore", str(folder)])
    assert refused.exit_code != 0 and "not empty" in refused.output and "--force" in refused.output
    forced = runner.invoke(args=["restore", "--force", str(folder)])
    assert forced.exit_code == 0, forced.output
    assert _counts(database_url) == counts
    again = runner.invoke(args=["backup", str(folder)])
    assert again.exit_code != 0 and "not empty" in again.output  # a backup never overwrites another


def test_a_damaged_backup_is_refused_before_anything_is_touched(app, runner, database_url, seeded, tmp_path):
    counts, files = seeded
    folder = tmp_path / "backup"
    assert runner.invoke(args=["backup", str(folder)]).exit_code == 0
    victim = next(p for p in (folder / "files").rglob("*") if p.is_file())
    victim.write_bytes(victim.read_bytes() + b"!")
    refused = runner.invoke(args=["restore", "--force", str(folder)])
    assert refused.exit_code != 0 and "damaged" in refused.output
    assert _counts(database_url) == counts and _files(app) == files  # nothing was touched
    (folder / "manifest.json").unlink()
    unfinished = runner.invoke(args=["restore", str(folder)])
    assert unfinished.exit_code != 0 and "not a finished backup" in unfinished.output


def test_a_backup_restores_into_a_new_sqlite_database(app_config, runner, seeded, tmp_path, any_store):
    """A new machine: an empty SQLite file (the schema is created) and an empty store."""
    counts, files = seeded
    folder = tmp_path / "backup"
    assert runner.invoke(args=["backup", str(folder)]).exit_code == 0
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    config = {**app_config, "DATABASE_URL": url, "UPLOAD_DIR": str(tmp_path / "new-store")}
    if any_store == "s3":
        config["STORAGE_URL"] = f"{app_config['STORAGE_URL']}-new-{uuid.uuid4().hex[:6]}"
    fresh = create_app(config)
    restored = fresh.test_cli_runner().invoke(args=["restore", str(folder)])
    fresh.extensions["db_engine"].dispose()
    assert restored.exit_code == 0, restored.output
    assert _counts(url) == counts
    assert _files(fresh) == files


def test_the_store_check_finds_orphans_and_missing_files(app, runner, seeded):
    from claims import backup
    from claims.models import Evidence

    with app.app_context():
        store = storage.current()
        store.put("0" * 32 + ".png", b"left by a stopped process", "image/png")
        victim = get_session().scalar(select(Evidence.stored_name).limit(1))
        kept = store.get(victim)
        store.delete(victim)
    report = runner.invoke(args=["check-store"])
    assert report.exit_code == 1 and "1 rows without their file, 1 files without a row" in report.output
    with app.app_context():
        storage.current().put(victim, kept, "image/png")
        young = runner.invoke(args=["check-store", "--delete-orphans"])
        assert "0 deleted" in young.output  # younger than an hour: may belong to a request about to commit
        found = backup.check_store(get_session().connection(), storage.current(), delete_older_than=0)
        assert found.deleted == ["0" * 32 + ".png"] and found.missing == []
    assert runner.invoke(args=["check-store"]).exit_code == 0
