"""Reading the .eml files the portal writes to its outbox in tests."""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage
from pathlib import Path


def messages(outbox: str | Path) -> list[EmailMessage]:
    files = sorted(Path(outbox).glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
    return [email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in files]


def last_link(outbox: str | Path, path_prefix: str) -> str:
    """The path of the last link in the outbox starting with `path_prefix` (e.g. "/confirm/")."""
    for message in reversed(messages(outbox)):
        match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", message.get_content())
        if match:
            return match.group(1)
    raise AssertionError(f"no link to {path_prefix} in the outbox")
