"""Translate pages through wagtail-localize, so the admin's translation editor,
sync and view-restriction copying all see the same records as an editor's work."""

import html

from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


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
