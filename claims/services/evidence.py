"""Evidence files: checking what an upload really is, storing it outside static/ and handing it back.

A file is judged by its first bytes, never by its name or the browser's content type: a phone may call a
HEIC photo `image.jpg`, and a renamed executable must not pass as a PDF. Files live under
app.config["UPLOAD_DIR"] with random names; the database keeps the original name and the sha256.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from claims.errors import InvalidInput, NotAllowed
from claims.models import Claim, Evidence
from claims.services.audit import claim_event

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
# Statuses in which the claimant may add or remove files: while writing the claim, and while answering a
# reviewer's request. (An appeal adds files through `stage_files` inside the appeal itself.)
UPLOAD_STATUSES = frozenset({"draft", "needs_info"})
HEIC_BRANDS = frozenset({b"heic", b"heix", b"mif1", b"msf1"})
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/heic": ".heic"}
TOO_LARGE = _l("Larger than 10 MB: make it smaller (e.g. a lower-resolution photo) and try again.")
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


def sniff(head: bytes) -> str | None:
    """The content type of a file from its first bytes, if it is one we accept; otherwise None."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        # ISO base media: the box size, "ftyp", the major brand, a version, then compatible brands.
        size = int.from_bytes(head[0:4], "big")
        end = min(max(size, 16), len(head))
        brands = {head[8:12]} | {head[i : i + 4] for i in range(16, end - 3, 4)}
        if brands & HEIC_BRANDS:
            return "image/heic"
    return None


def _read_limited(stream: BinaryIO) -> bytes | None:
    """The whole file, or None when it is larger than the limit (reads at most one byte more)."""
    data = stream.read(MAX_FILE_BYTES + 1)
    return None if len(data) > MAX_FILE_BYTES else data


def _upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def _clean_name(filename: str) -> str:
    name = os.path.basename((filename or "").replace("\\", "/")).strip()
    return name[:200] or "file"


def check_upload(upload: Upload) -> tuple[bytes, str] | Rejection:
    """The file's bytes and content type, or why it cannot be accepted (in words for the claimant)."""
    name = _clean_name(upload.filename)
    data = _read_limited(upload.stream)
    if data is None:
        return Rejection(name, str(TOO_LARGE))
    if not data:
        return Rejection(name, str(_l("The file is empty.")))
    content_type = sniff(data[:64])
    if content_type is None:
        return Rejection(
            name, str(_l("This is not a PDF, JPEG, PNG or HEIC file (we check the content, not the name)."))
        )
    return data, content_type


def stage_files(
    session: Session, claim: Claim, actor_id: int, uploads: list[Upload]
) -> tuple[list[Evidence], list[Rejection]]:
    """Check and store the files, adding Evidence rows to the session; the caller commits (or discards)."""
    stored: list[Evidence] = []
    rejected: list[Rejection] = []
    room = MAX_FILES - len(claim.evidence)
    for upload in uploads:
        checked = check_upload(upload)
        if isinstance(checked, Rejection):
            rejected.append(checked)
            continue
        if len(stored) >= room:
            rejected.append(
                Rejection(
                    _clean_name(upload.filename),
                    str(_l("A claim can have at most 10 files. Remove one first.")),
                )
            )
            continue
        data, content_type = checked
        stored_name = secrets.token_hex(16) + EXTENSIONS[content_type]
        target = _upload_dir() / stored_name
        # Write to a temporary name and rename: a crash never leaves half a file under the final name.
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)
        row = Evidence(
            stored_name=stored_name,
            sha256=hashlib.sha256(data).hexdigest(),
            content_type=content_type,
            size=len(data),
            original_name=_clean_name(upload.filename),
            uploaded_by_id=actor_id,
        )
        claim.evidence.append(row)
        stored.append(row)
    return stored, rejected


def discard_files(rows: list[Evidence]) -> None:
    """Remove stored files whose rows were never committed (the transaction failed)."""
    for row in rows:
        (Path(current_app.config["UPLOAD_DIR"]) / row.stored_name).unlink(missing_ok=True)


def add_files(
    session: Session, claim: Claim, actor_id: int, uploads: list[Upload]
) -> tuple[list[Evidence], list[Rejection]]:
    """The claimant adds files to their draft or to an answer; good files are kept, bad ones say why."""
    if claim.status not in UPLOAD_STATUSES:
        raise NotAllowed(_l("Files can no longer be added to this claim."))
    if not uploads:
        raise InvalidInput(_l("Choose at least one file."), field="files")
    stored, rejected = stage_files(session, claim, actor_id, uploads)
    if stored:
        claim_event(
            session,
            actor_id,
            "evidence.add",
            claim,
            after={"files": [{"sha256": r.sha256, "size": r.size, "type": r.content_type} for r in stored]},
        )
        try:
            session.commit()
        except Exception:
            session.rollback()
            discard_files(stored)
            raise
    return stored, rejected


def delete_stored(stored_names: list[str]) -> None:
    """Remove stored files whose rows are gone (called after the commit that deleted them)."""
    folder = Path(current_app.config["UPLOAD_DIR"])
    for name in stored_names:
        (folder / name).unlink(missing_ok=True)


def remove_file(session: Session, claim: Claim, actor_id: int, evidence_id: int) -> Evidence:
    """The claimant removes one of their files while they may still change the claim."""
    row = next((e for e in claim.evidence if e.id == evidence_id), None)
    if row is None:
        raise InvalidInput(_l("That file is not part of this claim."))
    if claim.status not in UPLOAD_STATUSES:
        raise NotAllowed(_l("Files can no longer be removed from this claim."))
    claim.evidence.remove(row)
    claim_event(session, actor_id, "evidence.remove", claim, before={"sha256": row.sha256})
    session.commit()
    # The file goes only once the row is gone for good.
    (Path(current_app.config["UPLOAD_DIR"]) / row.stored_name).unlink(missing_ok=True)
    return row


def file_path(evidence: Evidence) -> Path:
    """Where the stored file is on disk (for sending it to the claimant or a reviewer)."""
    return Path(current_app.config["UPLOAD_DIR"]) / evidence.stored_name
