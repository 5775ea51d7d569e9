"""The knowledge base: case studies and good practices, and their index pages.

(Document library pages live with the documents they list, in `.media`.)
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from intranet.access import visible_media_for, visible_pages_for
from intranet.access.references import ReferenceCheckedPageForm
from intranet.blocks import BaseStreamBlock
from intranet.models import IntroducedPage
from intranet.search_entry import SearchEntryData
from intranet.taxonomy import Pillar

from ..blocks import StepsBlock
from ..choices import Theme
from ..fields import PillarListField, content_owner_field, review_date_field
from ..listings import case_study_listing, good_practice_listing
from .media import Document

COMMUNITY_PAGE_TYPE = "communities.CommunityPage"
RICH_TEXT_FEATURES = ["h3", "bold", "italic", "link", "document-link", "ol", "ul"]


def plain_text(*parts):
    """Join rich text and plain strings into searchable plain text."""
    return "\n".join(
        " ".join(get_text_for_indexing(str(part)).split()) for part in parts if part
    ).strip()


def stream_text(stream_value):
    if not stream_value:
        return ""
    content = stream_value.stream_block.get_searchable_content(stream_value)
    return plain_text(*content)


def in_locale(model, ids, locale_id):
    """Pages `ids` (chosen in any language) as their translation in `locale_id`,
    or as chosen when there is none yet; one query, whatever the number."""
    chosen = model.objects.filter(pk__in=ids)
    translated = model.objects.filter(
        translation_key__in=chosen.values("translation_key"), locale_id=locale_id
    )
    untranslated = chosen.exclude(
        translation_key__in=translated.values("translation_key")
    )
    return model.objects.filter(
        Q(pk__in=translated.values("pk")) | Q(pk__in=untranslated.values("pk"))
    ).order_by("title")


def linked_ids(links, field):
    """Ids that inline `links` point to: a subquery for a saved page (no query of
    its own), the ids themselves for a page previewed from the editor's form."""
    links = links.all()
    if isinstance(links, models.QuerySet):
        return links.values(field)
    return [getattr(link, field) for link in links]


# Content that stays current (see `content_owner_field`).
CURRENCY_PANEL = MultiFieldPanel(
    [FieldPanel("content_owner"), FieldPanel("review_on")],
    heading=_("Keeping it current"),
)


# --- Case studies ------------------------------------------------------------------


