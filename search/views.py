"""Site search: only what the searcher may view, decided inside the query."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from intranet.access import visible_pages_for

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def _clean_query(raw):
    return raw.replace("\x00", " ").strip()[:MAX_QUERY_LENGTH]


def _searchable_pages(request):
    pages = Page.objects.filter(depth__gt=1)
    locale = Locale.objects.filter(language_code=get_language()).first()
    if locale is not None:
        pages = pages.filter(locale=locale)
    return visible_pages_for(request.user, pages)


@require_GET
def search_page(request):
    query = _clean_query(request.GET.get("q", ""))
    results = Page.objects.none()
    if query:
        results = _searchable_pages(request).search(query)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    return render(
        request,
        "search/search_page.html",
        {"search_query": query, "page_obj": page_obj, "query_string": f"q={query}"},
    )


@require_GET
def suggest(request):
    query = _clean_query(request.GET.get("q", ""))
    suggestions = []
    if query:
        pages = _searchable_pages(request).autocomplete(query)[:8]
        suggestions = [{"title": p.title, "url": p.get_url(request)} for p in pages]
    return JsonResponse({"query": query, "suggestions": suggestions})
