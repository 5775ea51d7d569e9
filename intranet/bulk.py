"""Creating many live pages at once, with a handful of queries per page class.

`add_live_children(parent, pages)` gives each unsaved page its place in the tree
(path, depth, URL path), writes it with its cluster children (inline panels,
tags, many-to-many choices), one published revision and a "published" history
entry, and marks it live: the same records as `add_child` followed by
`save_revision().publish()`, without the per-page queries and signals.

What the signals would have done is the caller's job: the search index
(`search.indexing.index_items_in_bulk`) and Wagtail's own search backend
(`update_search_backends`). Pages are not cleaned one by one either: callers
hand over pages they have checked (the importer's files, generated content),
and slugs are checked against their siblings here.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.search.backends import get_search_backends


def _insert_local_fields(model, objects):
    """INSERT the columns `model`'s own table holds, for every object, in batches."""
    fields = list(model._meta.local_concrete_fields)
    size = connection.ops.bulk_batch_size(fields, objects) or len(objects)
    for start in range(0, len(objects), size):
        model._base_manager._insert(objects[start : start + size], fields=fields)


def _tables_below_page(model):
    """The concrete models between Page and `model` (itself included), top first."""
    chain = [
        parent
        for parent in reversed(model._meta.get_parent_list())
        if parent is not Page and issubclass(parent, Page)
    ]
    return [*chain, model]


def _cluster_children(page):
    """(model, objects) of the inline children the unsaved page holds in memory."""
    tag_models = {field.through for field in _tag_fields(type(page))}
    for relation in get_all_child_relations(page):
        if relation.related_model in tag_models:
            continue  # written with the tags
        objects = list(getattr(page, relation.get_accessor_name()).all())
        if objects:
            yield relation, objects


def _tag_fields(model):
    fields = model._meta.private_fields + list(model._meta.many_to_many)
    return list(
        {
            field.name: field
            for field in fields
            if isinstance(field, ClusterTaggableManager)
        }.values()
    )


def _tag_names(page):
    for field in _tag_fields(type(page)):
        yield field, [tag.name for tag in getattr(page, field.name).all()]


def _many_to_many(page):
    for field in page._meta.many_to_many:
        if isinstance(field, ParentalManyToManyField):
            yield field, list(getattr(page, field.name).all())


def _check_slugs(parent, pages):
    taken = set(Page.objects.child_of(parent).values_list("slug", flat=True).iterator())
    for page in pages:
        if page.slug in taken:
            raise ValidationError(
                f"the slug '{page.slug}' is already in use under {parent.title}"
            )
        taken.add(page.slug)


@transaction.atomic
def add_live_children(parent, pages, *, user=None, log=True):
    """Create `pages` (unsaved, any page classes) as live children of `parent`,
    in that order, each with one published revision. Returns the pages, saved.

    Each page keeps the locale and translation key it was given (the parent's
    locale and a new key otherwise).
    """
    pages = list(pages)
    if not pages:
        return pages
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    _check_slugs(parent, pages)
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    now = timezone.now()
    for number, page in enumerate(pages):
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step + number)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        if not page.locale_id:
            page.locale_id = parent.locale_id
        if not page.translation_key:
            page.translation_key = uuid.uuid4()
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.first_published_at
        page.latest_revision_created_at = now
        page.owner = page.owner or user
        if not page.content_type_id:
            page.content_type = ContentType.objects.get_for_model(page)
        # Every inline relation held in memory (empty if untouched): once the
        # page has an id, its revision would otherwise query each one.
        for relation in get_all_child_relations(page):
            getattr(page, relation.get_accessor_name()).get_object_list()

    # The Page table first (it hands out the ids), then each class's own tables.
    base_fields = [
        field for field in Page._meta.concrete_fields if not field.primary_key
    ]
    rows = [
        Page(**{field.attname: getattr(page, field.attname) for field in base_fields})
        for page in pages
    ]
    Page.objects.bulk_create(rows, batch_size=500)
    by_model = {}
    for page, row in zip(pages, rows, strict=True):
        page.pk = page.id = row.pk
        for model in _tables_below_page(type(page)):
            ptr = model._meta.pk
            if ptr.remote_field and ptr.remote_field.parent_link:
                setattr(page, ptr.attname, row.pk)
        by_model.setdefault(type(page), []).append(page)
        page._state.adding = False
    for model, objects in by_model.items():
        for table in _tables_below_page(model):
            _insert_local_fields(table, objects)

    _save_relations(pages)
    _publish(pages, user, now, log)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return pages


