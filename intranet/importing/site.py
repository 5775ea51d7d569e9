"""The site-wide kinds: the home page, standard pages, site settings and the
topics' labels in each language (see docs/import.md)."""

from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.models import Page, Site

from intranet.models import HomePage, SiteSettings, StandardPage, TopicLabel

from .kinds import LABELS, SITE, Action, Kind, register
from .markdown import body_blocks, to_html
from .pages import PageField, PageKind, StreamField

SITE_KEYS = frozenset({"slug", "title", "locale", "translation_of", "intro"})


def read_page_item(item):
    """The keys every site page shares."""
    item.title = item.text("title", required=True, max_length=255)
    item.slug = item.slug_value()
    item.locale = item.locale_value()
    item.translation_of = item.text("translation_of")


@register
class HomePageKind(PageKind):
    """A locale's home page: its title, and its introduction from the body.

    The English home page exists once the site is migrated; the others are its
    translations (`translation_of: home`)."""

    type = "home_page"
    noun = "home page"
    verbose_name = _("home page")
    order = SITE
    keys = SITE_KEYS
    model = HomePage
    fields = (PageField("intro"),)

    def read(self, item):
        item.title = item.text("title", required=True, max_length=255)
        # Its slug is Wagtail's (each locale's root has its own); "home" names
        # the page in `translation_of`.
        item.slug = item.slug_value(required=False) or "home"
        item.locale = item.locale_value()
        item.translation_of = item.text("translation_of")
        item.intro = to_html(item.markdown)

    def parent(self, item, run, locale):
        return Page.get_first_root_node()

    def find(self, item):
        return HomePage.objects.filter(
            depth=2, locale__language_code=item.locale
        ).first()

    def find_source(self, item):
        return (
            HomePage.objects.filter(depth=2)
            .exclude(locale__language_code=item.locale)
            .order_by("pk")
            .first()
        )

    def values(self, item, action):
        values = super().values(item, action)
        del values["slug"]
        return values

    def current_values(self, page):
        values = super().current_values(page)
        del values["slug"]
        return values

    def set_fields(self, page, item, action):
        slug = page.slug
        super().set_fields(page, item, action)
        page.slug = slug or item.slug

    def writes_in_bulk(self, action):
        return False  # a root page: through wagtail-localize, one by one


@register
class StandardPageKind(PageKind):
    """A plain page below the home page of its locale (About, say): `intro` is
    plain text, the body's paragraphs and `## ` headings its blocks."""

    type = "page"
    noun = "page"
    verbose_name = _("standard page")
    order = SITE
    keys = SITE_KEYS
    model = StandardPage
    fields = (PageField("intro"), StreamField("body"))

    def read(self, item):
        read_page_item(item)
        item.intro = item.text("intro")
        item.body = body_blocks(item.markdown)

    def parent(self, item, run, locale):
        return HomePage.objects.get(depth=2, locale__language_code=locale)


@register
class SiteSettingsKind(Kind):
    """The default site's settings: the convenor's name and contact address."""

    type = "site_settings"
    noun = "site settings"
    verbose_name = _("site settings")
    order = SITE
    keys = frozenset({"convenor_name", "contact_email"})

    def label(self, item):
        return self.noun

    def identity(self, item):
        return (self.type,)

    def read(self, item):
        item.values = {
            "convenor_name": item.text("convenor_name", max_length=200),
            "contact_email": item.text("contact_email", max_length=254),
        }

    def plan(self, item, run):
        settings = SiteSettings.objects.filter(site__is_default_site=True).first()
        action = Action(item=item, values=dict(item.values), existing=settings)
        if settings is not None:
            action.compare({key: getattr(settings, key) for key in item.values})
        return action

    def write(self, action, run):
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        for key, value in action.values.items():
            setattr(settings, key, value)
        settings.full_clean()
        settings.save()
        action.existing = settings


@register
class TopicLabelKind(Kind):
    """What a topic (a tag shared by every language) is called in a language."""

    type = "topic_label"
    noun = "topic label"
    verbose_name = _("topic label")
    order = LABELS
    keys = frozenset({"topic", "locale", "label"})

    def label(self, item):
        return f"{self.noun} {item.locale}/{item.topic}"

    def identity(self, item):
        return (self.type, item.locale, item.topic.lower())

    def read(self, item):
        item.topic = item.text("topic", required=True, max_length=100)
        item.slug = item.topic
        item.locale = item.locale_value()
        item.label_text = item.text("label", required=True, max_length=100)

    def plan(self, item, run):
        existing = TopicLabel.objects.filter(
            tag__name__iexact=item.topic, language=item.locale
        ).first()
        action = Action(item=item, values={"label": item.label_text}, existing=existing)
        if existing is not None:
            action.compare({"label": existing.label})
        return action

    def write(self, action, run):
        item = action.item
        tag = Tag.objects.filter(name__iexact=item.topic).first()
        if tag is None:
            tag = Tag.objects.create(name=item.topic)
        label, _created = TopicLabel.objects.update_or_create(
            tag=tag, language=item.locale, defaults={"label": item.label_text}
        )
        action.existing = label
