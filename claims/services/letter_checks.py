"""Checking a decision letter file (uploaded on /verify, or given to `flask verify-letter`): its signature,
whether it changed since it was signed, and which issued letter of which claim it is. Nothing is stored."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.letters.sign import SignatureCheck, check_signature
from claims.models import Letter
from claims.services.letter_contents import is_code, normalize_code
from claims.services.letter_signing import signer
from claims.services.letters import Verification, verification

MAX_FILE_BYTES = 10 * 1024 * 1024  # a letter is ~0.1 MB


@dataclass(frozen=True)
class FileCheck:
    """The answer about one file: the signature, and the issued letter the file is (None when unknown)."""

    signature: SignatureCheck
    sha256: str
    letter: Verification | None

    @property
    def genuine(self) -> bool:
        """Signed by the portal, unchanged since, and one of the letters it issued."""
        return self.signature.ok and self.letter is not None

    @property
    def problem(self) -> str:
        if self.signature.problem:
            return self.signature.problem
        if self.letter is None:
            return "the portal has issued no letter with this fingerprint"
        return ""


def check_letter_file(session: Session, data: bytes) -> FileCheck:
    """Check the file offline against the portal's certificate, then find the issued letter it is: the one
    whose verification code the file names and whose SHA-256 it has."""
    digest = hashlib.sha256(data).hexdigest()
    signature = check_signature(data, [signer().certificate])
    codes = [c for c in (normalize_code(part) for part in signature.keywords.split(",")) if is_code(c)]
    found = session.scalar(
        select(Letter.verification_code).where(Letter.verification_code.in_(codes), Letter.sha256 == digest)
    )
    return FileCheck(signature, digest, verification(session, found) if found else None)
