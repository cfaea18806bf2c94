"""A job for tests/faults/test_worker_horses.py: note which process ran it."""

from __future__ import annotations

import os


def record_pid(path: str) -> None:
    with open(path, "a") as out:
        out.write(f"{os.getpid()}\n")
