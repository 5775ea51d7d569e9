"""The page kind: what every imported page type shares, written once.

A page type declares its `model`, its `parent` (the page new items go under,
per locale) and its `fields`; the kind does the rest: find the page again by
locale and slug, compare what the file asks for with what the page holds, and
write it: new pages in bulk (`intranet.bulk.add_live_children`) with one
published revision each, changed pages with one new revision, and translations
(`translation_of`) through wagtail-localize, marked as not synchronised so that
the file's text stays the translation.
"""

from django.conf import settings
from wagtail.models import Locale
from wagtail_localize.models import Translation

from intranet.bulk import add_live_children
from intranet.translation import record_translations_in_bulk, translate_page

from .kinds import Action, Kind


class PageField:
    """One page field the import fills from an item attribute.

    `source` is the item attribute (by default the field's name) or a function
    of the item; `wanted` and `current` give comparable values, `write` sets the
    field on a page.
    """

    def __init__(self, name, source=None, default=""):
        self.name = name
        self.source = source or name
        self.default = default

    def value(self, item, action):
        if callable(self.source):
            return self.source(item)
        return getattr(item, self.source, self.default)

    def wanted(self, item, action):
        return self.value(item, action)

    def current(self, page):
        return getattr(page, self.name)

    def write(self, page, item, action):
        setattr(page, self.name, self.value(item, action))


class StreamField(PageField):
    """A StreamField given as a list of {"type", "value"} blocks."""

    def __init__(self, name, source=None, default=None):
        super().__init__(name, source, default if default is not None else [])

    def current(self, page):
        return [
            {"type": block["type"], "value": block["value"]}
            for block in getattr(page, self.name).raw_data
        ]


class TagsField(PageField):
    """Topics (tags), compared without case or order."""

    def __init__(self, name="tags", source="topics"):
        super().__init__(name, source, [])

    def wanted(self, item, action):
        return sorted(topic.lower() for topic in self.value(item, action))

    def current(self, page):
        return sorted(tag.name.lower() for tag in getattr(page, self.name).all())

    def write(self, page, item, action):
        getattr(page, self.name).set(self.value(item, action))


class CountryField(PageField):
    def current(self, page):
        return getattr(page, self.name).code or ""


class ListField(PageField):
    def __init__(self, name, source=None):
        super().__init__(name, source, [])

    def current(self, page):
        return list(getattr(page, self.name) or [])


class InlineField(PageField):
    """Inline children (an InlinePanel's rows), compared as `key(row)` values.

    `rows(item, action)` gives the unsaved child objects to write; `key` turns a
    row into what is compared (say, the community a link points to)."""

    def __init__(self, name, rows, key):
        super().__init__(name, None, [])
        self.rows = rows
        self.key = key

    def wanted(self, item, action):
        return [self.key(row) for row in self.rows(item, action)]

    def current(self, page):
        return [self.key(row) for row in getattr(page, self.name).all()]

    def write(self, page, item, action):
        setattr(page, self.name, self.rows(item, action))


