"""Evidence files: checking what an upload really is, storing a safe copy and handing it back.

A file is judged by its content, never by its name or the browser's content type (claims.services.file_checks:
images are decoded and re-encoded, PDFs parsed and refused when active). What is kept goes to the portal's
store (claims.storage: a folder, or an S3 bucket) under a random key; the database keeps the original name and
the sha256 of the stored bytes. Adding files is all or nothing: the claim is locked while its files are
counted (so parallel requests cannot pass the limit), and a failed write or commit leaves neither a file nor a
row behind.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from claims import storage
from claims.errors import InvalidInput, NotAllowed
from claims.models import Claim, Evidence
from claims.services.audit import claim_event
from claims.services.file_checks import SafeFile, make_safe, sniff  # noqa: F401 — sniff is part of the API

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
# Statuses in which the claimant may add or remove files: while writing the claim, and while answering a
# reviewer's request. (An appeal adds files through `stage_files` inside the appeal itself.)
UPLOAD_STATUSES = frozenset({"draft", "needs_info"})
TOO_LARGE = _l("Larger than 10 MB: make it smaller (e.g. a lower-resolution photo) and try again.")
TOO_MANY = _l("A claim can have at most 10 files. Remove one first.")
DISK_FULL = _l("The disk is full, nothing was saved. Try again later; if it keeps happening, contact us.")
STORE_DOWN = _l("The file store did not answer, nothing was saved. Try again in a moment.")
ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,application/pdf,image/jpeg,image/png,image/heic"


@dataclass(frozen=True)
class Upload:
    """One file as it came in: its name as the claimant's device called it, and its content."""

    filename: str
    stream: BinaryIO


@dataclass(frozen=True)
class Rejection:
    filename: str
    reason: str


def _read_limited(stream: BinaryIO) -> bytes | None:
    """The whole file, or None when it is larger than the limit (reads at most one byte more)."""
    data = stream.read(MAX_FILE_BYTES + 1)
    return None if len(data) > MAX_FILE_BYTES else data


def _clean_name(filename: str) -> str:
    name = os.path.basename((filename or "").replace("\\", "/")).replace("\x00", "").strip()
    return name[:200] or "file"


def check_upload(upload: Upload) -> SafeFile | Rejection:
    """A safe copy of the file to keep, or why it cannot be accepted (in words for the claimant)."""
    name = _clean_name(upload.filename)
    data = _read_limited(upload.stream)
    if data is None:
        return Rejection(name, str(TOO_LARGE))
    if not data:
        return Rejection(name, str(_l("The file is empty.")))
    safe = make_safe(data)
    return Rejection(name, safe) if isinstance(safe, str) else safe


