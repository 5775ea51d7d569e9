"""Site-wide pages and settings: the home page, plain content pages, site settings."""

import time

from django.conf import settings
from django.db import models
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from .access.references import ReferenceCheckedPageForm
from .blocks import BaseStreamBlock
from .search_entry import SearchEntryData

HOME_PANELS_HOOK = "minka_home_panels"


class IntroducedPage(Page):
    """A page that opens with a short rich-text introduction: the home page and
    the pages that list others (communities, members areas, case studies, good
    practices, libraries)."""

    intro = RichTextField(
        blank=True, features=["bold", "italic", "link"], verbose_name=_("introduction")
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    base_form_class = ReferenceCheckedPageForm

    class Meta:
        abstract = True


class HomePage(IntroducedPage):
    """The root of each locale's tree: the public face, and a member's start page.

    Feature apps add panels (such as "My communities") through the
    `minka_home_panels` hook: each function takes the request and returns a
    `(template_name, context)` pair, or None to show nothing.
    """

    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = IntroducedPage.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        panels = []
        for panel_function in hooks.get_hooks(HOME_PANELS_HOOK):
            panel = panel_function(request)
            if panel:
                panels.append(panel)
        context["home_panels"] = panels
        return context


def english_home():
    """The English home page, the root of the site's tree in its first language."""
    return HomePage.objects.get(depth=2, locale__language_code="en")


class StandardPage(Page):
    """A plain content page: about, how to join, terms of participation."""

    intro = models.TextField(blank=True, verbose_name=_("introduction"))
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    base_form_class = ReferenceCheckedPageForm
    parent_page_types = ["intranet.HomePage", "intranet.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def search_entry_data(self):
        """What the site search knows about this page."""
        body = self.body.stream_block.get_searchable_content(self.body)
        return SearchEntryData(
            kind="page",
            title=self.title,
            summary=self.search_description or self.intro,
            body=get_text_for_indexing(" ".join([self.intro, *body])),
            date=self.last_published_at.date() if self.last_published_at else None,
            language=self.locale.language_code,
        )


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the footer says about who runs the site."""

    convenor_name = models.CharField(
        max_length=200,
        blank=True,
        verbose_name=_("convenor"),
        help_text=_("The neutral organisation that acts as convenor and secretariat."),
    )
    contact_email = models.EmailField(blank=True, verbose_name=_("contact email"))

    panels = [FieldPanel("convenor_name"), FieldPanel("contact_email")]

    class Meta:
        verbose_name = _("site settings")


class TopicLabel(models.Model):
    """What a topic is called in one language.

    Topics are tags shared by every language, so filtering by a topic finds the
    same items in English and Spanish; a label only changes what readers see.
    Without a label, a topic shows its tag name.
    """

    tag = models.ForeignKey(
        "taggit.Tag",
        on_delete=models.CASCADE,
        related_name="labels",
        verbose_name=_("topic"),
    )
    language = models.CharField(
        max_length=7, choices=settings.LANGUAGES, verbose_name=_("language")
    )
    label = models.CharField(max_length=100, verbose_name=_("label"))

    panels = [FieldPanel("tag"), FieldPanel("language"), FieldPanel("label")]

    class Meta:
        ordering = ["tag__name", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["tag", "language"], name="one_topic_label_per_language"
            )
        ]
        verbose_name = _("topic label")
        verbose_name_plural = _("topic labels")

    def __str__(self):
        return self.label


class ContentVersion(models.Model):
    """The version of everything pages show, one row kept in the database.

    Shared fragments and visitors' cached pages are keyed by it
    (`intranet.caching`). It lives here, not in Redis, so that it survives a Redis
    outage and can never go back when Redis restarts from an older snapshot (or
    the database is restored): each move takes it past both its last value and
    the present moment in microseconds, so no earlier number comes round again.
    """

    ROW = 1

    number = models.BigIntegerField(verbose_name=_("number"))

    # Moving the version on is not itself a change of content.
    changes_no_shared_content = True

    class Meta:
        verbose_name = _("content version")

    def __str__(self):
        return str(self.number)

    @classmethod
    def current(cls):
        """The version now (one query by primary key)."""
        row, _created = cls.objects.get_or_create(
            pk=cls.ROW, defaults={"number": _microseconds()}
        )
        return row.number

    @classmethod
    def move_on(cls):
        """Move the version on, inside the caller's transaction: readers elsewhere
        see the new number when, and only when, they see the new content."""
        now = _microseconds()
        moved = cls.objects.filter(pk=cls.ROW).update(
            number=Greatest(models.F("number") + 1, models.Value(now))
        )
        if not moved:
            cls.objects.get_or_create(pk=cls.ROW, defaults={"number": now})


def _microseconds():
    return time.time_ns() // 1000
