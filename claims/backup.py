"""Backups that restore: every table, the evidence files and letters, and a manifest of sha256 hashes.

`flask --app app backup DIR` reads the database in one snapshot (PostgreSQL: a REPEATABLE READ, read-only
transaction; SQLite: an online copy made with SQLite's backup API), copies the stored file of every evidence
and letter row of that snapshot (objects are written once and never changed, so the portal can keep running),
and writes the manifest last: a folder without `manifest.json` is not a backup.

The dump is one JSON-lines file per table, with values written by column type (dates, bytes), so it restores
on either database (a way to move from SQLite to PostgreSQL, too): `flask --app app restore DIR` checks every
hash first, creates the schema in an empty database, then loads the rows and the files. It refuses a
database or store that holds anything unless told (`--force` empties both first). A backup restores with the
version of the portal that made it (the same schema revision); upgrade after restoring.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Column, Table, bindparam, create_engine, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine

from claims import migrate
from claims.db import Base
from claims.storage import Storage

FORMAT = 1
BATCH = 1000
# Tables whose rows point at a stored file: table → (column with the key, column with the file's sha256).
FILE_COLUMNS = {"evidence": ("stored_name", "sha256"), "letters": ("stored_name", "sha256")}


class BackupError(Exception):
    """The backup cannot be made or restored as asked; the message says why."""


@dataclass(frozen=True)
class Summary:
    tables: dict[str, int]
    files: int
    folder: Path


# ---- values by column type ---------------------------------------------------------------------------------


def _kind(column: Column) -> str | None:
    kind = column.type
    kind = getattr(kind, "impl_instance", kind)  # a TypeDecorator (UTCDateTime) by what it stores
    try:
        python_type = kind.python_type
    except NotImplementedError:
        return None
    return {datetime: "datetime", date: "date", bytes: "bytes"}.get(python_type)


def _encode(kind: str | None, value):
    if value is None or kind is None:
        return value
    if kind == "datetime":
        return value.astimezone(UTC).isoformat()
    if kind == "date":
        return value.isoformat()
    return base64.b64encode(value).decode("ascii")


def _decode(kind: str | None, value):
    if value is None or kind is None:
        return value
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    return base64.b64decode(value)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


# ---- backup ------------------------------------------------------------------------------------------------


@contextmanager
def _snapshot(url: str) -> Iterator[tuple[Connection, str]]:
    """One connection that sees a single consistent state of the database, and the dialect's name."""
    if url.startswith("sqlite"):
        source = create_engine(url)
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "snapshot.sqlite3"
            raw = source.raw_connection()
            try:
                target = sqlite3.connect(copy)
                raw.driver_connection.backup(target)  # SQLite's online backup: a consistent copy
                target.close()
            finally:
                raw.close()
                source.dispose()
            engine = create_engine(f"sqlite:///{copy}")
            try:
                with engine.connect() as conn:
                    yield conn, "sqlite"
            finally:
                engine.dispose()
        return
    engine = create_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            conn.execute(text("SET TRANSACTION READ ONLY"))
            yield conn, engine.dialect.name
    finally:
        engine.dispose()


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _copy_files(conn: Connection, store: Storage, files_dir: Path) -> tuple[dict, set[tuple[str, str]]]:
    """Copy each file the snapshot's rows point at; return the manifest entries and the rows with no file."""
    entries: dict[str, dict] = {}
    vanished: set[tuple[str, str]] = set()
    for table_name, (key_column, hash_column) in FILE_COLUMNS.items():
        table = Base.metadata.tables[table_name]
        rows = conn.execute(
            select(table.c[key_column], table.c[hash_column]).where(table.c[key_column].is_not(None))
        )
        for key, expected in rows:
            try:
                data = store.get(key)
            except KeyError:
                vanished.add((table_name, key))  # deleted since the snapshot (a discarded draft), or lost
                continue
            digest = hashlib.sha256(data).hexdigest()
            if digest != expected:
                raise BackupError(f"{key} in the store does not match its row's sha256: the store is damaged")
            target = files_dir / key
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            entries[key] = {"sha256": digest, "size": len(data)}
    return entries, vanished