def _lock_claim(session: Session, claim: Claim) -> None:
    """Hold the claim's row until this transaction ends, so that two uploads count its files one at a time.

    PostgreSQL: SELECT … FOR UPDATE. SQLite has no row locks: a no-op UPDATE takes its single write lock (and
    waits for another writer to finish) before anything is read in the transaction.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(Claim).where(Claim.id == claim.id).values(id=Claim.id))
    else:
        session.execute(select(Claim.id).where(Claim.id == claim.id).with_for_update())


def stage_files(
    session: Session, claim: Claim, actor_id: int, uploads: list[Upload]
) -> tuple[list[Evidence], list[Rejection]]:
    """Check and store the files, adding Evidence rows to the session; the caller commits.

    The claim is locked from here to the caller's commit or rollback; a rollback deletes the stored files
    again. A full disk or an unreachable store rolls back and raises InvalidInput: nothing is kept.
    """
    rejected: list[Rejection] = []
    accepted: list[tuple[str, SafeFile]] = []
    for upload in uploads:  # the slow part (decoding, parsing) before the lock
        checked = check_upload(upload)
        if isinstance(checked, Rejection):
            rejected.append(checked)
        else:
            accepted.append((_clean_name(upload.filename), checked))
    if not accepted:
        return [], rejected
    _lock_claim(session, claim)
    count = session.scalar(select(func.count()).select_from(Evidence).where(Evidence.claim_id == claim.id))
    room = MAX_FILES - (count or 0)
    stored: list[Evidence] = []
    for name, safe in accepted:
        if len(stored) >= room:
            rejected.append(Rejection(name, str(TOO_MANY)))
            continue
        key = storage.new_key("", safe.extension)
        try:
            storage.put_pending(session, key, safe.data, safe.content_type)
        except storage.StorageError as exc:
            current_app.logger.error("could not store an upload for %s: %s", claim.reference, exc)
            session.rollback()  # deletes what this request stored so far
            raise InvalidInput(
                DISK_FULL if isinstance(exc, storage.StorageFull) else STORE_DOWN, "files"
            ) from exc
        row = Evidence(
            stored_name=key,
            sha256=hashlib.sha256(safe.data).hexdigest(),
            content_type=safe.content_type,
            size=len(safe.data),
            original_name=name,
            uploaded_by_id=actor_id,
        )
        claim.evidence.append(row)
        stored.append(row)
    return stored, rejected


def discard_files(rows: list[Evidence]) -> None:
    """Remove stored files whose rows were never committed (a rollback already does this)."""
    delete_stored([row.stored_name for row in rows])


def add_files(
    session: Session, claim: Claim, actor_id: int, uploads: list[Upload], about: str | None = None
) -> tuple[list[Evidence], list[Rejection]]:
    """The claimant adds files to their draft or to an answer; good files are kept, bad ones say why.

    `about` is the kind of loss the files show (None: the whole claim).
    """
    if claim.status not in UPLOAD_STATUSES:
        raise NotAllowed(_l("Files can no longer be added to this claim."))
    if not uploads:
        raise InvalidInput(_l("Choose at least one file."), field="files")
    stored, rejected = stage_files(session, claim, actor_id, uploads)
    for row in stored:
        row.about = about
    if stored:
        claim_event(
            session,
            actor_id,
            "evidence.add",
            claim,
            after={
                "files": [{"sha256": r.sha256, "size": r.size, "type": r.content_type} for r in stored],
                "about": about,
            },
        )
        try:
            session.commit()
        except Exception:
            session.rollback()  # and the files go with it
            raise
    else:
        session.rollback()  # nothing to keep: release the claim's lock
    return stored, rejected


def delete_stored(stored_names: list[str]) -> None:
    """Remove stored files whose rows are gone (called after the commit that deleted them)."""
    store = storage.current()
    for name in stored_names:
        store.delete(name)


def remove_file(session: Session, claim: Claim, actor_id: int, evidence_id: int) -> Evidence:
    """The claimant removes one of their files while they may still change the claim."""
    row = next((e for e in claim.evidence if e.id == evidence_id), None)
    if row is None:
        raise InvalidInput(_l("That file is not part of this claim."))
    if claim.status not in UPLOAD_STATUSES:
        raise NotAllowed(_l("Files can no longer be removed from this claim."))
    claim.evidence.remove(row)
    claim_event(session, actor_id, "evidence.remove", claim, before={"sha256": row.sha256})
    storage.delete_after_commit(session, row.stored_name)  # the file goes only once the row is gone for good
    session.commit()
    return row


def read_file(evidence: Evidence) -> bytes | None:
    """The stored bytes of a file, or None when the store has lost it."""
    try:
        return storage.current().get(evidence.stored_name)
    except KeyError:
        current_app.logger.error("evidence %s is missing from the store", evidence.stored_name)
        return None


def download_name(evidence: Evidence) -> str:
    """The claimant's name for the file, with the extension of what we keep (a HEIC photo is now a JPEG)."""
    stem, dot, suffix = evidence.original_name.rpartition(".")
    kept = os.path.splitext(evidence.stored_name)[1]
    if not dot or not stem:
        return evidence.original_name + kept
    same = suffix.lower() in {kept.lstrip("."), "jpeg" if kept == ".jpg" else ""}
    return evidence.original_name if same else f"{stem}{kept}"