def _save_relations(pages):
    children = {}
    tags = {}
    links = {}
    for page in pages:
        for relation, objects in _cluster_children(page):
            for sort_order, child in enumerate(objects):
                setattr(child, relation.field.attname, page.pk)
                if hasattr(child, "sort_order") and child.sort_order is None:
                    child.sort_order = sort_order
            children.setdefault(relation.related_model, []).extend(objects)
        for field, names in _tag_names(page):
            tags.setdefault(field, []).append((page, names))
        for field, objects in _many_to_many(page):
            links.setdefault(field, []).append((page, objects))

    for model, objects in children.items():
        if any(
            isinstance(getattr(child, "tags", None), ClusterTaggableManager)
            for child in objects[:1]
        ):
            raise ValueError(f"{model.__name__}: tagged inline children")
        model.objects.bulk_create(objects, batch_size=500)

    for field, page_names in tags.items():
        through = field.through
        tag_model = through.tag_model()
        wanted = {name for _page, names in page_names for name in names}
        found = {tag.name: tag for tag in tag_model.objects.filter(name__in=wanted)}
        for name in sorted(wanted - set(found)):
            # One by one: taggit makes each new tag's slug unique.
            found[name] = tag_model.objects.create(name=name)
        through.objects.bulk_create(
            [
                through(content_object_id=page.pk, tag=found[name])
                for page, names in page_names
                for name in dict.fromkeys(names)
            ],
            batch_size=500,
        )

    for field, page_objects in links.items():
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        through.objects.bulk_create(
            [
                through(**{f"{source}_id": page.pk, f"{target}_id": item.pk})
                for page, objects in page_objects
                for item in objects
            ],
            batch_size=500,
        )


def _publish(pages, user, now, log):
    page_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type_id=page.content_type_id,
            base_content_type=page_type,
            object_id=str(page.pk),
            created_at=now,
            user=user,
            object_str=str(page)[:255],
            content=page.serializable_data(),
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions, batch_size=500)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
    Page.objects.bulk_update(
        pages, ["latest_revision", "live_revision"], batch_size=500
    )
    if log:
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    content_type_id=page.content_type_id,
                    page_id=page.pk,
                    label=str(page.get_admin_display_title())[:255],
                    action="wagtail.publish",
                    data={},
                    revision=page.live_revision,
                    user=user,
                    timestamp=now,
                    content_changed=True,
                )
                for page in pages
            ],
            batch_size=500,
        )


def update_search_backends(objects):
    """Add the objects to Wagtail's own search backends, in bulk per class
    (what its signal handlers do one object at a time)."""
    by_model = {}
    for item in objects:
        by_model.setdefault(type(item), []).append(item)
    for backend in get_search_backends(with_auto_update=True):
        for model, items in by_model.items():
            backend.add_bulk(model, items)


def specific_pages(ids):
    """The pages `ids` as their specific classes, with their locale, inline
    children and tags fetched in a few queries per class (for indexing many)."""
    by_type = {}
    for pk, type_id in Page.objects.filter(pk__in=ids).values_list(
        "pk", "content_type_id"
    ):
        by_type.setdefault(type_id, []).append(pk)
    pages = []
    for type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        names = [
            relation.get_accessor_name() for relation in get_all_child_relations(model)
        ]
        names += [field.name for field in _tag_fields(model)]
        pages += (
            model.objects.filter(pk__in=pks)
            .select_related("locale")
            .prefetch_related(*names)
        )
    return pages
