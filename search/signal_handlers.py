"""Refresh search entries when pages and documents change.

What adds or refreshes words (a page published, a document saved or tagged) is
queued for the task worker. What narrows who may find something (a page
unpublished, deleted or moved, a document deleted or moved to another
collection) is done at once, in the request: search decides access by an
entry's page path and collection, which must never lag behind.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from intranet.signals import content_imported, pages_updated
from search import indexing
from search.tasks import index_document, index_pages


def _on_page_published(sender, instance, **kwargs):
    index_pages.enqueue([instance.pk])


def _on_page_unpublished(sender, instance, **kwargs):
    # Only this page: live children stay reachable (Wagtail sends a signal for
    # each descendant when they are unpublished too).
    indexing.sync_page(instance)


def _on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        indexing.remove_page_subtree(instance)


def _on_page_path_changed(sender, instance, **kwargs):
    # The instance may hold the old path: read the tree as it is now.
    page = Page.objects.filter(pk=instance.pk).first()
    if page is not None:
        indexing.sync_page_subtree(page)


def _on_pages_updated(sender, page_ids, **kwargs):
    index_pages.enqueue(sorted(page_ids))


def _on_document_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if indexing.entry_is_in_another_collection(instance):
        indexing.sync_document(instance)
    else:
        index_document.enqueue(instance.pk)


def _on_document_tags_changed(sender, instance, action, **kwargs):
    # Topics are tags, saved after the document itself.
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, get_document_model()
    ):
        index_document.enqueue(instance.pk)


def _on_document_deleted(sender, instance, **kwargs):
    indexing.remove_document(instance)


def _on_content_imported(sender, objects, **kwargs):
    # An import indexes what it wrote at once, in bulk: found when it returns.
    indexing.index_items_in_bulk(objects)


def register_signal_handlers():
    content_imported.connect(
        _on_content_imported, dispatch_uid="minka_search_content_imported"
    )
    page_published.connect(_on_page_published, dispatch_uid="minka_search_publish")
    page_unpublished.connect(
        _on_page_unpublished, dispatch_uid="minka_search_unpublish"
    )
    post_delete.connect(_on_page_deleted, dispatch_uid="minka_search_page_delete")
    post_page_move.connect(_on_page_path_changed, dispatch_uid="minka_search_move")
    page_slug_changed.connect(_on_page_path_changed, dispatch_uid="minka_search_slug")
    pages_updated.connect(_on_pages_updated, dispatch_uid="minka_search_pages_updated")
    document_model = get_document_model()
    post_save.connect(
        _on_document_saved, sender=document_model, dispatch_uid="minka_search_doc"
    )
    tags = getattr(document_model, "tags", None)
    if tags is not None and hasattr(tags, "through"):
        m2m_changed.connect(
            _on_document_tags_changed,
            sender=tags.through,
            dispatch_uid="minka_search_doc_tags",
        )
    post_delete.connect(
        _on_document_deleted,
        sender=document_model,
        dispatch_uid="minka_search_doc_delete",
    )
