"""The filters of the index and library listings, read from the query string.

A value that is malformed or not offered is simply not applied (the listing
falls back to "all" for that filter), never an error. The choices offered are
the ones found in the queryset given, which holds only what the reader may see:
no choice reveals something hidden, and none finds nothing.

The filter sets work on any queryset of the right shape and import no model,
so the page models can use them.
"""

import unicodedata

import django_filters
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Max, Min, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.models import Tag

from intranet.params import int_param
from intranet.taxonomy import Pillar, topic_labels

from .choices import Confidentiality, DocumentType, Theme


def topic_choices(tags):
    """(slug, label) of `tags`, in the reader's language and alphabetical order."""
    labels = topic_labels()
    choices = [
        (tag.slug, labels.get(tag.name, tag.name))
        for tag in tags.order_by("name").distinct()
    ]
    # Decomposed, "ética" sorts among the e's.
    return sorted(
        choices, key=lambda choice: unicodedata.normalize("NFKD", choice[1]).casefold()
    )


def _year_choices(first, last):
    if first is None or last is None:
        return []
    return [(year, str(year)) for year in range(last, first - 1, -1)]


class ListingFilterSet(django_filters.FilterSet):
    """A filter set whose valid values are applied and invalid ones ignored."""

    def offer(self, name, choices):
        """Offer `choices` (found in the queryset) in the filter `name`."""
        self.filters[name].extra["choices"] = choices

    @property
    def applied(self):
        """The filters the reader chose that apply, in the form's order."""
        self.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in ("", None)
        }


# --- Case studies ------------------------------------------------------------------


class CaseStudyFilterSet(ListingFilterSet):
    country = django_filters.ChoiceFilter(
        label=_("Country"), empty_label=_("All countries")
    )
    topic = django_filters.ChoiceFilter(
        field_name="tags__slug", label=_("Topic"), empty_label=_("All topics")
    )
    pillar = django_filters.ChoiceFilter(
        method="filter_pillar",
        choices=Pillar.choices,
        label=_("Pillar"),
        empty_label=_("All pillars"),
    )
    year = django_filters.ChoiceFilter(
        method="filter_year", label=_("Year"), empty_label=_("All years")
    )

    def __init__(self, data, queryset, **kwargs):
        super().__init__(data, queryset, **kwargs)
        codes = set(queryset.exclude(country="").values_list("country", flat=True))
        self.offer(
            "country",
            sorted(
                ((code, countries.name(code)) for code in codes), key=lambda c: c[1]
            ),
        )
        self.offer(
            "topic",
            topic_choices(
                Tag.objects.filter(
                    resources_casestudytag_items__content_object__in=queryset
                )
            ),
        )
        span = queryset.aggregate(
            first=Min("start_year"),
            last_end=Max("end_year"),
            last_start=Max("start_year"),
        )
        last = max(filter(None, (span["last_end"], span["last_start"])), default=None)
        self.offer("year", _year_choices(span["first"], last))

    def filter_pillar(self, queryset, name, value):
        # Pillars are stored as a JSON list; the quoted value matches one item.
        return queryset.filter(pillars__icontains=f'"{value}"')

    def filter_year(self, queryset, name, value):
        # A case study counts in every year of its period; an open end or start
        # means a single year.
        year = int_param(value)
        if year is None:
            return queryset.none()
        return queryset.filter(
            Q(start_year__lte=year, end_year__gte=year)
            | Q(start_year=year, end_year__isnull=True)
            | Q(start_year__isnull=True, end_year=year)
        )


# --- Good practices ----------------------------------------------------------------


class GoodPracticeFilterSet(ListingFilterSet):
    theme = django_filters.ChoiceFilter(
        choices=Theme.choices, label=_("Theme"), empty_label=_("All themes")
    )
    topic = django_filters.ChoiceFilter(
        field_name="tags__slug", label=_("Topic"), empty_label=_("All topics")
    )

    def __init__(self, data, queryset, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.offer(
            "topic",
            topic_choices(
                Tag.objects.filter(
                    resources_goodpracticetag_items__content_object__in=queryset
                )
            ),
        )


# --- Document libraries ------------------------------------------------------------

DOCUMENT_SORTS = {
    "newest": (F("date").desc(nulls_last=True), "title"),
    "oldest": (F("date").asc(nulls_last=True), "title"),
    "title": ("title",),
}
DEFAULT_DOCUMENT_SORT = "newest"


class DocumentFilterSet(ListingFilterSet):
    document_type = django_filters.ChoiceFilter(
        choices=DocumentType.choices, label=_("Type"), empty_label=_("All types")
    )
    language = django_filters.ChoiceFilter(
        choices=settings.LANGUAGES,
        label=_("Language"),
        empty_label=_("All languages"),
    )
    year = django_filters.ChoiceFilter(
        field_name="date",
        lookup_expr="year",
        label=_("Year"),
        empty_label=_("All years"),
    )
    confidentiality = django_filters.ChoiceFilter(
        choices=Confidentiality.choices,
        label=_("Confidentiality"),
        empty_label=_("Any"),
    )
    topic = django_filters.ChoiceFilter(
        field_name="tags__slug", label=_("Topic"), empty_label=_("All topics")
    )
    sort = django_filters.ChoiceFilter(
        method="sort_documents",
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("title", _("Title")),
        ],
        label=_("Sort by"),
        empty_label=None,
    )

    def __init__(self, data, queryset, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Only the years some document is dated in: no choice that finds nothing.
        years = queryset.dates("date", "year", order="DESC")
        self.offer("year", [(day.year, str(day.year)) for day in years])
        content_type = ContentType.objects.get_for_model(queryset.model)
        self.offer(
            "topic",
            topic_choices(
                Tag.objects.filter(
                    taggit_taggeditem_items__content_type=content_type,
                    taggit_taggeditem_items__object_id__in=queryset.values("pk"),
                )
            ),
        )

    def filter_queryset(self, queryset):
        # Newest first unless the reader chose another (valid) order.
        queryset = queryset.order_by(*DOCUMENT_SORTS[DEFAULT_DOCUMENT_SORT])
        return super().filter_queryset(queryset)

    def sort_documents(self, queryset, name, value):
        return queryset.order_by(*DOCUMENT_SORTS[value])
