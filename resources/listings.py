"""The filtered, paginated listings of the index and library pages.

Filters come from the query string through forms: a value that is malformed or
unknown is simply not applied (the listing falls back to "all"), never an error.
Everything a visitor may not see is removed inside the query, through
`intranet.access`, so counts, choices and pages only reflect what they may see.
"""

import unicodedata

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import F, Max, Min, Q
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.models import Tag
from wagtail.models import Collection

from intranet.access import visible_media_for, visible_pages_for
from intranet.taxonomy import Pillar, topic_labels

from .pages import CaseStudyPage, GoodPracticePage, Theme

CASE_STUDIES_PER_PAGE = 12
DOCUMENTS_PER_PAGE = 20


def _with_all(label, choices):
    return [("", label), *choices]


class ListingFilterForm(forms.Form):
    """A GET form whose valid values are applied and invalid ones ignored."""

    def applied(self):
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in ("", None) and name not in self.errors
        }


def _query_string(applied):
    return urlencode(applied)


def _topic_choices(tags):
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


# --- Case studies ------------------------------------------------------------------


class CaseStudyFilterForm(ListingFilterForm):
    country = forms.ChoiceField(required=False, label=_("Country"))
    topic = forms.ChoiceField(required=False, label=_("Topic"))
    pillar = forms.ChoiceField(
        required=False,
        label=_("Pillar"),
        choices=_with_all(_("All pillars"), Pillar.choices),
    )
    year = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label=_("Year")
    )

    def __init__(self, data, case_studies):
        super().__init__(data)
        codes = set(case_studies.exclude(country="").values_list("country", flat=True))
        country_choices = sorted(
            ((code, countries.name(code)) for code in codes), key=lambda c: c[1]
        )
        self.fields["country"].choices = _with_all(_("All countries"), country_choices)
        tags = Tag.objects.filter(
            resources_casestudytag_items__content_object__in=case_studies
        )
        self.fields["topic"].choices = _with_all(_("All topics"), _topic_choices(tags))
        span = case_studies.aggregate(
            first=Min("start_year"),
            last_end=Max("end_year"),
            last_start=Max("start_year"),
        )
        last = max(filter(None, (span["last_end"], span["last_start"])), default=None)
        self.fields["year"].choices = _with_all(
            _("All years"), _year_choices(span["first"], last)
        )


def filter_case_studies(case_studies, applied):
    if "country" in applied:
        case_studies = case_studies.filter(country=applied["country"])
    if "topic" in applied:
        case_studies = case_studies.filter(tags__slug=applied["topic"])
    if "pillar" in applied:
        # Pillars are stored as a JSON list; the quoted value matches one item.
        case_studies = case_studies.filter(pillars__icontains=f'"{applied["pillar"]}"')
    if "year" in applied:
        year = applied["year"]
        case_studies = case_studies.filter(
            Q(start_year__lte=year, end_year__gte=year)
            | Q(start_year=year, end_year__isnull=True)
            | Q(start_year__isnull=True, end_year=year)
        )
    return case_studies