def _dump_table(conn: Connection, table: Table, path: Path, skip: Callable[[dict], bool]) -> int:
    columns = list(table.columns)
    kinds = [_kind(c) for c in columns]
    order = [c for c in table.primary_key.columns] or columns
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"columns": [c.name for c in columns]}) + "\n")
        result = conn.execution_options(yield_per=BATCH).execute(select(*columns).order_by(*order))
        for row in result:
            mapping = row._mapping
            if skip(mapping):
                continue
            values = [_encode(kind, mapping[c.name]) for kind, c in zip(kinds, columns, strict=True)]
            out.write(json.dumps(values, ensure_ascii=False) + "\n")
            count += 1
    return count


def backup(url: str, store: Storage, folder: Path, *, live_keys: Callable[[str, str], bool]) -> Summary:
    """Write a backup of the database at `url` and of the store into `folder` (new or empty).

    `live_keys(table, key)` says whether a row with that stored file still exists now: a file missing from
    the store is fine only for a row deleted since the snapshot (its row is then left out of the backup).
    """
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give a new folder for each backup")
    (folder / "database").mkdir(parents=True, exist_ok=True)
    files_dir = folder / "files"
    files_dir.mkdir(exist_ok=True)
    tables: dict[str, dict] = {}
    with _snapshot(url) as (conn, dialect):
        revision = _revision(conn)
        if revision is None:
            raise BackupError("the database has no schema yet (run `flask --app app db upgrade`)")
        files, vanished = _copy_files(conn, store, files_dir)
        lost = sorted(key for table, key in vanished if live_keys(table, key))
        if lost:
            raise BackupError(
                f"{len(lost)} stored files are missing from {store.describe()}: {', '.join(lost[:5])}"
            )
        gone = {key for _table, key in vanished}
        for table in _tables():
            key_column = FILE_COLUMNS.get(table.name, (None,))[0]

            def skip(mapping, key_column=key_column, gone=gone) -> bool:
                return key_column is not None and mapping[key_column] in gone

            path = folder / "database" / f"{table.name}.jsonl"
            rows = _dump_table(conn, table, path, skip)
            tables[table.name] = {"rows": rows, "sha256": _sha256_file(path)}
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "revision": revision,
        "database": dialect,
        "store": store.describe(),
        "tables": tables,
        "files": files,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return Summary({name: t["rows"] for name, t in tables.items()}, len(files), folder)


# ---- restore -----------------------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    """The manifest, once every table dump and file has been checked against it."""
    path = Path(folder) / "manifest.json"
    if not path.is_file():
        raise BackupError(f"{folder} has no manifest.json: it is not a finished backup")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    problems = []
    for name, entry in manifest["tables"].items():
        dump = Path(folder) / "database" / f"{name}.jsonl"
        if not dump.is_file() or _sha256_file(dump) != entry["sha256"]:
            problems.append(f"database/{name}.jsonl")
    for key, entry in manifest["files"].items():
        stored = Path(folder) / "files" / key
        if not stored.is_file() or _sha256_file(stored) != entry["sha256"]:
            problems.append(f"files/{key}")
    if problems:
        raise BackupError(f"the backup is damaged (missing or changed: {', '.join(problems[:5])})")
    return manifest


def _row_counts(conn: Connection) -> dict[str, int]:
    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in _tables()}


def _empty(engine: Engine, store: Storage) -> None:
    with engine.begin() as conn:
        for table in reversed(_tables()):
            conn.execute(table.delete())
    for key in list(store.list_keys()):
        store.delete(key)


