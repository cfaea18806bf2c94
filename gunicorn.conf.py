"""gunicorn's settings for the portal (read by gunicorn from the working directory: `gunicorn app:app`).

Metrics: each worker process counts its own requests; prometheus_client's multiprocess mode adds them up at
/metrics when every worker writes to the same folder. The folder is made fresh at start (an old run's counts
would be added in otherwise) unless PROMETHEUS_MULTIPROC_DIR is already set, and a worker that exits is marked
dead so that its gauges stop counting.
"""

import os
import shutil
import tempfile

if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = os.path.join(
        tempfile.gettempdir(), f"portal-metrics-{os.getpid()}"
    )

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = 60
graceful_timeout = 20
# Our app writes one JSON access line per request with its request id; gunicorn's own would repeat it.
accesslog = None


def on_starting(server):
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)


def post_worker_init(worker):
    # The app is loaded in the worker now: freeze it and collect less often (see claims/gc_tuning.py).
    from claims.gc_tuning import settle

    settle()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
