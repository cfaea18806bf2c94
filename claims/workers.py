"""The production RQ worker (`rq worker -w claims.jobs.AppWorker`): one long-lived work-horse runs the jobs.

rq's own forking worker forks a new work-horse for every job. For a letter job that cost ~180 ms of CPU where
the same job costs ~20 in a warm process (bench/jobs_bench.py): each fresh horse paid for the copy-on-write
faults of the parent's pages, new PostgreSQL and Redis connections, and every per-process cache built again
and thrown away with it (the SQL statement cache, the policy file, the signing key and its CMS templates).
Here the worker process is a small supervisor that loads the app once and forks one work-horse, which runs
job after job as rq's SimpleWorker does (warm caches, pooled connections) under its own worker name. Jobs
keep the guarantee of the forking worker: when the horse dies in the middle of a job (killed, out of memory,
a crash in C code), the supervisor fails that job the way rq does (so it is retried while it has retries
left), logs it, and forks a new horse. The scheduler (retries, scheduled jobs) runs beside the horse,
started by the supervisor. A horse is replaced after JOBS_PER_HORSE jobs, so that whatever a job leaves
behind does not grow forever.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time

from rq import SimpleWorker
from rq.executions import Execution
from rq.job import JobStatus
from rq.logutils import setup_loghandlers
from rq.utils import now

JOBS_PER_HORSE = 1000
# A horse's exit status: it ran JOBS_PER_HORSE jobs and wants a successor (0: it stopped for good).
_RECYCLE = 75


class AppWorker(SimpleWorker):
    """A supervisor with the app (and the letter fonts, and the letter signer) loaded once, before any fork,
    and one long-lived work-horse that runs the jobs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from claims.gc_tuning import settle
        from claims.jobs import _app
        from claims.letters.fonts import register_fonts
        from claims.services.letter_signing import signer

        app = _app()
        with app.app_context():
            signer()  # every horse signs with the key loaded here (and a bad key stops the start)
        register_fonts()
        settle()  # before any fork: every horse starts with the app and fonts frozen
        self._horse_jobs = 0
        self._generation = 0

    def execute_job(self, job, queue):
        super().execute_job(job, queue)
        self._horse_jobs += 1

    def work(self, burst: bool = False, logging_level: str | None = None, max_jobs=None, **kwargs):
        """Supervise work-horses until one stops for good (burst done, max_jobs done, or a stop request).

        True when the last horse stopped normally, False when it died (in burst mode, or asked to stop)."""
        with_scheduler = kwargs.pop("with_scheduler", False)
        options = {key: kwargs[key] for key in ("date_format", "log_format") if key in kwargs}
        setup_loghandlers(logging_level, name="rq.worker", **options)
        self._stop_asked = False
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._forward_stop)
        if with_scheduler:
            self._start_scheduler(burst, logging_level, **options)
        base = self.name
        try:
            while True:
                self._generation += 1
                self.name = f"{base}.{self._generation}"
                pid = os.fork()
                if pid == 0:
                    self._run_horse(burst, logging_level, max_jobs, kwargs)
                self._horse_pid, forked = pid, time.monotonic()
                if self._stop_asked:  # asked while forking: the horse has not been told
                    self._forward_stop(signal.SIGTERM, None)
                status = self._wait(pid)
                self._horse_pid = 0
                if os.WIFEXITED(status) and os.WEXITSTATUS(status) == _RECYCLE and not self._stop_asked:
                    max_jobs = None if max_jobs is None else max_jobs - JOBS_PER_HORSE
                    continue
                if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
                    return True
                self._horse_died(status)
                if self._stop_asked or burst:
                    return False
                time.sleep(max(0.0, 1.0 - (time.monotonic() - forked)))  # no fork loop when horses die young
        finally:
            self.name = base
            if self.scheduler:
                self.stop_scheduler()

    def _run_horse(self, burst, logging_level, max_jobs, kwargs) -> None:
        """The work-horse: rq's SimpleWorker loop in this process, then exit."""
        code = 1
        try:
            os.setpgrp()  # a Ctrl+C at the terminal reaches the supervisor only; it forwards one stop
            self.scheduler = None  # the supervisor's
            limit = JOBS_PER_HORSE if max_jobs is None else min(max_jobs, JOBS_PER_HORSE)
            super().work(burst=burst, logging_level=logging_level, max_jobs=limit, **kwargs)
            more = max_jobs is None or max_jobs > JOBS_PER_HORSE
            recycle = not self._stop_requested and more and self._horse_jobs >= limit
            code = _RECYCLE if recycle else 0
        finally:
            os._exit(code)

    def _forward_stop(self, signum, _frame) -> None:
        self._stop_asked = True
        if self._horse_pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._horse_pid, signum)

    def _wait(self, pid: int) -> int:
        """The horse's exit status; meanwhile restart the scheduler if it died (as rq's maintenance does)."""
        checked = time.monotonic()
        while True:
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except InterruptedError:
                continue
            if done:
                return status
            time.sleep(0.5)
            if time.monotonic() - checked > self.maintenance_interval:
                checked = time.monotonic()
                process = self.scheduler._process if self.scheduler else None
                if self.scheduler and (process is None or not process.is_alive()):
                    self.scheduler.acquire_locks(auto_start=True)

    def _horse_died(self, status: int) -> None:
        """The horse died mid-job: fail its job as rq's forking worker does (a retry while it has retries)."""
        signal_note = f" (signal {os.WTERMSIG(status)})" if os.WIFSIGNALED(status) else ""
        members = self.connection.smembers(self.executions_key)
        for member in members:
            execution = Execution.from_composite_key(member.decode(), connection=self.connection)
            try:
                job = execution.job
            except Exception:  # noqa: BLE001 — its job is gone (finished with result_ttl=0): nothing to fail
                continue
            if job.get_status() in (JobStatus.FINISHED, JobStatus.FAILED):
                continue
            job.ended_at = now()
            exc_string = f"Work-horse terminated unexpectedly; waitpid returned {status}{signal_note}; "
            self.log.warning("Worker %s: job %s failed (%s)", self.name, job.id, exc_string)
            queue = next((q for q in self.queues if q.name == job.origin), None)
            if queue is None:
                queue = self.queue_class(job.origin, connection=self.connection, serializer=self.serializer)
            self.handle_job_failure(job, queue=queue, exc_string=exc_string, execution=execution)
        if not members:
            self.log.warning("Worker %s: work-horse ended with status %s outside a job", self.name, status)
        self.register_death()