def _load_table(conn: Connection, table: Table, path: Path) -> int:
    # A column that points into its own table (a decision's parent) is filled in after every row is in: the
    # rows' order in the dump need not put each parent before its children.
    own = [c for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)]
    (key,) = table.primary_key.columns if own else (None,)
    links: list[dict] = []
    with path.open(encoding="utf-8") as dump:
        names = json.loads(dump.readline())["columns"]
        columns = [table.c[name] for name in names if name in table.c]
        kinds = {c.name: _kind(c) for c in columns}
        batch, count = [], 0
        for line in dump:
            values = dict(zip(names, json.loads(line), strict=True))
            row = {c.name: _decode(kinds[c.name], values[c.name]) for c in columns}
            if own and any(row.get(c.name) is not None for c in own):
                links.append({"_key": row[key.name], **{f"_{c.name}": row[c.name] for c in own}})
                row.update({c.name: None for c in own})
            batch.append(row)
            if len(batch) >= BATCH:
                conn.execute(table.insert(), batch)
                count, batch = count + len(batch), []
        if batch:
            conn.execute(table.insert(), batch)
            count += len(batch)
    if links:
        update = table.update().where(key == bindparam("_key"))
        conn.execute(update.values({c.name: bindparam(f"_{c.name}") for c in own}), links)
    return count


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: the next id of each table follows the restored rows."""
    if conn.dialect.name != "postgresql":
        return
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].type.python_type is int:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                    f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"
                )
            )


def restore(url: str, store: Storage, folder: Path, *, force: bool = False) -> Summary:
    """Bring a backup back into the database at `url` and the store (both empty, unless `force`)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    head = migrate.head_revision()
    if manifest["revision"] != head:
        raise BackupError(
            f"the backup is at schema revision {manifest['revision']} and this version of the portal at "
            f"{head}: restore it with the version that made it, then upgrade"
        )
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            revision = _revision(conn)
        if revision is None:
            migrate.upgrade(url, head)  # a new, empty database: create the schema
        elif revision != head:
            raise BackupError(
                f"the database is at schema revision {revision}: run `flask --app app db upgrade` first"
            )
        with engine.connect() as conn:
            held = {name: n for name, n in _row_counts(conn).items() if n}
        stored = next(iter(store.list_keys()), None)
        if held or stored:
            if not force:
                what = ", ".join(f"{name} {n}" for name, n in sorted(held.items())) or f"file {stored}"
                raise BackupError(f"the database or store is not empty ({what}); use --force to replace it")
            _empty(engine, store)
        for key in manifest["files"]:
            store.put(key, (folder / "files" / key).read_bytes())
        with engine.begin() as conn:
            counts = {
                t.name: _load_table(conn, t, folder / "database" / f"{t.name}.jsonl") for t in _tables()
            }
            _reset_sequences(conn)
        expected = {name: entry["rows"] for name, entry in manifest["tables"].items()}
        if counts != expected:
            raise BackupError(f"restored row counts {counts} differ from the manifest's {expected}")
    finally:
        engine.dispose()
    return Summary(counts, len(manifest["files"]), folder)


# ---- the store against the rows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoreCheck:
    missing: list[str]  # rows whose file is not in the store
    orphans: list[str]  # stored files no row points at (a process stopped between its write and its commit)
    deleted: list[str]


def check_store(conn: Connection, store: Storage, delete_older_than: float | None = None) -> StoreCheck:
    """Compare the store with the rows; optionally delete orphans older than `delete_older_than` seconds
    (younger ones may belong to a request that is about to commit)."""
    referenced: set[str] = set()
    for table_name, (key_column, _hash) in FILE_COLUMNS.items():
        table = Base.metadata.tables[table_name]
        referenced |= set(conn.scalars(select(table.c[key_column]).where(table.c[key_column].is_not(None))))
    stored = set(store.list_keys())
    orphans = sorted(stored - referenced)
    deleted = []
    if delete_older_than is not None:
        for key in orphans:
            if store.age_seconds(key) >= delete_older_than:
                store.delete(key)
                deleted.append(key)
    return StoreCheck(sorted(referenced - stored), orphans, deleted)