class PageKind(Kind):
    """A Wagtail page type, found again by locale and slug.

    Subclasses set `model` and `fields`, and implement `parent(item, run,
    locale)`: the page new items of `locale` go under (get or create it; use
    `run.memo` to look it up once per run). `prepare(action, run)` may look up
    what the fields refer to (kept in `action.extra`), read-only.
    """

    model = None
    fields = ()

    def parent(self, item, run, locale):
        raise NotImplementedError

    def prepare(self, action, run):
        """Look up, read-only, what the item refers to; raise a problem if
        something is missing."""

    # --- Fields, written once for every page type ------------------------------

    def values(self, item, action):
        values = {"title": item.title, "slug": item.slug}
        for page_field in self.fields:
            values[page_field.name] = page_field.wanted(item, action)
        return values

    def current_values(self, page):
        values = {"title": page.title, "slug": page.slug}
        for page_field in self.fields:
            values[page_field.name] = page_field.current(page)
        return values

    def set_fields(self, page, item, action):
        page.title = item.title
        page.draft_title = item.title
        page.slug = item.slug
        for page_field in self.fields:
            page_field.write(page, item, action)

    # --- Finding pages ---------------------------------------------------------

    def find(self, item):
        return (
            self.model.objects.filter(locale__language_code=item.locale, slug=item.slug)
            .order_by("pk")
            .first()
        )

    def find_source(self, item):
        return (
            self.model.objects.filter(slug=item.translation_of)
            .exclude(locale__language_code=item.locale)
            .order_by("pk")
            .first()
        )

    def check(self, items, problems):
        """One translation per source and locale: a second one is skipped."""
        translated, kept = {}, []
        for item in items:
            if item.translation_of:
                pair = self.planned_key(item, item.locale, item.translation_of)
                if pair in translated:
                    problems.append(
                        item.problem(
                            "translation_of",
                            f"'{item.translation_of}' already has a {item.locale} "
                            f"translation in {translated[pair].path}",
                        )
                    )
                    continue
                translated[pair] = item
            kept.append(item)
        return kept

    # --- Planning ----------------------------------------------------------------

    def plan(self, item, run):
        action = Action(item=item)
        self.prepare(action, run)
        action.values = self.values(item, action)
        existing = self.find(item)
        if item.translation_of:
            existing = self._plan_translation(action, existing, run)
        if existing is not None:
            action.existing = existing
            action.compare(
                self.current_values(existing.get_latest_revision_as_object())
            )
        return action

    def _plan_translation(self, action, existing, run):
        item = action.item
        source = self.find_source(item)
        in_import = [
            run.planned[key]
            for language, _name in settings.WAGTAIL_CONTENT_LANGUAGES
            if language != item.locale
            and (key := self.planned_key(item, language, item.translation_of))
            in run.planned
        ]
        if source is None and not in_import:
            raise item.problem(
                "translation_of",
                f"'{item.translation_of}' is not a {self.noun} in this import or "
                "on the site",
            )
        if in_import and in_import[0].existing is not None:
            source = in_import[0].existing
        action.extra["source"] = source
        if source is not None:
            translation = source.get_translation_or_none(
                Locale.objects.get(language_code=item.locale)
            )
            if existing is None and translation is not None:
                existing = translation.specific
            elif existing is not None and existing.translation_key != (
                source.translation_key
            ):
                raise item.problem(
                    "translation_of",
                    f"{item.locale}/{item.slug} already exists and is not a "
                    f"translation of '{item.translation_of}'",
                )
        return existing

    # --- Writing -------------------------------------------------------------------

    def writes_in_bulk(self, action):
        return action.verb == "create"

    def bulk_group(self, action):
        return action.item.locale

    def write_bulk(self, actions, run):
        """Create new pages of one locale under their parent, in bulk."""
        item = actions[0].item
        sources = []
        if item.translation_of:
            sources = [self.source_of(action) for action in actions]
            for source in sources:
                self.parent(item, run, source.locale.language_code)
        locale = Locale.objects.get(language_code=item.locale)
        by_parent, pages = {}, []
        for number, action in enumerate(actions):
            page = self.model(locale=locale)
            self.set_fields(page, action.item, action)
            if sources:
                page.translation_key = sources[number].translation_key
            parent = self.parent(action.item, run, action.item.locale)
            by_parent.setdefault(parent.pk, (parent, []))[1].append(page)
            pages.append(page)
        for parent, children in by_parent.values():
            add_live_children(parent, children)
        if sources:
            record_translations_in_bulk(zip(sources, pages, strict=True))
        for action, page in zip(actions, pages, strict=True):
            action.existing = page
        run.written.extend(pages)

    def source_of(self, action):
        """The page a new translation translates: on the site or just created."""
        item = action.item
        source = action.extra.get("source") or self.find_source(item)
        if source is None:
            raise ValueError(f"'{item.translation_of}' was not imported")
        if not source.live:
            raise ValueError(f"'{item.translation_of}' is not published")
        return source

    def write(self, action, run):
        item = action.item
        if action.existing is not None:
            page = action.existing.get_latest_revision_as_object()
        elif item.translation_of:
            page = self.create_translation(action, run)
        else:
            parent = self.parent(item, run, item.locale)
            page = self.model(locale=parent.locale)
            self.set_fields(page, item, action)
            parent.add_child(instance=page)
        self.set_fields(page, item, action)
        page.save_revision(clean=True).publish()
        if item.translation_of:
            stop_translation_sync(page)
        action.existing = page
        run.written.append(page)

    def create_translation(self, action, run):
        """Make the page a wagtail-localize translation of its source.

        `translate_page` records the TranslationSource and Translation and gives
        the new page the source's translation_key (and its view restrictions),
        so the language switcher and the admin see a real translation. The text
        then comes from the file, and the Translation is marked as no longer
        synchronised (what the admin's "Stop synced translation" does):
        otherwise the admin would open wagtail-localize's string editor on the
        source's strings and a later "Sync translated pages" would overwrite
        the imported text.
        """
        item = action.item
        source = action.extra.get("source") or self.find_source(item)
        if source is None:
            raise ValueError(f"'{item.translation_of}' was not imported")
        self.parent(item, run, source.locale.language_code)
        self.parent(item, run, item.locale)
        return translate_page(
            source, item.locale, {source.title: item.title}
        ).get_latest_revision_as_object()


def stop_translation_sync(page):
    """The file is the translation: keep wagtail-localize from syncing over it."""
    Translation.objects.filter(
        source__object_id=page.translation_key,
        target_locale_id=page.locale_id,
        enabled=True,
    ).update(enabled=False)
