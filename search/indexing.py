"""Keeping `SearchEntry` rows in step with the pages and documents they describe.

Works generically: any page whose specific class has `search_entry_data()`, and
the document model if it has one (see docs/search.md for the contract). Content
apps are never imported here.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, get_page_models
from wagtail.search.backends import get_search_backends

from search.models import FacetName, SearchEntry, SearchFacetValue
from search.text import fold, stems_of

# Every page entry uses the base Page content type, so a deleted page (whose
# specific class is unknown by then) still finds its entry.
MAX_TITLE = 255


def page_content_type():
    return ContentType.objects.get_for_model(Page)


def document_content_type():
    return ContentType.objects.get_for_model(get_document_model())


def searchable_page_models():
    return [model for model in get_page_models() if hasattr(model, "search_entry_data")]


def documents_are_searchable():
    return hasattr(get_document_model(), "search_entry_data")


def _clean(value, length=None):
    text = str(value or "").replace("\x00", "")
    return text[:length] if length else text


def _entry_fields(data, language_fallback):
    language = _clean(data.get("language")) or language_fallback
    title = _clean(data.get("title"), MAX_TITLE)
    summary = _clean(data.get("summary"))
    body = _clean(data.get("body"))
    date = data.get("date")
    if isinstance(date, datetime.datetime):
        date = date.date()
    return {
        "kind": _clean(data.get("kind"), 20),
        "display_title": title,
        "title_folded": fold(title)[:MAX_TITLE],
        "summary": summary,
        "body": body,
        "title": stems_of(title, language),
        "stems": stems_of(f"{title}\n{summary}\n{body}", language),
        "date": date,
        "sort_date": date or datetime.date.min,
        "country": _clean(data.get("country"), 2).upper(),
        "region": _clean(data.get("region"), 100),
        "language": language,
        "community_id": data.get("community") or None,
    }


def _facet_values(data):
    values = set()
    for name, key in (
        (FacetName.PILLAR, "pillars"),
        (FacetName.TOPIC, "topics"),
        (FacetName.YEAR, "years"),
    ):
        for value in data.get(key) or ():
            text = _clean(value, 100).strip()
            if text:
                values.add((name, text))
    return values


def store_entry(
    content_type,
    item_id,
    data,
    *,
    locale,
    url,
    page_path="",
    collection_id=None,
    document_type="",
):
    """Write one entry from `search_entry_data()` output and where it lives.

    `locale` None means "the content language" (documents); "" means every locale.
    """
    fields = _placed_entry_fields(
        data,
        locale=locale,
        url=url,
        page_path=page_path,
        collection_id=collection_id,
        document_type=document_type,
    )
    return _store(content_type, item_id, fields, _facet_values(data))


def _placed_entry_fields(
    data, *, locale, url, page_path="", collection_id=None, document_type=""
):
    fields = _entry_fields(data, locale or "")
    fields.update(
        locale=fields["language"] if locale is None else locale,
        url=_clean(url, 500),
        page_path=page_path,
        collection_id=collection_id,
        document_type=_clean(document_type, 30),
    )
    return fields


@transaction.atomic
def _store(content_type, item_id, fields, facets):
    entry = SearchEntry.objects.filter(
        content_type=content_type, item_id=item_id
    ).first() or SearchEntry(content_type=content_type, item_id=item_id)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.save()  # Wagtail's signal handler updates the search backend.
    entry.facet_values.all().delete()
    SearchFacetValue.objects.bulk_create(
        SearchFacetValue(entry=entry, name=name, value=value) for name, value in facets
    )
    return entry


def _remove(content_type, item_ids):
    # One by one, so the search backend forgets each entry too.
    for entry in SearchEntry.objects.filter(
        content_type=content_type, item_id__in=item_ids
    ):
        entry.delete()


def sync_page(page):
    """Create, refresh or drop the entry of one page. Returns the entry or None."""
    page = page.specific
    data = page.search_entry_data() if hasattr(page, "search_entry_data") else None
    if not page.live or not data:
        _remove(page_content_type(), [page.pk])
        return None
    return store_entry(
        page_content_type(),
        page.pk,
        data,
        locale=page.locale.language_code,
        url=page.get_url() or page.url_path,
        # From the database: the instance a signal hands over may hold an old path.
        page_path=Page.objects.filter(pk=page.pk).values_list("path", flat=True)[0],
    )


def sync_page_subtree(page):
    """Refresh the page and every descendant that has an entry (paths, URLs)."""
    ids = page.get_descendants(inclusive=True).values_list("pk", flat=True)
    indexed = set(
        SearchEntry.objects.filter(
            content_type=page_content_type(), item_id__in=list(ids)
        ).values_list("item_id", flat=True)
    )
    indexed.add(page.pk)
    for descendant in Page.objects.filter(pk__in=indexed).specific():
        sync_page(descendant)


def remove_page_subtree(page):
    for entry in SearchEntry.objects.filter(page_path__startswith=page.path):
        entry.delete()
    _remove(page_content_type(), [page.pk])


def sync_document(document):
    """Create, refresh or drop the entry of one document."""
    data = (
        document.search_entry_data() if hasattr(document, "search_entry_data") else None
    )
    if not data:
        _remove(document_content_type(), [document.pk])
        return None
    return store_entry(
        document_content_type(),
        document.pk,
        data,
        locale=None,
        url=document.url,
        collection_id=document.collection_id,
        document_type=getattr(document, "document_type", ""),
    )


def remove_document(document):
    _remove(document_content_type(), [document.pk])


def remove_documents(document_ids):
    _remove(document_content_type(), list(document_ids))


def remove_pages(page_ids):
    _remove(page_content_type(), list(page_ids))


def entry_is_in_another_collection(document):
    """Whether the document's entry is filed under a collection it has left:
    search decides who sees a document by its entry's collection."""
    return (
        SearchEntry.objects.filter(
            content_type=document_content_type(), item_id=document.pk
        )
        .exclude(collection_id=document.collection_id)
        .exists()
    )


