"""Run the task worker, supervised (see intranet.task_worker)."""

import logging
import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import (
    Command as DatabaseWorkerCommand,
)

from intranet.task_worker import SupervisedWorker, this_worker_id


class Command(DatabaseWorkerCommand):
    help = (
        "Run a task worker (django-tasks-db's db_worker, with the same options) "
        "that waits for the database when it drops instead of exiting, puts an "
        "interrupted task back in the queue, and requeues the tasks of workers "
        "that died (each task is tried three times at most, then marked failed)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # `host:pid:random`, so that a sweep can tell when the worker has died.
        parser.set_defaults(worker_id=this_worker_id())

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        supervisor = logging.getLogger("intranet.task_worker")
        supervisor.setLevel(logging.getLogger("django_tasks_db").level)
        if not supervisor.hasHandlers():
            supervisor.addHandler(logging.StreamHandler(self.stdout))

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SupervisedWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                # Only the reloader's child, which runs the worker, takes signals.
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
