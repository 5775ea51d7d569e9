"""The filtered, paginated listings of the index and library pages.

Each function takes what the reader may see (narrowed by the page through
`intranet.access`, inside the query), so counts, choices and pages only reflect
that, and returns the template context. Filters come from the query string
through the filter sets of `resources.filters`.
"""

from django.core.paginator import Paginator
from django.db.models import F
from django.utils.http import urlencode

from intranet.params import int_param

from .choices import Theme
from .filters import CaseStudyFilterSet, DocumentFilterSet, GoodPracticeFilterSet

CASE_STUDIES_PER_PAGE = 12
DOCUMENTS_PER_PAGE = 20


def case_study_listing(case_studies, request):
    """The context of a case study index: `case_studies` (visible ones) filtered
    from the query string, the most recent first, a page at a time."""
    filterset = CaseStudyFilterSet(request.GET, case_studies)
    applied = filterset.applied
    case_studies = (
        filterset.qs.defer_streamfields()
        .prefetch_related("tags")
        .order_by(F("start_year").desc(nulls_last=True), "title")
    )
    page_obj = Paginator(case_studies, CASE_STUDIES_PER_PAGE).get_page(
        int_param(request.GET.get("page"), default=1, minimum=1)
    )
    return {
        "filter_form": filterset.form,
        "filters_applied": bool(applied),
        "page_obj": page_obj,
        "case_studies": page_obj.object_list,
        "query_string": urlencode(applied),
    }


def good_practice_listing(practices, request):
    """The context of a good practice index: `practices` (visible ones) filtered
    from the query string, grouped by theme in the vocabulary's order."""
    filterset = GoodPracticeFilterSet(request.GET, practices)
    applied = filterset.applied
    practices = filterset.qs.defer_streamfields().prefetch_related("tags")
    by_theme = {}
    for practice in practices.order_by("title"):
        by_theme.setdefault(practice.theme, []).append(practice)
    themes = [
        {"value": value, "label": label, "practices": by_theme[value]}
        for value, label in Theme.choices
        if value in by_theme
    ]
    return {
        "filter_form": filterset.form,
        "filters_applied": bool(applied),
        "themes": themes,
        "practice_count": sum(len(theme["practices"]) for theme in themes),
    }


def document_listing(documents, request):
    """The context of a document library: `documents` (visible ones) filtered and
    sorted from the query string, a page at a time."""
    # The listing never shows a document's text, which may be long.
    filterset = DocumentFilterSet(request.GET, documents.defer("extracted_text"))
    applied = filterset.applied
    page_obj = Paginator(
        filterset.qs.prefetch_related("tags"), DOCUMENTS_PER_PAGE
    ).get_page(int_param(request.GET.get("page"), default=1, minimum=1))
    return {
        "filter_form": filterset.form,
        # Sorting is not filtering: nothing to clear.
        "filters_applied": bool(applied.keys() - {"sort"}),
        "page_obj": page_obj,
        "documents": page_obj.object_list,
        "query_string": urlencode(applied),
    }
