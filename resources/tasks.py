"""Background work of the document library, run by the task worker."""

import logging

from django_tasks import task

from intranet.task_worker import TaskInterrupted

from .extraction import ReadingInterrupted, UnreadableFile, read_text
from .models import Document, TextStatus

logger = logging.getLogger(__name__)


@task()
def read_document_text(document_id, file_name):
    """Read the text of a document's file for search, in a child process with
    limits; a file that cannot be read is marked so, never retried in a loop.

    A reading stopped from outside (its child killed) leaves the document
    pending and raises `TaskInterrupted`: the worker runs the task again later,
    and marks the reading failed after its last attempt (see
    `mark_reading_failed`).

    `file_name` is the file the task was queued for: if the document has had
    another file since, that file has a task of its own and this one stops.
    Returns the new text status.
    """
    document = Document.objects.filter(pk=document_id, file=file_name).first()
    if document is None:
        return None
    try:
        text = read_text(document.file, file_name)
        status = TextStatus.EXTRACTED
    except UnreadableFile as error:
        logger.warning("Could not read the text of %s: %s", file_name, error)
        text, status = "", TextStatus.UNREADABLE
    except ReadingInterrupted as interruption:
        raise TaskInterrupted(f"reading {file_name}: {interruption}") from interruption
    finally:
        # A worker runs for weeks: no file is left open behind a reading.
        document.file.close()
    # Another file may have come while this one was read.
    document = Document.objects.filter(pk=document_id, file=file_name).first()
    if document is None:
        return None
    document.extracted_text = text
    document.text_status = status
    # Saved with its signals, so the search entry is refreshed with the text.
    document.save(update_fields=["extracted_text", "text_status"])
    return status


def mark_reading_failed(task_result):
    """When the reading of a file has failed for good (its task failed, or was
    given up after being interrupted again and again), its document says so on
    its edit form, which offers to read it again."""
    document_id, file_name = task_result.args
    Document.objects.filter(
        pk=document_id, file=file_name, text_status=TextStatus.PENDING
    ).update(text_status=TextStatus.FAILED)


def read_pending_files():
    """Queue the reading of every document whose text is still to be read (after
    a restore, which keeps no queued task)."""
    pending = Document.objects.filter(text_status=TextStatus.PENDING)
    for document_id, file_name in pending.values_list("pk", "file"):
        read_document_text.enqueue(document_id, file_name)
