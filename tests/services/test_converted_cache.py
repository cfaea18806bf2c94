"""One content-keyed cache for converted incidents and policies; the queue's counts expire."""

from __future__ import annotations

from claims.services import converted, queue


def test_converted_is_built_once_per_key_and_bounded():
    converted.clear()
    built = []

    def build(value):
        built.append(value)
        return value

    assert converted.converted(("k", 1), lambda: build("one")) == "one"
    assert converted.converted(("k", 1), lambda: build("again")) == "one"
    assert built == ["one"]
    for number in range(converted.MAX_ENTRIES + 5):
        converted.converted(("n", number), lambda number=number: number)
    assert len(converted._CACHE) == converted.MAX_ENTRIES
    converted.clear()


def test_queue_counts_expire_after_their_ttl(monkeypatch):
    now = [1000.0]
    cache = queue.TLRUCache(maxsize=32, ttu=lambda key, value, at: at + key[2], timer=lambda: now[0])
    monkeypatch.setattr(queue, "_counts_cache", cache)

    class Session:
        def get_bind(self):
            return type("Bind", (), {"url": "sqlite://"})()

    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    assert queue._cached(Session(), "status", 5.0, compute) == {"n": 1}
    now[0] += 4.0
    assert queue._cached(Session(), "status", 5.0, compute) == {"n": 1}
    now[0] += 2.0
    assert queue._cached(Session(), "status", 5.0, compute) == {"n": 2}
    assert queue._cached(Session(), "status", 0, compute) == {"n": 3}  # no TTL: always fresh
