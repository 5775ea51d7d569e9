"""The task worker (`manage.py run_worker`) outlives what stops django-tasks-db's
own: a task whose worker died is run again, three times at most, then marked
failed with the reason; a database connection dropped under the worker is
waited for, never a reason to exit, and the task it broke runs again."""

import subprocess
import sys
from datetime import timedelta

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intranet import task_worker
from intranet.task_worker import MAX_ATTEMPTS, requeue_abandoned, this_worker_id
from intranet.tasks import read_translation_sources, send_email


def queued_email(subject="Minutes"):
    result = send_email.enqueue(subject, "The minutes are out.", ["lima@example.org"])
    return DBTaskResult.objects.get(pk=result.id)


@pytest.mark.django_db
def test_a_task_whose_worker_died_is_run_again_then_failed_with_the_reason(
    database_tasks, dead_worker_id
):
    task = queued_email()

    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert task.status == "READY"
        task.claim(dead_worker_id())  # a worker took it, then died
        expected = (1, 0) if attempt < MAX_ATTEMPTS else (0, 1)
        assert requeue_abandoned() == expected
        task.refresh_from_db()

    assert task.status == "FAILED"
    assert task.exception_class_path == "intranet.task_worker.TaskAbandoned"
    assert f"Given up after {MAX_ATTEMPTS} attempts" in task.traceback
    assert "stopped while running it" in task.traceback
    assert requeue_abandoned() == (0, 0)


@pytest.mark.django_db
def test_a_running_task_is_left_to_its_live_worker_until_its_lease_ends(
    database_tasks,
):
    host = this_worker_id().rsplit(":", 2)[0]
    with subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"]
    ) as alive:
        try:
            here = queued_email("Here")
            here.claim(f"{host}:{alive.pid}:alive")
            elsewhere = queued_email("Elsewhere")
            elsewhere.claim("another-machine:4242:somewhere")

            assert requeue_abandoned() == (0, 0)
            # Another machine's worker cannot be checked: its lease decides.
            DBTaskResult.objects.filter(pk=elsewhere.pk).update(
                started_at=timezone.now() - task_worker.LEASE - timedelta(minutes=1)
            )
            assert requeue_abandoned() == (1, 0)
        finally:
            alive.kill()
    assert DBTaskResult.objects.get(pk=here.pk).status == "RUNNING"
    assert DBTaskResult.objects.get(pk=elsewhere.pk).status == "READY"


def drop_connection_once(table):
    """A database that drops the worker's connection at its first query on
    `table`, as PostgreSQL does when it restarts."""
    dropped = []

    def execute(run, sql, params, many, context):
        if not dropped and table in sql:
            dropped.append(sql)
            context["connection"].close()
            raise OperationalError("server closed the connection unexpectedly")
        return run(sql, params, many, context)

    execute.dropped = dropped
    return execute


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_waits_for_a_dropped_database_then_runs_the_queue(
    database_tasks, run_worker, monkeypatch
):
    monkeypatch.setattr(task_worker, "RECONNECT_DELAY", 0.01)
    task = queued_email()
    drop = drop_connection_once(DBTaskResult._meta.db_table)

    with connection.execute_wrapper(drop):
        run_worker()

    assert drop.dropped
    assert [email.subject for email in mail.outbox] == ["Minutes"]
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_that_loses_the_database_runs_again_once_it_is_back(
    database_tasks, run_worker, monkeypatch
):
    monkeypatch.setattr(task_worker, "RECONNECT_DELAY", 0.01)
    result = read_translation_sources.enqueue([1])
    drop = drop_connection_once("wagtail_localize_translationsource")

    with connection.execute_wrapper(drop):
        run_worker()

    assert drop.dropped
    task = DBTaskResult.objects.get(pk=result.id)
    assert task.status == "SUCCESSFUL"
    assert len(task.worker_ids) == 2  # the first run lost its connection
