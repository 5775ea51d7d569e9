"""What a search returns, decided inside the query.

`visible_entries(user)` is the one place that decides which entries a user may
see (built on intranet.access). Everything else — the text match, facet
counts, pagination, snippets, suggestions and promotions — starts from it, so
nothing restricted is ever counted, ranked or hinted at.
"""

import difflib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q
from django.db.models.functions import Length
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Collection, Page
from wagtail.search.utils import normalise_query_string

from intranet.access import (
    hidden_collection_paths,
    hidden_page_paths,
    sees_group_restricted_content,
    visible_pages_for,
)
from intranet.taxonomy import Pillar, topic_labels
from search.engine import FACETS, Scope, get_engine
from search.models import Kind, SearchWord, ZeroResultQuery
from search.text import MAX_QUERY_LENGTH, fold, highlight, parse_query

RESULTS_PER_PAGE = 10
# Fewer results than this: propose other words, show the other language's.
FEW_RESULTS = 3
OTHER_LANGUAGE_RESULTS = 5
MAX_VALUES_PER_FACET = 20
MAX_FACET_VALUES_SHOWN = 30
SUGGESTIONS = 8

FACET_TITLES = {
    "kind": _("Content type"),
    "country": _("Country"),
    "region": _("Region"),
    "topic": _("Topic"),
    "pillar": _("Pillar"),
    "community": _("Community"),
    "year": _("Year"),
    "language": _("Language"),
}
SORTS = ("relevance", "date")
INTEGER_FACETS = {"community", "year"}


def _hidden_collection_ids(user):
    """Ids of every collection inside a subtree `user` may not view."""
    paths = hidden_collection_paths(user)
    if not paths:
        return ()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return tuple(
        Collection.objects.filter(condition).order_by("pk").values_list("pk", flat=True)
    )


def scope_for(user, locales=None):
    """What `user` may search (intranet.access decides), in `locales`."""
    return Scope(
        hidden_paths=tuple(hidden_page_paths(user)),
        hidden_collections=_hidden_collection_ids(user),
        locales=tuple(locales) if locales is not None else None,
    )


def visible_entries(user):
    """Search entries `user` may see: restricted subtrees and collections left out."""
    return scope_for(user).entries()


def clean_query(raw):
    return (
        (raw or "")[: MAX_QUERY_LENGTH * 2]
        .replace("\x00", " ")
        .strip()[:MAX_QUERY_LENGTH]
    )


@dataclass
class SearchRequest:
    """The parsed, bounded parameters of one search."""

    query: str = ""
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    all_languages: bool = False
    language: str = "en"

    @classmethod
    def from_querydict(cls, params, language):
        filters = {}
        for name in FACETS:
            values = []
            for raw in params.getlist(name)[:MAX_VALUES_PER_FACET]:
                value = raw.replace("\x00", "").strip()[:100]
                if name in INTEGER_FACETS:
                    if not value.isdigit() or len(value) > 12:
                        continue
                if value and value not in values:
                    values.append(value)
            if values:
                filters[name] = values
        query = clean_query(params.get("q", ""))
        sort = params.get("sort", "")
        if sort not in SORTS:
            sort = "relevance" if query else "date"
        page = params.get("page", "1")
        page = int(page) if page.isdigit() and len(page) < 9 else 1
        return cls(
            query=query,
            filters=filters,
            sort=sort,
            page=max(page, 1),
            all_languages=params.get("all_languages") in ("1", "on", "true"),
            language=language,
        )

    @property
    def languages(self):
        """The current language first; the other one too, for stems and locale."""
        codes = [code for code, _name in settings.LANGUAGES]
        return [self.language] + [code for code in codes if code != self.language]

    def parameters(self, without=None, page=None):
        """Query parameters as (name, value) pairs, e.g. for links and chips."""
        pairs = [("q", self.query)] if self.query else []
        for name in FACETS:
            for value in self.filters.get(name, ()):
                if (name, value) != without:
                    pairs.append((name, value))
        if self.sort != ("relevance" if self.query else "date"):
            pairs.append(("sort", self.sort))
        if self.all_languages:
            pairs.append(("all_languages", "1"))
        if page and page > 1:
            pairs.append(("page", str(page)))
        return pairs


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    title: str
    values: list


def _community_titles(user, ids):
    # Only communities the user may see lend their names.
    pages = visible_pages_for(user, Page.objects.filter(pk__in=ids))
    return {str(pk): title for pk, title in pages.values_list("pk", "title")}


def facet_label(name, value, community_titles, topics=None):
    if name == "kind":
        return str(dict(Kind.choices).get(value, value))
    if name == "pillar":
        return str(dict(Pillar.choices).get(value, value))
    if name == "country":
        return countries.name(value) or value
    if name == "language":
        return str(dict(settings.LANGUAGES).get(value, value))
    if name == "community":
        return community_titles.get(value)
    if name == "topic" and topics:
        return topics.get(value, value)
    return value


def build_facets(counts, filters, community_titles):
    facets = []
    topics = topic_labels()
    for name in FACETS:
        selected = filters.get(name, [])
        values = []
        for value, count in counts[name]:
            label = facet_label(name, value, community_titles, topics)
            if label is None:
                continue
            if len(values) < MAX_FACET_VALUES_SHOWN or value in selected:
                values.append(FacetValue(value, label, count, value in selected))
        known = {facet_value.value for facet_value in values}
        for value in selected:
            if value not in known:
                label = facet_label(name, value, community_titles, topics)
                values.append(FacetValue(value, label or value, 0, True))
        facets.append(Facet(name, FACET_TITLES[name], values))
    return facets


