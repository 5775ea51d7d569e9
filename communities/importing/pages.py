"""What the communities' page kinds share: page keys, sections and
translations written from the file's own text."""

import re

from django.conf import settings
from wagtail.models import Locale

from intranet.importing import (
    PageKind,
    fold_name,
    split_sections,
    to_html,
)
from intranet.models import HomePage
from intranet.translation import translate_page

PAGE_KEYS = frozenset({"slug", "title", "locale", "translation_of"})


def read_page_keys(item):
    """The keys every page shares: title, slug, locale, translation_of."""
    item.title = item.text("title", required=True, max_length=255)
    item.slug = item.slug_value()
    item.locale = item.locale_value()
    item.translation_of = item.text("translation_of")


def refuse_on_translation(item, keys):
    """A translation shares its source's facts: it may not give them."""
    if item.translation_of:
        for key in keys:
            if key in item.data:
                raise item.problem(
                    key, f"a translation shares {key} with its source: leave it out"
                )


def read_lines(item, key):
    """A list of lines (or text with one per line) as text, one per line."""
    value = item.data.get(key)
    if isinstance(value, list):
        return "\n".join(item.words(key))
    return item.text(key)


def read_count(item, key):
    """A whole number of at least zero, or None."""
    value = item.data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise item.problem(key, f"bad {key} '{value}': give a whole number")
    return value


def read_sections(item, sections):
    """Fill the item's rich-text attributes from `## ` sections of the body;
    {heading folded: attribute}. Attributes without a section are None."""
    for attribute in set(sections.values()):
        setattr(item, attribute, None)
    lead, found = split_sections(item.markdown, item.markdown_line)
    if lead:
        raise item.problem_at(
            item.markdown_line, "text before the first ## heading belongs to none"
        )
    for heading, line, text in found:
        attribute = sections.get(fold_name(heading))
        if attribute is None:
            names = sorted({name.capitalize() for name in sections})
            raise item.problem_at(
                line, f"unknown section '{heading}' (one of: {', '.join(names)})"
            )
        if getattr(item, attribute) is not None:
            raise item.problem_at(line, f"section '{heading}' is given twice")
        setattr(item, attribute, rich_text(text))


def rich_text(markdown):
    """Markdown as rich text, its blocks joined as the editor joins them (no
    line break between `</p>` and `<p>`)."""
    return re.sub(r">\n+<", "><", to_html(markdown))


def home_in(language_code):
    """The home page in `language_code`: the English one, or its translation
    (made now if there is none yet)."""
    english = HomePage.objects.get(depth=2, locale__language_code="en")
    if language_code == "en":
        return english
    locale = Locale.objects.get(language_code=language_code)
    home = english.get_translation_or_none(locale)
    return (home or translate_page(english, language_code)).specific


class TranslatedPageKind(PageKind):
    """A page kind whose translations give only what they translate.

    `shared` names the attributes a translation always takes from its source
    (facts: a date, a country); `texts` those it may leave out, showing the
    source's text until someone translates it. Pages are written one by one so
    that what their creation sets off (a community's groups and members area,
    a meeting's notices) happens as when an editor publishes them.
    """

    shared = ()
    texts = ()

    def writes_in_bulk(self, action):
        return False

    def prepare(self, action, run):
        item = action.item
        if not item.translation_of:
            return
        source = self.source_attributes(item, run)
        if source is None:
            return  # reported by the planning of translations
        for name in self.shared:
            setattr(item, name, source[name])
        for name in self.texts:
            if getattr(item, name) is None:
                setattr(item, name, source[name])

    def planned_source(self, item, run):
        """The item a translation translates, when it is in this import."""
        for language, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            key = self.planned_key(item, language, item.translation_of)
            if language != item.locale and key in run.planned:
                return run.planned[key].item
        return None

    def source_attributes(self, item, run):
        source = self.planned_source(item, run)
        if source is not None:
            return {name: getattr(source, name) for name in (*self.shared, *self.texts)}
        page = self.find_source(item)
        if page is None:
            return None
        return self.attributes_of(page.get_latest_revision_as_object())

    def attributes_of(self, page):
        """The shared and text attributes of an item, as `page` holds them."""
        return {name: getattr(page, name) for name in (*self.shared, *self.texts)}
