"""The task worker, kept going when the database drops and never losing a task.

django-tasks-db's worker (`db_worker`) records a task as RUNNING under the id of
the worker that claimed it, and no more: a worker that dies (SIGKILL, a crash,
a database that went away under it) leaves its task RUNNING for good. Minka's
worker, `manage.py run_worker`, is that worker with three more things:

- it waits for the database instead of exiting: on an `OperationalError` or
  `InterfaceError` it closes its connections, backs off (1 s, 2 s, 4 s … up to
  30 s) and tries again; the task it was running goes back to the queue;
- a task that was interrupted (`TaskInterrupted`, a lost connection, a forced
  stop) goes back to the queue instead of counting as failed;
- at start and every minute it sweeps for abandoned tasks (`requeue_abandoned`):
  RUNNING under a worker of this machine whose process is gone, or under any
  worker for longer than `LEASE`.

A task is tried `MAX_ATTEMPTS` times in all (each claim adds a worker id to its
row); one interrupted or abandoned that often is marked failed, with the reason
as its error, and `task_finished` is sent so that what waits for it can say so.
"""

import logging
import os
import random
import socket
import time
from datetime import timedelta

from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError, close_old_connections
from django.db import connections as database_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import (
    TaskContext,
    TaskResultStatus,
    task_finished,
    task_started,
)
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

logger = logging.getLogger(__name__)

# How often a task is tried before an interruption or abandonment fails it.
MAX_ATTEMPTS = 3
# A RUNNING task whose worker cannot be checked (another machine, an id not of
# ours) is taken for abandoned after this long. Minka's longest tasks (a full
# search rebuild) take minutes; a file's reading 30 s at most.
LEASE = timedelta(hours=1)
SWEEP_EVERY = 60  # seconds
# An interrupted task waits this long per attempt before it is tried again.
RETRY_DELAY = timedelta(seconds=10)
RECONNECT_DELAY = 1.0  # seconds, doubled on each failure in a row
MAX_RECONNECT_DELAY = 30.0
DATABASE_ERRORS = (OperationalError, InterfaceError)


class TaskInterrupted(Exception):
    """Raised by a task stopped from outside before it could finish (its child
    process was killed): not the task's fault, so it is run again later."""


class TaskAbandoned(Exception):
    """The error recorded on a task given up after `MAX_ATTEMPTS` attempts."""


def _host():
    return socket.gethostname().replace(":", "-")[:40] or "localhost"


def this_worker_id():
    """A worker id saying where the worker runs, `host:pid:random`, so that a
    sweep on the same machine can tell a dead worker's tasks at once (64
    characters at most, as django-tasks-db allows)."""
    return f"{_host()}:{os.getpid()}:{get_random_string(12)}"


def _worker_is_gone(worker_id, own_id):
    """True when the worker is known to be dead, None when it cannot be told
    (another machine, an id not made by `this_worker_id`)."""
    if worker_id == own_id:
        return False
    host, _, pid = worker_id.rpartition(":")[0].rpartition(":")
    if host != _host() or not pid.isdigit():
        return None
    if int(pid) == os.getpid():
        # This process in an earlier life (a container's worker is often pid 1).
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _abandoned(row, own_id, now):
    """Why the RUNNING task `row` counts as abandoned, or None."""
    worker_id = row.worker_ids[-1] if row.worker_ids else ""
    gone = _worker_is_gone(worker_id, own_id)
    if gone:
        return f"its worker {worker_id} stopped while running it"
    if gone is None and row.started_at and now - row.started_at > LEASE:
        return f"still running after {LEASE} under worker {worker_id or '?'}"
    return None


def _announce_failure(row):
    try:
        backend = type(row.task.get_backend())
        result = row.task_result
    except (ImportError, SuspiciousOperation):
        logger.exception("Task id=%s failed unexpectedly", row.id)
    else:
        task_finished.send(sender=backend, task_result=result)


def release(row, reason, delay=timedelta(0), announce=True):
    """Put a task that did not finish back in the queue, to run after `delay`;
    after `MAX_ATTEMPTS` attempts, mark it failed with `reason` instead (and
    send `task_finished`, unless `announce` is false). Returns whether it was
    requeued."""
    attempts = len(row.worker_ids)
    if attempts >= MAX_ATTEMPTS:
        logger.error(
            "Task id=%s given up after %d attempts: %s", row.id, attempts, reason
        )
        row.set_failed(TaskAbandoned(f"Given up after {attempts} attempts: {reason}."))
        if announce:
            _announce_failure(row)
        return False
    logger.warning("Task id=%s requeued (attempt %d): %s", row.id, attempts, reason)
    row.status = TaskResultStatus.READY
    row.run_after = timezone.now() + delay
    row.save(update_fields=["status", "run_after"])
    return True