def case_study_listing(index, request):
    visible = visible_pages_for(request.user, CaseStudyPage.objects.child_of(index))
    form = CaseStudyFilterForm(request.GET, visible)
    applied = form.applied()
    case_studies = (
        filter_case_studies(visible, applied)
        .defer_streamfields()
        .prefetch_related("tags")
        .order_by(F("start_year").desc(nulls_last=True), "title")
    )
    page_obj = Paginator(case_studies, CASE_STUDIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return {
        "filter_form": form,
        "filters_applied": bool(applied),
        "page_obj": page_obj,
        "case_studies": page_obj.object_list,
        "query_string": _query_string(applied),
    }


# --- Good practices ----------------------------------------------------------------


class GoodPracticeFilterForm(ListingFilterForm):
    theme = forms.ChoiceField(
        required=False,
        label=_("Theme"),
        choices=_with_all(_("All themes"), Theme.choices),
    )
    topic = forms.ChoiceField(required=False, label=_("Topic"))

    def __init__(self, data, practices):
        super().__init__(data)
        tags = Tag.objects.filter(
            resources_goodpracticetag_items__content_object__in=practices
        )
        self.fields["topic"].choices = _with_all(_("All topics"), _topic_choices(tags))


def good_practice_listing(index, request):
    visible = visible_pages_for(request.user, GoodPracticePage.objects.child_of(index))
    form = GoodPracticeFilterForm(request.GET, visible)
    applied = form.applied()
    practices = visible
    if "theme" in applied:
        practices = practices.filter(theme=applied["theme"])
    if "topic" in applied:
        practices = practices.filter(tags__slug=applied["topic"])
    practices = (
        practices.defer_streamfields().prefetch_related("tags").order_by("title")
    )
    by_theme = {}
    for practice in practices:
        by_theme.setdefault(practice.theme, []).append(practice)
    themes = [
        {"value": value, "label": label, "practices": by_theme[value]}
        for value, label in Theme.choices
        if value in by_theme
    ]
    return {
        "filter_form": form,
        "filters_applied": bool(applied),
        "themes": themes,
        "practice_count": sum(len(theme["practices"]) for theme in themes),
    }


# --- Document libraries ------------------------------------------------------------

DOCUMENT_SORTS = {
    "newest": (F("date").desc(nulls_last=True), "title"),
    "oldest": (F("date").asc(nulls_last=True), "title"),
    "title": ("title",),
}


class DocumentFilterForm(ListingFilterForm):
    document_type = forms.ChoiceField(required=False, label=_("Type"))
    language = forms.ChoiceField(required=False, label=_("Language"))
    year = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label=_("Year")
    )
    confidentiality = forms.ChoiceField(required=False, label=_("Confidentiality"))
    topic = forms.ChoiceField(required=False, label=_("Topic"))
    sort = forms.ChoiceField(
        required=False,
        label=_("Sort by"),
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("title", _("Title")),
        ],
    )

    def __init__(self, data, documents):
        from .models import Confidentiality, DocumentType

        super().__init__(data)
        self.fields["document_type"].choices = _with_all(
            _("All types"), DocumentType.choices
        )
        self.fields["language"].choices = _with_all(
            _("All languages"), settings.LANGUAGES
        )
        self.fields["confidentiality"].choices = _with_all(
            _("Any"), Confidentiality.choices
        )
        # Only the years some document is dated in: no choice that finds nothing.
        years = documents.dates("date", "year", order="DESC")
        self.fields["year"].choices = _with_all(
            _("All years"), [(day.year, str(day.year)) for day in years]
        )
        content_type = ContentType.objects.get_for_model(documents.model)
        tags = Tag.objects.filter(
            taggit_taggeditem_items__content_type=content_type,
            taggit_taggeditem_items__object_id__in=documents.values("pk"),
        )
        self.fields["topic"].choices = _with_all(_("All topics"), _topic_choices(tags))


def document_listing(library, request):
    from .models import Document

    if library.collection_id is None:
        documents = Document.objects.none()
    else:
        # The library's collection path as a subquery: no query of its own.
        path = Collection.objects.filter(pk=library.collection_id).values("path")
        documents = visible_media_for(
            request.user,
            Document.objects.filter(collection__path__startswith=path[:1]).defer(
                "extracted_text"
            ),
        )
    form = DocumentFilterForm(request.GET, documents)
    applied = form.applied()
    for field in ("document_type", "language", "confidentiality"):
        if field in applied:
            documents = documents.filter(**{field: applied[field]})
    if "year" in applied:
        documents = documents.filter(date__year=applied["year"])
    if "topic" in applied:
        documents = documents.filter(tags__slug=applied["topic"])
    documents = documents.order_by(
        *DOCUMENT_SORTS[applied.get("sort", "newest")]
    ).prefetch_related("tags")
    page_obj = Paginator(documents, DOCUMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return {
        "filter_form": form,
        "filters_applied": bool({k for k in applied if k != "sort"}),
        "page_obj": page_obj,
        "documents": page_obj.object_list,
        "query_string": _query_string(applied),
    }
