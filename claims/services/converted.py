"""One cache for what the rules engine reads: incidents and policies converted from their rows or files.

Keyed by content (an incident's fingerprint of every row it is made from, an adopted policy's parameter
hash, a shipped policy's id — the files ship with the code), so a cached copy can never be stale: a
window correction makes a new key, and the old entry simply ages out of the bounded LRU. Converted
objects are immutable apart from their memo of derived quantities, which is why keeping them pays:
the engine memoises per (incident, policy) what every claim shares.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from threading import RLock
from typing import TypeVar

from cachetools import LRUCache

T = TypeVar("T")

MAX_ENTRIES = 64
_CACHE: LRUCache = LRUCache(maxsize=MAX_ENTRIES)
_LOCK = RLock()


def converted(key: Hashable, build: Callable[[], T]) -> T:
    """The object cached under `key`, built (outside the lock) and kept if missing."""
    with _LOCK:
        found = _CACHE.get(key)
    if found is None:
        found = build()
        with _LOCK:
            found = _CACHE.setdefault(key, found)
    return found


def clear() -> None:
    with _LOCK:
        _CACHE.clear()
