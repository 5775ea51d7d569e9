"""Every knowledge-base index, in any language and however it was made (admin,
import, demo, a translation), gets the editorial rights and workflow at once;
a document's new file is read by a background task, never in the request."""

from django.db.models.signals import post_save

from .models import CaseStudyIndexPage, Document, GoodPracticeIndexPage
from .services import prepare_knowledge_index
from .tasks import read_document_text


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


def register():
    for model in (CaseStudyIndexPage, GoodPracticeIndexPage):
        post_save.connect(prepare_new_index, sender=model)
    post_save.connect(read_new_file, sender=Document)
