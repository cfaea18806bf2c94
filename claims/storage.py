"""Where evidence files and decision letters live: a local folder, or an S3-compatible object store.

One interface (`put`, `get`, `exists`, `delete`, `list_keys`, `age_seconds`) with two backends, picked by
`STORAGE_URL`: `s3://bucket/prefix` (boto3; credentials and region from the usual AWS_* variables,
`STORAGE_ENDPOINT_URL` for a non-AWS service) or, unset, the folder `UPLOAD_DIR`. Objects are written once
under a fresh random key and never changed, so several app servers can share one store and a backup can copy
them while the portal runs.

All or nothing with the database: `put_pending` writes the object before the row is committed and remembers
the key on the session; if the session rolls back, the object is deleted again (a row never points at a
missing file, and a failed request leaves no file behind). `delete_after_commit` removes an object only once
the commit that dropped its row has succeeded.
"""

from __future__ import annotations

import errno
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

PENDING = "storage_pending"  # keys written in this transaction: deleted on rollback
DOOMED = "storage_doomed"  # keys whose rows this transaction deletes: deleted after commit


class StorageError(Exception):
    """The store could not keep or give back an object."""


class StorageFull(StorageError):
    """No space left (ENOSPC, EDQUOT): nothing was kept."""


class Storage(Protocol):
    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None: ...
    def get(self, key: str) -> bytes: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...
    def list_keys(self) -> Iterator[str]: ...
    def age_seconds(self, key: str) -> float: ...
    def describe(self) -> str: ...


def _check_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in key:
        raise ValueError(f"not a storage key: {key!r}")
    return key


class LocalStorage:
    """A folder on this machine (one app server, or a shared mount)."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def describe(self) -> str:
        return f"folder {self.root}"

    def _path(self, key: str) -> Path:
        return self.root / _check_key(key)

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write a temporary file, flush it to disk, then rename: the final name only ever holds a whole file,
        # and a failed write (a full disk) removes its temporary file.
        partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(partial, target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise StorageFull(str(exc)) from exc
            raise StorageError(str(exc)) from exc

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as exc:
            raise KeyError(key) from exc

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def age_seconds(self, key: str) -> float:
        return time.time() - self._path(key).stat().st_mtime

    def list_keys(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                yield path.relative_to(self.root).as_posix()


class S3Storage:
    """A bucket (and key prefix) on any S3-compatible service, shared by every app server and worker."""

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None):
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            config=Config(
                retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30
            ),
        )

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def _key(self, key: str) -> str:
        return self.prefix + _check_key(key)

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.put_object(
                Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("EntityTooLarge", "QuotaExceeded"):
                raise StorageFull(str(exc)) from exc
            raise StorageError(str(exc)) from exc
        except BotoCoreError as exc:
            raise StorageError(str(exc)) from exc

    def get(self, key: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise KeyError(key) from exc
            raise StorageError(str(exc)) from exc

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return False
            raise StorageError(str(exc)) from exc
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def age_seconds(self, key: str) -> float:
        head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        return time.time() - head["LastModified"].timestamp()

    def list_keys(self) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"][len(self.prefix) :]


def from_config(config) -> Storage:
    url = config.get("STORAGE_URL")
    if not url:
        return LocalStorage(config["UPLOAD_DIR"])
    parsed = urlparse(url)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise ValueError(f"STORAGE_URL must look like s3://bucket/prefix, not {url!r}")
    return S3Storage(parsed.netloc, parsed.path, config.get("STORAGE_ENDPOINT_URL"))


def current() -> Storage:
    """The store of the current app."""
    return current_app.extensions["storage"]


# ---- tying objects to the transaction that references them ------------------------------------------


def put_pending(session: Session, key: str, data: bytes, content_type: str) -> str:
    """Write an object that a row added in this transaction points at; a rollback deletes it again."""
    current().put(key, data, content_type)
    session.info.setdefault(PENDING, []).append(key)
    return key


def delete_after_commit(session: Session, key: str) -> None:
    """Delete an object once the transaction that removes its row has committed (not if it rolls back)."""
    session.info.setdefault(DOOMED, []).append(key)


def forget_pending(session: Session) -> list[str]:
    """Delete the objects written in this transaction (it failed) and return their keys."""
    keys = session.info.pop(PENDING, [])
    session.info.pop(DOOMED, None)
    store = current()
    for key in keys:
        try:
            store.delete(key)
        except Exception:  # noqa: BLE001 — the rollback stands; an orphan object is reported, not raised
            current_app.logger.warning("could not delete %s after a rollback", key, exc_info=True)
    return keys


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(PENDING, None)
    doomed = session.info.pop(DOOMED, [])
    if doomed:
        store = current()
        for key in doomed:
            try:
                store.delete(key)
            except Exception:  # noqa: BLE001 — the row is gone; a left-over object costs space only
                current_app.logger.warning("could not delete %s after its row", key, exc_info=True)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None and (session.info.get(PENDING) or session.info.get(DOOMED)):
        forget_pending(session)


def new_key(folder: str, suffix: str) -> str:
    """A fresh, unguessable key (objects are never overwritten)."""
    name = secrets.token_hex(16) + suffix
    return f"{folder}/{name}" if folder else name


def init_app(app: Flask) -> None:
    app.extensions["storage"] = from_config(app.config)