class CaseStudyIndexPage(IntroducedPage):
    """Lists the case studies of one locale, with filters."""

    parent_page_types = ["intranet.HomePage"]
    subpage_types = ["resources.CaseStudyPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("case study index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        case_studies = visible_pages_for(
            request.user, CaseStudyPage.objects.child_of(self)
        )
        context.update(case_study_listing(case_studies, request))
        return context


class CaseStudyTag(TaggedItemBase):
    content_object = ParentalKey(
        "resources.CaseStudyPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CaseStudyPage(Page):
    """An experience or past intervention, and what others can learn from it."""

    summary = models.TextField(
        verbose_name=_("summary"), help_text=_("Two or three sentences for listings.")
    )
    country = CountryField(blank=True, verbose_name=_("country"))
    region = models.CharField(max_length=100, blank=True, verbose_name=_("region"))
    start_year = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("start year")
    )
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("end year")
    )
    pillars = PillarListField(verbose_name=_("pillars involved"))
    challenge = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("challenge")
    )
    approach = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("approach")
    )
    results = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("results")
    )
    lessons_learned = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("lessons learned")
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("more"))
    tags = ClusterTaggableManager(
        through=CaseStudyTag, blank=True, verbose_name=_("topics")
    )
    content_owner = content_owner_field()
    review_on = review_date_field()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
                FieldPanel("pillars"),
                FieldPanel("tags"),
            ],
            heading=_("Where, when and who"),
        ),
        InlinePanel("communities", label=_("Communities involved")),
        FieldPanel("challenge"),
        FieldPanel("approach"),
        FieldPanel("results"),
        FieldPanel("lessons_learned"),
        InlinePanel("changes", label=_("What changed (from → to)")),
        InlinePanel("voices", label=_("Voices and testimonials")),
        FieldPanel("body"),
        InlinePanel("related_practices", label=_("Related good practices")),
        InlinePanel("related_documents", label=_("Related documents")),
        CURRENCY_PANEL,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("challenge"),
        index.SearchField("approach"),
        index.SearchField("results"),
        index.SearchField("lessons_learned"),
        index.FilterField("country"),
    ]

    base_form_class = ReferenceCheckedPageForm
    parent_page_types = ["resources.CaseStudyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    @property
    def pillar_list(self):
        """The pillars involved, as (value, label) pairs in the vocabulary's order."""
        chosen = set(self.pillars or ())
        return [(value, label) for value, label in Pillar.choices if value in chosen]

    @property
    def years(self):
        start = self.start_year or self.end_year
        end = self.end_year or self.start_year
        if start is None:
            return []
        return list(range(start, max(start, end) + 1))

    @property
    def period(self):
        years = self.years
        if not years:
            return ""
        if len(years) == 1:
            return str(years[0])
        return f"{years[0]}–{years[-1]}"

    def consented_voices(self):
        return [voice for voice in self.voices.all() if voice.consent_given]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context["voices"] = self.consented_voices()
        context["community_pages"] = visible_pages_for(
            user,
            in_locale(
                Page,
                linked_ids(self.communities, "community_id"),
                self.locale_id,
            ),
        )
        context["practices"] = visible_pages_for(
            user,
            in_locale(
                GoodPracticePage,
                linked_ids(self.related_practices, "good_practice_id"),
                self.locale_id,
            ).defer_streamfields(),
        )
        context["documents"] = visible_media_for(
            user,
            Document.objects.filter(
                pk__in=linked_ids(self.related_documents, "document_id")
            ),
        )
        return context

    def community_id_for_search(self):
        link = self.communities.select_related("community").first()
        if link is None:
            return None
        community = link.community
        if community.locale_id != self.locale_id:
            community = community.get_translation_or_none(self.locale) or community
        return community.pk

    def search_entry_data(self):
        """What the site search knows about this case study."""
        return SearchEntryData(
            kind="case_study",
            title=self.title,
            summary=self.summary,
            body=plain_text(
                self.summary,
                self.challenge,
                self.approach,
                self.results,
                self.lessons_learned,
                stream_text(self.body),
                *[f"{c.from_text} → {c.to_text}." for c in self.changes.all()],
                *[voice.quote for voice in self.consented_voices()],
            ),
            country=str(self.country or ""),
            region=self.region,
            years=self.years,
            pillars=list(self.pillars or []),
            topics=[tag.name for tag in self.tags.all()],
            community_id=self.community_id_for_search(),
            language=self.locale.language_code,
        )


class CaseStudyChange(TranslatableMixin, Orderable):
    """One line of "what changed": how things were, and how they are now."""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="changes")
    from_text = models.CharField(max_length=255, verbose_name=_("from"))
    to_text = models.CharField(max_length=255, verbose_name=_("to"))

    panels = [FieldRowPanel([FieldPanel("from_text"), FieldPanel("to_text")])]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("change")


