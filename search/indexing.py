"""Keeping `SearchEntry` rows in step with the pages and documents they describe.

Works generically: any page whose specific class has `search_entry_data()`, and
the document model if it has one; it returns an `intranet.search_entry.
SearchEntryData` (see docs/search.md). Content apps are never imported here.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page, get_page_models

from search.engine import get_engine
from search.models import FacetName, SearchEntry, SearchFacetValue, SearchWord
from search.text import fold, index_stems, vocabulary

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
    language = _clean(data.language) or language_fallback
    title = _clean(data.title, MAX_TITLE)
    summary = _clean(data.summary)
    body = _clean(data.body)
    date = data.date
    if isinstance(date, datetime.datetime):
        date = date.date()
    return {
        "kind": _clean(data.kind, 20),
        "display_title": title,
        "title_folded": fold(title)[:MAX_TITLE],
        "summary": summary,
        "body": body,
        "title_stems": index_stems(title, language),
        "summary_stems": index_stems(summary, language),
        "stems": index_stems(f"{title}\n{summary}\n{body}", language),
        "date": date,
        "sort_date": date or datetime.date.min,
        "country": _clean(data.country, 2).upper(),
        "region": _clean(data.region, 100),
        "language": language,
        "community_id": data.community_id or None,
    }


def _facet_values(data):
    values = set()
    for name, given in (
        (FacetName.PILLAR, data.pillars),
        (FacetName.TOPIC, data.topics),
        (FacetName.YEAR, data.years),
    ):
        for value in given or ():
            text = _clean(value, 100).strip()
            if text:
                values.add((name, text))
    return values


@dataclass
class Item:
    """What one entry will hold: its fields, facet values and vocabulary."""

    content_type_id: int
    item_id: int
    fields: dict
    facets: set
    words: dict = field(default_factory=dict)


def entry_item(
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
    """An `Item` from `search_entry_data()` output and where the item lives.

    `locale` None means "the content language" (documents); "" means every locale.
    """
    fields = _entry_fields(data, locale or "")
    fields.update(
        locale=fields["language"] if locale is None else locale,
        url=_clean(url, 500),
        page_path=page_path,
        collection_id=collection_id,
        document_type=_clean(document_type, 30),
    )
    return Item(
        content_type.pk,
        item_id,
        fields,
        _facet_values(data),
        vocabulary(f"{fields['display_title']}\n{fields['summary']}"),
    )


def store_entry(content_type, item_id, data, **where):
    """Write one entry from `search_entry_data()` output (see `entry_item`)."""
    return store_items([entry_item(content_type, item_id, data, **where)])[0]


ENTRY_FIELDS = [
    "kind",
    "display_title",
    "title_folded",
    "summary",
    "body",
    "title_stems",
    "summary_stems",
    "stems",
    "date",
    "sort_date",
    "country",
    "region",
    "language",
    "locale",
    "community_id",
    "document_type",
    "url",
    "page_path",
    "collection_id",
    "updated_at",
]


@transaction.atomic
def store_items(items):
    """Create or refresh the entries of many items in a few queries.

    Returns the entries, in the order of `items`. The search engine (e.g.
    Elasticsearch) receives them in one bulk request.
    """
    items = list(items)
    if not items:
        return []
    existing = {}
    for content_type_id in {item.content_type_id for item in items}:
        ids = [
            item.item_id for item in items if item.content_type_id == content_type_id
        ]
        for entry in SearchEntry.objects.filter(
            content_type_id=content_type_id, item_id__in=ids
        ):
            existing[(content_type_id, entry.item_id)] = entry
    now = timezone.now()
    entries, new, changed = [], [], []
    for item in items:
        entry = existing.get((item.content_type_id, item.item_id))
        if entry is None:
            entry = SearchEntry(
                content_type_id=item.content_type_id, item_id=item.item_id
            )
            new.append(entry)
        else:
            changed.append(entry)
        for name, value in item.fields.items():
            setattr(entry, name, value)
        entry.updated_at = now
        entries.append(entry)
    SearchEntry.objects.bulk_create(new, batch_size=500)
    SearchEntry.objects.bulk_update(changed, ENTRY_FIELDS, batch_size=500)
    SearchFacetValue.objects.filter(entry__in=changed).delete()
    SearchWord.objects.filter(entry__in=changed).delete()
    SearchFacetValue.objects.bulk_create(
        (
            SearchFacetValue(entry=entry, name=name, value=value)
            for entry, item in zip(entries, items, strict=True)
            for name, value in sorted(item.facets)
        ),
        batch_size=2000,
    )
    SearchWord.objects.bulk_create(
        (
            SearchWord(entry=entry, folded=folded, word=word)
            for entry, item in zip(entries, items, strict=True)
            for folded, word in item.words.items()
        ),
        batch_size=2000,
    )
    # At once, not on commit: removals must never lag (see signal_handlers),
    # and a copy an engine keeps is corrected by the next refresh or rebuild.
    get_engine().index(entries)
    return entries


def _remove_entries(entries):
    ids = list(entries.values_list("pk", flat=True))
    if ids:
        SearchEntry.objects.filter(pk__in=ids).delete()
        get_engine().remove(ids)
    return len(ids)


def _remove(content_type, item_ids):
    _remove_entries(
        SearchEntry.objects.filter(content_type=content_type, item_id__in=item_ids)
    )


def page_items(pages):
    """Items of the searchable, live pages among `pages`; ids of the others."""
    pages = [page.specific for page in pages]
    paths = dict(
        Page.objects.filter(pk__in=[page.pk for page in pages]).values_list(
            "pk", "path"
        )
    )
    content_type = page_content_type()
    items, dropped = [], []
    for page in pages:
        data = page.search_entry_data() if hasattr(page, "search_entry_data") else None
        if not page.live or not data or page.pk not in paths:
            dropped.append(page.pk)
            continue
        items.append(
            entry_item(
                content_type,
                page.pk,
                data,
                locale=page.locale.language_code,
                url=page.get_url() or page.url_path,
                # From the database: an instance a signal hands over may hold
                # an old path.
                page_path=paths[page.pk],
            )
        )
    return items, dropped


def index_pages(pages):
    """Create, refresh or drop the entries of many pages at once.

    For bulk loaders: pass the pages (any class; their specific class decides)
    after saving them; about a dozen queries per call, whatever the number of
    pages, plus what their own `search_entry_data()` reads. Returns the entries
    written.
    """
    items, dropped = page_items(pages)
    if dropped:
        _remove(page_content_type(), dropped)
    return store_items(items)


def document_items(documents):
    content_type = document_content_type()
    items, dropped = [], []
    for document in documents:
        data = (
            document.search_entry_data()
            if hasattr(document, "search_entry_data")
            else None
        )
        if not data:
            dropped.append(document.pk)
            continue
        items.append(
            entry_item(
                content_type,
                document.pk,
                data,
                locale=None,
                url=document.url,
                collection_id=document.collection_id,
                document_type=getattr(document, "document_type", ""),
            )
        )
    return items, dropped


def index_documents(documents):
    """Create, refresh or drop the entries of many documents at once."""
    items, dropped = document_items(documents)
    if dropped:
        _remove(document_content_type(), dropped)
    return store_items(items)


def sync_page(page):
    """Create, refresh or drop the entry of one page. Returns the entry or None."""
    entries = index_pages([page])
    return entries[0] if entries else None


def sync_page_subtree(page):
    """Refresh the page and every descendant that has an entry (paths, URLs)."""
    ids = page.get_descendants(inclusive=True).values_list("pk", flat=True)
    indexed = set(
        SearchEntry.objects.filter(
            content_type=page_content_type(), item_id__in=list(ids)
        ).values_list("item_id", flat=True)
    )
    indexed.add(page.pk)
    index_pages(Page.objects.filter(pk__in=indexed).specific())


def remove_page_subtree(page):
    _remove_entries(SearchEntry.objects.filter(page_path__startswith=page.path))
    _remove(page_content_type(), [page.pk])


def sync_document(document):
    """Create, refresh or drop the entry of one document."""
    entries = index_documents([document])
    return entries[0] if entries else None


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


REBUILD_BATCH = 200


def _in_batches(queryset, size=None):
    """Rows of `queryset` in lists of `size`, by primary key (bounded memory)."""
    size = size or REBUILD_BATCH
    last = None
    while True:
        batch = queryset.order_by("pk")
        if last is not None:
            batch = batch.filter(pk__gt=last)
        batch = list(batch[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def rebuild(progress=None):
    """Rebuild every entry from the content in batches; drop entries of vanished
    items; give the search engine a fresh index.

    `progress(message)` is called for each batch. Returns the number of entries.
    """
    progress = progress or (lambda message: None)
    get_engine().reset()
    kept = {page_content_type().pk: set(), document_content_type().pk: set()}
    for model in searchable_page_models():
        pages = model.objects.live().exact_type(model).select_related("locale")
        total, done = pages.count(), 0
        label = model._meta.verbose_name_plural
        progress(f"{label}: {total}")
        for batch in _in_batches(pages):
            for entry in index_pages(batch):
                kept[page_content_type().pk].add(entry.item_id)
            done += len(batch)
            progress(f"{label}: {done}/{total}")
    if documents_are_searchable():
        documents = get_document_model().objects.select_related("collection")
        total, done = documents.count(), 0
        progress(f"documents: {total}")
        for batch in _in_batches(documents):
            for entry in index_documents(batch):
                kept[document_content_type().pk].add(entry.item_id)
            done += len(batch)
            progress(f"documents: {done}/{total}")
    stale = [
        pk
        for pk, content_type_id, item_id in SearchEntry.objects.values_list(
            "pk", "content_type_id", "item_id"
        ).iterator()
        if item_id not in kept.get(content_type_id, ())
    ]
    removed = 0
    for start in range(0, len(stale), 500):
        removed += _remove_entries(
            SearchEntry.objects.filter(pk__in=stale[start : start + 500])
        )
    if removed:
        progress(f"removed {removed} stale entries")
    return SearchEntry.objects.count()


def index_items_in_bulk(items):
    """Create, refresh or drop the entries of many pages and documents at once
    (`index_pages`, `index_documents`): what the importer and the content
    generator call before they return. Returns the entries written."""
    items = list(items)
    document_model = get_document_model()
    pages = [item for item in items if isinstance(item, Page)]
    documents = [item for item in items if isinstance(item, document_model)]
    return [*index_pages(pages), *index_documents(documents)]
