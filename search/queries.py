"""One search, from the parsed request to everything the page shows.

The reader's scope (search.scope) is built first and handed to the engine:
the text match, facet counts, pagination, snippets, suggestions and promotions
all start from it, so nothing restricted is ever counted, ranked or hinted at.
"""

from django.conf import settings

from intranet.params import int_params
from search.engine import get_engine
from search.facets import build_facets
from search.presentation import (
    OtherLanguage,
    SearchOutcome,
    community_titles,
    results_for,
)
from search.promotions import promotions_for
from search.scope import scope_for
from search.suggestions import did_you_mean
from search.text import parse_query
from search.zero_results import log_if_unanswered

RESULTS_PER_PAGE = 10
# Fewer results than this: propose other words, show the other language's.
FEW_RESULTS = 3
OTHER_LANGUAGE_RESULTS = 5


def _other_language(user, request, query, scope):
    """The other site languages' best results for the same words, unfiltered."""
    others = [code for code in request.languages if code != request.language]
    if not others:
        return None
    hits = get_engine().search(
        scope.with_locales(others),
        query,
        {},
        "relevance",
        1,
        OTHER_LANGUAGE_RESULTS,
        facets=False,
    )
    if not hits.total:
        return None
    entries = list(hits.page_obj.object_list)
    titles = community_titles(user, [e.community_id for e in entries if e.community_id])
    return OtherLanguage(
        language=others[0],
        name=str(dict(settings.LANGUAGES).get(others[0], others[0])),
        results=results_for(entries, list(query.terms), titles),
        total=hits.total,
    )


def perform_search(user, request):
    """Results, facets and promotions of one search, all within what `user` sees."""
    query = parse_query(request.query, request.languages)
    terms = list(query.terms)
    locales = None if request.all_languages else [request.language, ""]
    scope = scope_for(user, locales)
    engine = get_engine()
    if request.query and not terms:
        # Only stopwords or punctuation: nothing meaningful to look for.
        hits = engine.search(
            scope.with_locales([]), query, {}, request.sort, 1, RESULTS_PER_PAGE
        )
    else:
        hits = engine.search(
            scope,
            query,
            request.filters,
            request.sort,
            request.page,
            RESULTS_PER_PAGE,
        )
    page_obj = hits.page_obj
    entries = list(page_obj.object_list)
    counts = hits.counts
    community_ids = {value for value, _count in counts["community"]}
    community_ids |= {str(entry.community_id) for entry in entries}
    community_ids |= set(request.filters.get("community", ()))
    titles = community_titles(user, int_params(community_ids))
    results = results_for(entries, terms, titles)
    suggestion, other_language = "", None
    if query and hits.total < FEW_RESULTS:
        suggestion = did_you_mean(scope_for(user), query, request.languages)
        if not request.all_languages:
            other_language = _other_language(user, request, query, scope)
    log_if_unanswered(user, request, hits.total)
    return SearchOutcome(
        request=request,
        page_obj=page_obj,
        results=results,
        facets=build_facets(counts, request.filters, titles),
        promotions=promotions_for(user, request),
        terms=terms,
        did_you_mean=suggestion,
        other_language=other_language,
    )
