"""An RQ worker (the production AppWorker: a supervisor and its long-lived work-horse) for the fault tests.

The first letter job stops in the middle, writes its process id to $FAULT_MARKER and waits there to be
killed; later attempts run normally. Where it stops is $FAULT_STAGE: `before_commit` (letter row flushed and
its PDF stored, nothing committed) or `before_mail` (the letter committed, the claimant not yet told).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from claims.services import letters

MARKER = Path(os.environ["FAULT_MARKER"])
STAGE = os.environ.get("FAULT_STAGE", "before_commit")
_claim_event, _send_mail = letters.claim_event, letters.send_mail


def _stall() -> None:
    if not MARKER.exists():
        MARKER.write_text(str(os.getpid()))
        time.sleep(120)  # killed long before this ends


def _record_then_stall(session, actor_id, action, *args, **kwargs):
    row = _claim_event(session, actor_id, action, *args, **kwargs)
    if action == "letter.issue":
        session.flush()
        _stall()
    return row


def _stall_then_send(*args, **kwargs):
    _stall()
    return _send_mail(*args, **kwargs)


if STAGE == "before_commit":
    letters.claim_event = _record_then_stall
else:
    letters.send_mail = _stall_then_send

if __name__ == "__main__":
    from redis import Redis
    from rq import Queue

    from claims.jobs import QUEUE, AppWorker

    connection = Redis.from_url(os.environ["REDIS_URL"])
    queue = Queue(os.environ.get("FAULT_QUEUE", QUEUE), connection=connection)
    AppWorker([queue], connection=connection).work(with_scheduler=True, logging_level="WARNING")
