"""Every knowledge-base index, in any language and however it was made (admin,
import, demo, a translation), gets the editorial rights and workflow at once;
a document's new file is read by a background task, never in the request (and
queued again after a restore); a reading that failed for good says so."""

from django.db.models.signals import post_save
from django_tasks_db.compat import TaskResultStatus, task_finished

from intranet.signals import site_restored

from .models import CaseStudyIndexPage, Document, GoodPracticeIndexPage
from .services import prepare_knowledge_index
from .tasks import mark_reading_failed, read_document_text, read_pending_files


def prepare_new_index(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        prepare_knowledge_index(instance)


def read_new_file(sender, instance, raw=False, **kwargs):
    if not raw and getattr(instance, "file_needs_reading", False):
        instance.file_needs_reading = False
        result = read_document_text.enqueue(instance.pk, instance.file.name)
        if result.is_finished:
            # Run at once (the immediate backend): a later save of this instance
            # must not write back the state it had before.
            instance.refresh_from_db(fields=["extracted_text", "text_status"])


def reading_finished(sender, task_result, **kwargs):
    if (
        task_result.status == TaskResultStatus.FAILED
        and task_result.task.module_path == read_document_text.module_path
    ):
        mark_reading_failed(task_result)


def read_restored_files(sender, **kwargs):
    read_pending_files()


def register():
    for model in (CaseStudyIndexPage, GoodPracticeIndexPage):
        post_save.connect(prepare_new_index, sender=model)
    post_save.connect(read_new_file, sender=Document)
    # Whichever backend ran it: the worker (interrupted too often), or at once.
    task_finished.connect(reading_finished, dispatch_uid="minka_reading_finished")
    site_restored.connect(read_restored_files, dispatch_uid="minka_read_restored")
