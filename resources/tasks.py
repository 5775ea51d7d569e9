"""Background work of the document library, run by the task worker."""

import logging

from django_tasks import task

from .extraction import UnreadableFile, read_text
from .models import Document, TextStatus

logger = logging.getLogger(__name__)


@task()
def read_document_text(document_id, file_name):
    """Read the text of a document's file for search, in a child process with
    limits; a file that cannot be read is marked so, never retried in a loop.

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
    # Another file may have come while this one was read.
    document = Document.objects.filter(pk=document_id, file=file_name).first()
    if document is None:
        return None
    document.extracted_text = text
    document.text_status = status
    # Saved with its signals, so the search entry is refreshed with the text.
    document.save(update_fields=["extracted_text", "text_status"])
    return status
