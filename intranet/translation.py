"""Translate pages through wagtail-localize, so the admin's translation editor,
sync and view-restriction copying all see the same records as an editor's work."""

import html

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    TranslatableObject,
    Translation,
    TranslationSource,
)

from intranet.tasks import read_translation_sources


def translate_page(page, language_code, strings=None, user=None):
    """Create or update the `language_code` translation of `page` and publish it.

    `strings` maps source strings (a title, a paragraph, a plain-text field) to
    their translation; any string without one keeps the source text. The parent
    page must already exist in the target locale. Returns the translated page.
    """
    strings = strings or {}
    locale = Locale.objects.get(language_code=language_code)
    with transaction.atomic():
        source, created = TranslationSource.get_or_create_from_instance(page)
        if not created:
            source.update_from_db()
        translation, _ = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        segments = StringSegment.objects.filter(source=source).select_related(
            "string", "context"
        )
        for segment in segments:
            text = segment.string.data
            # Plain-text fields are stored as HTML: entities escaped, lines
            # joined by <br/>.
            plain = html.unescape(text.replace("<br/>", "\n"))
            target = strings.get(text) or strings.get(plain)
            if not target:
                continue
            if plain != text:
                target = html.escape(target, quote=False).replace("\n", "<br/>")
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": target,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "last_translated_by": user,
                },
            )
        # Publish here rather than through wagtail-localize's on-commit hook: a
        # deferred publish inside a longer transaction would write back a stale
        # copy of the tree (a parent's child count, for one).
        translation.save_target(user=user, publish=False)
        translated = page.get_translation(locale).specific
        translated.get_latest_revision().publish(user=user)
    return page.get_translation(locale).specific


def record_translations_in_bulk(pairs, read_sources=True):
    """Record (source page, translated page) pairs, both saved, as wagtail-localize
    translations that are not synchronised, with a few bulk queries: what
    `translate_page` followed by the admin's "Stop synced translation" leaves,
    for pages whose translated text was written directly (an import).

    The source's strings are read for wagtail-localize's editor by a background
    task (`read_translation_sources`), so that "Start synced translation" later
    finds them; `read_sources=False` leaves that out (generated content). A
    source's own view restriction is copied to its translation.
    """
    pairs = list(pairs)
    if not pairs:
        return
    page_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()
    sources_by_key = {source.translation_key: source for source, _page in pairs}
    TranslatableObject.objects.bulk_create(
        [
            TranslatableObject(translation_key=key, content_type=page_type)
            for key in sources_by_key
        ],
        ignore_conflicts=True,
    )
    existing = {
        (source.object_id, source.locale_id): source
        for source in TranslationSource.objects.filter(
            object_id__in=list(sources_by_key)
        )
    }
    new_sources = []
    for source in sources_by_key.values():
        if (source.translation_key, source.locale_id) not in existing:
            record = TranslationSource(
                object_id=source.translation_key,
                specific_content_type_id=source.content_type_id,
                locale_id=source.locale_id,
                object_repr=str(source)[:200],
                content_json=source.to_json(),
                last_updated_at=now,
            )
            existing[(source.translation_key, source.locale_id)] = record
            new_sources.append(record)
    TranslationSource.objects.bulk_create(new_sources, batch_size=500)
    Translation.objects.bulk_create(
        [
            Translation(
                source=existing[(source.translation_key, source.locale_id)],
                target_locale_id=page.locale_id,
                enabled=False,
            )
            for source, page in pairs
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    if new_sources and read_sources:
        ids = [source.pk for source in new_sources]
        transaction.on_commit(lambda: read_translation_sources.enqueue(ids))
    restricted = PageViewRestriction.objects.filter(
        page_id__in=[source.pk for source, _page in pairs]
    )
    for restriction in restricted:
        restriction.save()  # mirrored to the new translations