class CaseStudyVoice(TranslatableMixin, Orderable):
    """A testimonial. Shown only when the speaker consented to publication."""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="voices")
    quote = models.TextField(verbose_name=_("quote"))
    speaker_role = models.CharField(
        max_length=200,
        verbose_name=_("speaker's role"),
        help_text=_("A role, not a name: for example “artisanal miner, Tarkwa”."),
    )
    consent_given = models.BooleanField(
        default=False,
        verbose_name=_("consent given"),
        help_text=_("The speaker agreed to publication. Without it, it stays hidden."),
    )

    panels = [
        FieldPanel("quote"),
        FieldPanel("speaker_role"),
        FieldPanel("consent_given"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("voice")


class CaseStudyCommunity(Orderable):
    page = ParentalKey(
        CaseStudyPage, on_delete=models.CASCADE, related_name="communities"
    )
    community = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("community"),
    )

    panels = [PageChooserPanel("community", page_type=COMMUNITY_PAGE_TYPE)]


class CaseStudyGoodPractice(Orderable):
    page = ParentalKey(
        CaseStudyPage, on_delete=models.CASCADE, related_name="related_practices"
    )
    good_practice = models.ForeignKey(
        "resources.GoodPracticePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("good practice"),
    )

    panels = [PageChooserPanel("good_practice")]


class CaseStudyDocument(Orderable):
    page = ParentalKey(
        CaseStudyPage, on_delete=models.CASCADE, related_name="related_documents"
    )
    document = models.ForeignKey(
        "resources.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )

    panels = [FieldPanel("document")]


# --- Good practices ----------------------------------------------------------------


class GoodPracticeIndexPage(IntroducedPage):
    """Lists the good practices of one locale, grouped by theme."""

    parent_page_types = ["intranet.HomePage"]
    subpage_types = ["resources.GoodPracticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("good practice index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        practices = visible_pages_for(
            request.user, GoodPracticePage.objects.child_of(self)
        )
        context.update(good_practice_listing(practices, request))
        return context


class GoodPracticeTag(TaggedItemBase):
    content_object = ParentalKey(
        "resources.GoodPracticePage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class GoodPracticePage(Page):
    """A practice that worked, why it matters and how to apply it."""

    summary = models.TextField(
        verbose_name=_("summary"), help_text=_("Two or three sentences for listings.")
    )
    theme = models.CharField(
        max_length=30,
        choices=Theme.choices,
        default=Theme.OTHER,
        verbose_name=_("theme"),
    )
    practice = RichTextField(
        features=RICH_TEXT_FEATURES, verbose_name=_("the practice")
    )
    why_it_matters = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("why it matters")
    )
    steps = StreamField(StepsBlock(), blank=True, verbose_name=_("how to apply it"))
    where_it_applies = models.TextField(blank=True, verbose_name=_("where it applies"))
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("more"))
    tags = ClusterTaggableManager(
        through=GoodPracticeTag, blank=True, verbose_name=_("topics")
    )
    content_owner = content_owner_field()
    review_on = review_date_field()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("theme"), FieldPanel("tags")]),
        FieldPanel("practice"),
        FieldPanel("why_it_matters"),
        FieldPanel("steps"),
        FieldPanel("where_it_applies"),
        InlinePanel("evidence", label=_("Evidence: case studies")),
        FieldPanel("body"),
        CURRENCY_PANEL,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("practice"),
        index.SearchField("why_it_matters"),
        index.FilterField("theme"),
    ]

    base_form_class = ReferenceCheckedPageForm
    parent_page_types = ["resources.GoodPracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["case_studies"] = visible_pages_for(
            request.user,
            in_locale(
                CaseStudyPage,
                [link.case_study_id for link in self.evidence.all()],
                self.locale_id,
            ).defer_streamfields(),
        )
        return context

    def search_entry_data(self):
        """What the site search knows about this good practice."""
        return SearchEntryData(
            kind="good_practice",
            title=self.title,
            summary=self.summary,
            body=plain_text(
                self.summary,
                self.practice,
                self.why_it_matters,
                stream_text(self.steps),
                self.where_it_applies,
                stream_text(self.body),
            ),
            topics=[tag.name for tag in self.tags.all()],
            language=self.locale.language_code,
        )


class GoodPracticeEvidence(Orderable):
    page = ParentalKey(
        GoodPracticePage, on_delete=models.CASCADE, related_name="evidence"
    )
    case_study = models.ForeignKey(
        CaseStudyPage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("case study"),
    )

    panels = [PageChooserPanel("case_study")]