def rebuild(progress=None):
    """Rebuild every entry from the content; drop entries of vanished items.

    `progress(message)` is called for each step. Returns the number of entries.
    """
    progress = progress or (lambda message: None)
    kept = {page_content_type().pk: set(), document_content_type().pk: set()}
    for model in searchable_page_models():
        pages = model.objects.live().exact_type(model)
        progress(f"{model._meta.verbose_name_plural}: {pages.count()}")
        for page in pages.iterator():
            if sync_page(page):
                kept[page_content_type().pk].add(page.pk)
    if documents_are_searchable():
        documents = get_document_model().objects.select_related("collection")
        progress(f"documents: {documents.count()}")
        for document in documents.iterator():
            if sync_document(document):
                kept[document_content_type().pk].add(document.pk)
    stale = SearchEntry.objects.all()
    for content_type_id, ids in kept.items():
        stale = stale.exclude(content_type_id=content_type_id, item_id__in=ids)
    removed = 0
    for entry in stale:
        entry.delete()
        removed += 1
    if removed:
        progress(f"removed {removed} stale entries")
    return SearchEntry.objects.count()


def _page_entry(page, locales):
    data = page.search_entry_data() if hasattr(page, "search_entry_data") else None
    if not page.live or not data:
        return None
    return _placed_entry_fields(
        data,
        locale=locales[page.locale_id],
        url=page.get_url() or page.url_path,
        page_path=page.path,
    ), _facet_values(data)


def _document_entry(document):
    data = (
        document.search_entry_data() if hasattr(document, "search_entry_data") else None
    )
    if not data:
        return None
    return _placed_entry_fields(
        data,
        locale=None,
        url=document.url,
        collection_id=document.collection_id,
        document_type=getattr(document, "document_type", ""),
    ), _facet_values(data)


@transaction.atomic
def index_items_in_bulk(items):
    """Create or refresh the entries of many pages (specific instances, as they
    are in the database) and documents at once: the same entries as `sync_page`
    and `sync_document`, written with a few bulk queries, and added to the
    search backend in bulk. Pages that are not live and items without entry data
    lose their entry. Returns the entries written.
    """
    locales = dict(Locale.objects.values_list("pk", "language_code"))
    kinds = {
        Page: page_content_type(),
        get_document_model(): document_content_type(),
    }
    wanted, dropped = {}, {}
    for item in items:
        is_page = isinstance(item, Page)
        content_type = kinds[Page if is_page else get_document_model()]
        built = _page_entry(item, locales) if is_page else _document_entry(item)
        if built is None:
            dropped.setdefault(content_type, []).append(item.pk)
        else:
            wanted[(content_type.pk, item.pk)] = built
    for content_type, ids in dropped.items():
        _remove(content_type, ids)
    if not wanted:
        return []

    existing = {}
    for content_type in kinds.values():
        ids = [item_id for type_id, item_id in wanted if type_id == content_type.pk]
        for entry in SearchEntry.objects.filter(
            content_type=content_type, item_id__in=ids
        ):
            existing[(content_type.pk, entry.item_id)] = entry
    now = timezone.now()
    created, updated = [], []
    for (type_id, item_id), (fields, _facets) in wanted.items():
        entry = existing.get((type_id, item_id))
        if entry is None:
            entry = SearchEntry(content_type_id=type_id, item_id=item_id)
            created.append(entry)
        else:
            updated.append(entry)
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.updated_at = now
    SearchEntry.objects.bulk_create(created, batch_size=500)
    if updated:
        names = [*next(iter(wanted.values()))[0], "updated_at"]
        SearchEntry.objects.bulk_update(updated, names, batch_size=200)
    entries = created + updated
    SearchFacetValue.objects.filter(entry__in=[entry.pk for entry in updated]).delete()
    SearchFacetValue.objects.bulk_create(
        [
            SearchFacetValue(entry=entry, name=name, value=value)
            for entry in entries
            for name, value in wanted[(entry.content_type_id, entry.item_id)][1]
        ],
        batch_size=500,
    )
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(SearchEntry, entries)
    return entries