def promotions_for(user, request):
    """Editors' picks for this exact query that the user may see."""
    if not request.query:
        return []
    visible = visible_pages_for(user)
    if not request.all_languages:
        visible = visible.filter(locale__language_code=request.language)
    return list(
        SearchPromotion.objects.filter(
            query__query_string=normalise_query_string(request.query)[:255]
        )
        .filter(Q(page__isnull=True) | Q(page__in=visible.values("pk")))
        .select_related("page")
        .order_by("sort_order")[:5]
    )


def record_zero_results(request):
    """Count a query that found nothing (no user identity is kept)."""
    text = normalise_query_string(request.query)[:200]
    if not text:
        return
    updated = ZeroResultQuery.objects.filter(
        query_text=text, locale=request.language
    ).update(count=F("count") + 1)
    if not updated:
        ZeroResultQuery.objects.get_or_create(query_text=text, locale=request.language)


def suggestions(user, query, language, limit=SUGGESTIONS):
    """Titles of visible entries starting (or with a word starting) with `query`."""
    folded = fold(clean_query(query))[:100]
    if len(folded) < 2:
        return []
    return get_engine().suggest(scope_for(user, [language, ""]), folded, limit)


def _closest(word, candidates):
    """The candidate most like `word` (accent-free), if close enough."""
    best = difflib.get_close_matches(word, candidates, n=1, cutoff=0.8)
    return best[0] if best else None


def did_you_mean(scope, query, languages):
    """The query with its unknown words replaced by the closest words of the
    entries `scope` may see, or "" when every word is known or has no match.

    A word is unknown when no entry in the scope matches it. Replacements are
    drawn from the index's own vocabulary (titles and summaries), through the
    reader's scope only: a word of a page they may not see is never proposed.
    """
    engine = get_engine()
    visible = SearchWord.objects.filter(entry__in=scope.entries().values("id"))
    replaced = {}
    for word in query.words:
        if len(word) < 4 or word.isdigit():
            continue
        if engine.has_match(scope, parse_query(word, languages)):
            continue
        candidates = dict(
            # A range, not a LIKE: any collation's btree index serves it.
            visible.filter(folded__gte=word[0], folded__lt=chr(ord(word[0]) + 1))
            .annotate(length=Length("folded"))
            .filter(length__gte=len(word) - 2, length__lte=len(word) + 2)
            .values_list("folded", "word")
            .distinct()[:5000]
        )
        closest = _closest(word, list(candidates))
        if closest:
            replaced[word] = candidates[closest]
    if not replaced:
        return ""
    return " ".join(replaced.get(fold(token), token) for token in query.text.split())


@dataclass
class Result:
    title: str
    url: str
    kind: str
    kind_label: str
    locale: str
    snippet: str
    date: object
    country: str
    country_name: str
    community: str
    document_type: str
    language: str


@dataclass
class OtherLanguage:
    """The best results in another language, shown below when few are found."""

    language: str
    name: str
    results: list
    total: int


@dataclass
class SearchOutcome:
    request: SearchRequest
    page_obj: object
    results: list
    facets: list
    promotions: list
    terms: list
    did_you_mean: str = ""
    other_language: OtherLanguage | None = None

    @property
    def total(self):
        return self.page_obj.paginator.count

    @property
    def chips(self):
        """Active filters, each with the parameters that would remove it."""
        chips = []
        for facet in self.facets:
            for value in facet.values:
                if value.selected:
                    chips.append(
                        {
                            "facet": facet.title,
                            "label": value.label,
                            "parameters": self.request.parameters(
                                without=(facet.name, value.value)
                            ),
                        }
                    )
        return chips


def _document_type_labels():
    from wagtail.documents import get_document_model

    try:
        choices = get_document_model()._meta.get_field("document_type").choices
    except FieldDoesNotExist:
        return {}
    return {value: str(label) for value, label in choices or ()}


def _snippet(entry, terms):
    for text in (entry.summary, entry.body):
        excerpt = highlight(text, terms, entry.language or "en")
        if excerpt:
            return excerpt
    summary = entry.summary or entry.body
    return escape(Truncator(summary).words(40))


def _results(user, entries, terms, titles):
    document_types = _document_type_labels() if entries else {}
    languages = dict(settings.LANGUAGES)
    kinds = dict(Kind.choices)
    return [
        Result(
            title=entry.display_title,
            url=entry.url,
            kind=entry.kind,
            kind_label=str(kinds.get(entry.kind, entry.kind)),
            locale=entry.locale,
            snippet=_snippet(entry, terms),
            date=entry.date,
            country=entry.country,
            country_name=(countries.name(entry.country) or entry.country)
            if entry.country
            else "",
            # A community's own entry points at itself: say it once.
            community=""
            if entry.kind == Kind.COMMUNITY
            else titles.get(str(entry.community_id), ""),
            document_type=document_types.get(entry.document_type, ""),
            language=str(languages.get(entry.language, entry.language)),
        )
        for entry in entries
    ]


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
    titles = _community_titles(
        user, [e.community_id for e in entries if e.community_id]
    )
    return OtherLanguage(
        language=others[0],
        name=str(dict(settings.LANGUAGES).get(others[0], others[0])),
        results=_results(user, entries, list(query.terms), titles),
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
    titles = _community_titles(user, [int(pk) for pk in community_ids if pk.isdigit()])
    results = _results(user, entries, terms, titles)
    suggestion, other_language = "", None
    if query and hits.total < FEW_RESULTS:
        suggestion = did_you_mean(scope_for(user), query, request.languages)
        if not request.all_languages:
            other_language = _other_language(user, request, query, scope)
    # The log is read by moderators of every community: a query typed by someone
    # who reads a community's restricted pages may echo them, so it is not kept.
    if (
        request.query
        and not request.filters
        and hits.total == 0
        and not sees_group_restricted_content(user)
    ):
        record_zero_results(request)
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
