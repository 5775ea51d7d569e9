"""The search index: one denormalised row per searchable page or document.

Content apps describe their items through `search_entry_data()`; this app copies
that into `SearchEntry` (plus the tree or collection path that decides who may
see it), so one query can filter by permission, locale and facets and rank by
relevance on any Wagtail search backend.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CASE_STUDY = "case_study", _("Case study")
    GOOD_PRACTICE = "good_practice", _("Good practice")
    COMMUNITY = "community", _("Community")
    MEETING = "meeting", _("Meeting")
    DOCUMENT = "document", _("Document")
    PAGE = "page", _("Page")


class SearchEntry(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    item_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    display_title = models.CharField(max_length=255)
    title_folded = models.CharField(max_length=255, db_index=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Accent-free stems between spaces (search.text.index_stems): what the
    # portable engine matches. `title_stems` holds the title's, `summary_stems`
    # the summary's, `stems` those of title, summary and body. PostgreSQL
    # matches its own `search_vector` column instead (added by a PostgreSQL-only
    # migration, built from `display_title`, `summary` and `body`),
    # Elasticsearch its own analysers.
    title_stems = models.TextField(blank=True)
    summary_stems = models.TextField(blank=True)
    stems = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    # `date`, or the earliest date when there is none: sorts alike on every backend.
    sort_date = models.DateField(default=datetime.date.min)
    country = models.CharField(max_length=2, blank=True)
    region = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=10, blank=True)
    # The locale a page belongs to; a document's language ("" = every locale).
    locale = models.CharField(max_length=10, blank=True)
    community_id = models.PositiveBigIntegerField(null=True, blank=True)
    document_type = models.CharField(max_length=30, blank=True)
    url = models.CharField(max_length=500)
    # Who may see the entry: pages by tree path, documents by collection. A
    # collection's path shifts when a sibling is added (collections are sorted by
    # name), so documents keep the collection id, never its path.
    page_path = models.CharField(max_length=255, blank=True, db_index=True)
    collection_id = models.PositiveBigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "item_id"], name="one_entry_per_object"
            )
        ]
        indexes = [models.Index(fields=["locale", "kind"])]

    def __str__(self):
        return self.display_title


class FacetName(models.TextChoices):
    PILLAR = "pillar", _("Pillar")
    TOPIC = "topic", _("Topic")
    YEAR = "year", _("Year")


class SearchFacetValue(models.Model):
    """One value of a multi-valued facet (pillars, topics, years) of an entry."""

    entry = models.ForeignKey(
        SearchEntry, on_delete=models.CASCADE, related_name="facet_values"
    )
    name = models.CharField(max_length=10, choices=FacetName.choices)
    value = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("search facet value")
        verbose_name_plural = _("search facet values")
        indexes = [models.Index(fields=["name", "value"])]

    def __str__(self):
        return f"{self.name}: {self.value}"


class SearchWord(models.Model):
    """A word of an entry's title or summary: the vocabulary "did you mean" draws
    on, always through the entries the reader may see."""

    entry = models.ForeignKey(
        SearchEntry, on_delete=models.CASCADE, related_name="vocabulary"
    )
    folded = models.CharField(max_length=60)
    word = models.CharField(max_length=60)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        indexes = [models.Index(fields=["folded"])]

    def __str__(self):
        return self.word


class ZeroResultQuery(models.Model):
    """A query that found nothing: a gap in the knowledge base. No user is kept."""

    query_text = models.CharField(_("query"), max_length=200)
    locale = models.CharField(_("language"), max_length=10)
    count = models.PositiveIntegerField(_("times searched"), default=1)
    first_seen = models.DateTimeField(_("first searched"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last searched"), auto_now=True)

    class Meta:
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        ordering = ["-last_seen"]
        constraints = [
            models.UniqueConstraint(
                fields=["query_text", "locale"], name="one_row_per_zero_query"
            )
        ]

    def __str__(self):
        return self.query_text
