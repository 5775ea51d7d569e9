"""What a search returns, decided inside the query.

`visible_entries(user)` is the one place that decides which entries a user may
see (built on intranet.access). Everything else — the text match, facet
counts, pagination, snippets, suggestions and promotions — starts from it, so
nothing restricted is ever counted, ranked or hinted at.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Collection, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText
from wagtail.search.utils import normalise_query_string

from intranet.access import (
    hidden_collection_paths,
    hidden_page_paths,
    sees_group_restricted_content,
    visible_pages_for,
)
from intranet.taxonomy import Pillar, topic_labels
from search.models import (
    FacetName,
    Kind,
    SearchEntry,
    SearchFacetValue,
    ZeroResultQuery,
)
from search.text import MAX_QUERY_LENGTH, fold, highlight, query_terms

RESULTS_PER_PAGE = 10
# Facet counts are taken over at most this many matches of the text query.
MAX_MATCHES = 2000
MAX_VALUES_PER_FACET = 20
MAX_FACET_VALUES_SHOWN = 30
SUGGESTIONS = 8

# facet name -> SearchEntry column (single-valued facets)
COLUMN_FACETS = {
    "kind": "kind",
    "country": "country",
    "region": "region",
    "community": "community_id",
    "language": "language",
}
# facet name -> SearchFacetValue.name (multi-valued facets)
VALUE_FACETS = {
    "topic": FacetName.TOPIC,
    "pillar": FacetName.PILLAR,
    "year": FacetName.YEAR,
}
FACETS = [
    "kind",
    "country",
    "region",
    "topic",
    "pillar",
    "community",
    "year",
    "language",
]
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


def _exclude_prefixes(queryset, field_name, prefixes):
    condition = Q()
    for prefix in prefixes:
        condition |= Q(**{f"{field_name}__startswith": prefix})
    return queryset.exclude(condition) if prefixes else queryset


def _hidden_collection_ids(user):
    """Ids of every collection inside a subtree `user` may not view."""
    paths = hidden_collection_paths(user)
    if not paths:
        return []
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return list(
        Collection.objects.filter(condition).order_by("pk").values_list("pk", flat=True)
    )


def visible_entries(user):
    """Search entries `user` may see: restricted subtrees and collections left out."""
    entries = SearchEntry.objects.all()
    entries = _exclude_prefixes(entries, "page_path", hidden_page_paths(user))
    hidden_collections = _hidden_collection_ids(user)
    if hidden_collections:
        entries = entries.exclude(collection_id__in=hidden_collections)
    return entries


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


def apply_filters(entries, filters):
    """Narrow `entries` by facet values: OR inside a facet, AND across facets."""
    for name, values in filters.items():
        if name in COLUMN_FACETS:
            entries = entries.filter(**{f"{COLUMN_FACETS[name]}__in": values})
        elif name in VALUE_FACETS:
            matching = SearchFacetValue.objects.filter(
                name=VALUE_FACETS[name], value__in=values
            ).values("entry_id")
            entries = entries.filter(id__in=matching)
    return entries


def text_query(terms):
    """The backend query: every word must match one of its stems."""
    return And([Or([PlainText(variant) for variant in sorted(t)]) for t in terms])


def base_entries(user, request):
    entries = visible_entries(user)
    if not request.all_languages:
        entries = entries.filter(locale__in=[request.language, ""])
    return entries


def search_results(user, request, terms):
    """Ranked (or dated) results of `request`, filters applied in the backend query."""
    entries = apply_filters(base_entries(user, request), request.filters)
    if request.sort == "date" or not terms:
        entries = entries.order_by("-sort_date", "title_folded", "id")
    if not terms:
        return entries
    if request.sort == "date":
        return get_search_backend().search(
            text_query(terms), entries, order_by_relevance=False
        )
    ranked = get_search_backend().search(
        text_query(terms), entries.only("id", "title"), order_by_relevance=True
    )
    return EntriesInOrder(_title_first(list(ranked[:MAX_MATCHES]), terms))


def _title_first(ranked, terms):
    """Ids in backend order, entries whose title holds more query words first.

    Backends weigh titles differently (SQLite FTS5 barely does); people expect
    "scoping study" to put the page titled so first, whatever the backend.
    """

    def title_words(entry):
        stems = set(entry.title.split())
        return sum(1 for variants in terms if variants & stems)

    order = sorted(enumerate(ranked), key=lambda pair: (-title_words(pair[1]), pair[0]))
    return [entry.pk for _position, entry in order]


class EntriesInOrder:
    """A sliceable sequence of entries in a given id order, fetched page by page."""

    def __init__(self, ids):
        self.ids = ids

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, key):
        ids = self.ids[key]
        if not isinstance(key, slice):
            return SearchEntry.objects.get(pk=ids)
        by_id = SearchEntry.objects.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]


def matching_entries(user, request, terms):
    """Entries the text query matches among those visible, before facet filters."""
    entries = base_entries(user, request)
    if not terms:
        return entries
    matches = get_search_backend().search(
        text_query(terms), entries.only("id"), order_by_relevance=False
    )
    ids = [entry.pk for entry in matches[:MAX_MATCHES]]
    return SearchEntry.objects.filter(pk__in=ids)


def facet_counts(matches, filters):
    """{facet: [(value, count)]}, each counted with the OTHER facets' filters."""
    counts = {}
    for name in FACETS:
        others = {key: values for key, values in filters.items() if key != name}
        narrowed = apply_filters(matches, others)
        if name in COLUMN_FACETS:
            column = COLUMN_FACETS[name]
            present = narrowed.exclude(**{f"{column}__isnull": True})
            if column != "community_id":
                present = present.exclude(**{column: ""})
            rows = (
                present.values_list(column)
                .annotate(count=Count("id"))
                .order_by("-count", column)
            )
        else:
            rows = (
                SearchFacetValue.objects.filter(
                    name=VALUE_FACETS[name], entry__in=narrowed.values("id")
                )
                .values_list("value")
                .annotate(count=Count("entry_id", distinct=True))
                .order_by("-count", "value")
            )
        counts[name] = [(str(value), count) for value, count in rows]
    return counts


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
    entries = visible_entries(user).filter(locale__in=[language, ""])
    entries = entries.filter(
        Q(title_folded__startswith=folded) | Q(title_folded__contains=f" {folded}")
    )
    return list(
        entries.order_by("display_title").only(
            "display_title", "url", "kind", "locale"
        )[:limit]
    )


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
class SearchOutcome:
    request: SearchRequest
    page_obj: object
    results: list
    facets: list
    promotions: list
    terms: list

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


def perform_search(user, request):
    """Results, facets and promotions of one search, all within what `user` sees."""
    terms = query_terms(request.query, request.languages) if request.query else []
    if request.query and not terms:
        # Only stopwords or punctuation: nothing meaningful to look for.
        results = SearchEntry.objects.none()
        matches = SearchEntry.objects.none()
    else:
        results = search_results(user, request, terms)
        matches = matching_entries(user, request, terms)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    page_obj = paginator.get_page(request.page)
    entries = list(page_obj.object_list)
    counts = facet_counts(matches, request.filters)
    community_ids = {value for value, _count in counts["community"]}
    community_ids |= {str(entry.community_id) for entry in entries}
    community_ids |= set(request.filters.get("community", ()))
    titles = _community_titles(user, [int(pk) for pk in community_ids if pk.isdigit()])
    document_types = _document_type_labels() if entries else {}
    languages = dict(settings.LANGUAGES)
    kinds = dict(Kind.choices)
    page_obj.object_list = entries
    results = [
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
    # The log is read by moderators of every community: a query typed by someone
    # who reads a community's restricted pages may echo them, so it is not kept.
    if (
        request.query
        and not request.filters
        and paginator.count == 0
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
    )
