"""Search entries refreshed by the task worker (see search.signal_handlers for
what is queued and what, narrowing access, is done at once)."""

from django_tasks import task
from wagtail.documents import get_document_model
from wagtail.models import Page

from search import indexing


@task()
def index_pages(page_ids):
    """Create, refresh or drop the entries of these pages, as they are now."""
    found = list(Page.objects.filter(pk__in=page_ids).specific())
    indexing.index_pages(found)  # in bulk: a few queries for any number
    missing = set(page_ids) - {page.pk for page in found}
    if missing:
        indexing.remove_pages(missing)


@task()
def index_document(document_id):
    """Create, refresh or drop the entry of a document, as it is now."""
    document = (
        get_document_model()
        .objects.select_related("collection")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        indexing.remove_documents([document_id])
    else:
        indexing.sync_document(document)


@task()
def rebuild_entries():
    """Rebuild every entry (see `rebuild_search_entries --background`)."""
    return indexing.rebuild()