def requeue_abandoned(own_worker_id=None):
    """Requeue every abandoned task (see the module's docstring), or mark it
    failed after `MAX_ATTEMPTS`. Returns (requeued, failed) counts."""
    now = timezone.now()
    requeued = 0
    given_up = []
    with exclusive_transaction(DBTaskResult.objects.db):
        rows = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        for row in rows:
            reason = _abandoned(row, own_worker_id, now)
            if reason is None:
                continue
            if release(row, reason, announce=False):
                requeued += 1
            else:
                given_up.append(row)
    # Announced once the sweep's lock is let go: what waits for a failure may
    # write rows of its own.
    for row in given_up:
        _announce_failure(row)
    return requeued, len(given_up)


class SupervisedWorker(Worker):
    """django-tasks-db's worker (its signals, its queue order, its options),
    with its loop made to outlive the database and to sweep for abandoned
    tasks; see the module's docstring."""

    def __init__(self, **options):
        super().__init__(**options)
        self.failures_in_a_row = 0
        # The task being run until its outcome is recorded: if the connection
        # is lost meanwhile, `run` puts it back in the queue.
        self.unfinished_task = None
        self.next_sweep = 0.0

    def run(self):
        logger.info("Starting worker worker_id=%s", self.worker_id)
        if self.startup_delay and self.interval:
            # A random small delay, so that workers started together spread out.
            time.sleep(random.random())  # noqa: S311
        while self.running:
            try:
                self._release_unfinished_task()
                self._sweep_when_due()
                task_result = self._claim_next()
                if task_result is not None:
                    self.run_task(task_result)
            except DATABASE_ERRORS as error:
                self._wait_for_database(error)
                continue
            self.failures_in_a_row = 0
            if self.batch and task_result is None:
                logger.info("No more tasks for worker_id=%s: exiting.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Ran %d tasks: exiting.", self._run_tasks)
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)

    def _claim_next(self):
        close_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def _sweep_when_due(self):
        if time.monotonic() < self.next_sweep:
            return
        requeue_abandoned(own_worker_id=self.worker_id)
        self.next_sweep = time.monotonic() + SWEEP_EVERY

    def _wait_for_database(self, error):
        self.failures_in_a_row += 1
        delay = min(
            RECONNECT_DELAY * 2 ** (self.failures_in_a_row - 1), MAX_RECONNECT_DELAY
        )
        logger.warning(
            "The database is unavailable (%s): trying again in %.1f s.",
            str(error).strip() or type(error).__name__,
            delay,
        )
        # A broken connection is reopened on the next query.
        database_connections.close_all()
        time.sleep(delay)

    def _release_unfinished_task(self):
        if self.unfinished_task is None:
            return
        row = self.unfinished_task
        row.refresh_from_db(fields=["status", "worker_ids"])
        if row.status == TaskResultStatus.RUNNING and row.worker_ids[-1:] == [
            self.worker_id
        ]:
            release(row, "the database connection was lost while it ran")
        self.unfinished_task = None

    def run_task(self, db_task_result):
        """Run the task as django-tasks-db's worker does, except that an
        interruption puts it back in the queue rather than failing it (a task
        runs at least once: one whose success could not be recorded runs
        again)."""
        self.running_task = True
        self.unfinished_task = db_task_result
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            arguments = task_result.args
            if task.takes_context:
                arguments = [TaskContext(task_result=task_result), *arguments]
            return_value = task.call(*arguments, **task_result.kwargs)
            # Recorded inside the handling, so that an error recording it (a
            # value JSON cannot hold) is recorded as the task's failure.
            db_task_result.set_successful(return_value)
            self.unfinished_task = None
            task_finished.send(
                sender=backend_type, task_result=db_task_result.task_result
            )
        except TaskInterrupted as interruption:
            delay = RETRY_DELAY * len(db_task_result.worker_ids)
            release(db_task_result, str(interruption) or "interrupted", delay)
            self.unfinished_task = None
        except DATABASE_ERRORS:
            raise  # the task is released once the database answers (see `run`)
        except (SystemExit, KeyboardInterrupt):
            # Forced to stop (a second Ctrl-C): the task is run again later.
            try:
                release(db_task_result, "the worker was stopped while it ran")
            except DATABASE_ERRORS:
                logger.warning("Task id=%s left for the sweep.", db_task_result.id)
            raise
        except Exception as error:  # noqa: BLE001 - any error fails the task, as upstream
            db_task_result.set_failed(error)
            self.unfinished_task = None
            _announce_failure(db_task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1
