"""Site search pages: HTML, JSON and title suggestions (search.queries,
search.suggestions)."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from search.queries import perform_search
from search.request import SearchRequest
from search.suggestions import suggestions

FORMATS = ("html", "json")


def _language():
    return (get_language() or "en").split("-")[0]


def _result_json(result):
    return {
        "title": result.title,
        "url": result.url,
        "type": result.kind,
        "locale": result.locale,
        "snippet": result.snippet,
        "date": result.date.isoformat() if result.date else None,
    }


def _json(outcome):
    other = outcome.other_language
    answer = {
        "query": outcome.request.query,
        "total": outcome.total,
        "page": outcome.page_obj.number,
        "results": [_result_json(result) for result in outcome.results],
        "facets": {
            facet.name: [
                {"value": value.value, "label": value.label, "count": value.count}
                for value in facet.values
            ]
            for facet in outcome.facets
        },
    }
    # Present only when there is something to say: the shape stays as
    # documented for a search that found enough.
    if outcome.did_you_mean:
        answer["did_you_mean"] = outcome.did_you_mean
    if other:
        answer["other_language"] = {
            "language": other.language,
            "total": other.total,
            "results": [_result_json(result) for result in other.results],
        }
    return answer


@require_GET
def search_page(request):
    """The search page; `?format=json` answers the same search as JSON."""
    answer_format = request.GET.get("format", "html")
    if answer_format not in FORMATS:
        return HttpResponseBadRequest(
            _("Unknown format. Use format=json, or leave it out for the web page."),
            content_type="text/plain; charset=utf-8",
        )
    search_request = SearchRequest.from_querydict(request.GET, _language())
    outcome = perform_search(request.user, search_request)
    if answer_format == "json":
        return JsonResponse(_json(outcome))
    chips = [
        dict(chip, url="?" + urlencode(chip["parameters"])) for chip in outcome.chips
    ]
    sort_links = [
        (
            sort,
            label,
            "?" + urlencode(_with_sort(search_request, sort)),
            sort == search_request.sort,
        )
        for sort, label in (("relevance", _("Relevance")), ("date", _("Date")))
    ]
    return render(
        request,
        "search/search_page.html",
        {
            "search_query": search_request.query,
            "outcome": outcome,
            "page_obj": outcome.page_obj,
            "query_string": urlencode(search_request.parameters()),
            "chips": chips,
            "sort_links": sort_links,
            "did_you_mean_url": "?" + urlencode({"q": outcome.did_you_mean})
            if outcome.did_you_mean
            else "",
            "other_language_url": "?"
            + urlencode([*search_request.parameters(), ("all_languages", "1")])
            if outcome.other_language
            else "",
        },
    )


def _with_sort(search_request, sort):
    pairs = [pair for pair in search_request.parameters() if pair[0] != "sort"]
    return [*pairs, ("sort", sort)]


@require_GET
def suggest(request):
    """Title suggestions for the search box, from visible entries only."""
    query = request.GET.get("q", "")
    entries = suggestions(request.user, query, _language())
    return JsonResponse(
        {
            "query": query[:200].replace("\x00", ""),
            "suggestions": [
                {"title": entry.display_title, "url": entry.url, "type": entry.kind}
                for entry in entries
            ],
        }
    )
