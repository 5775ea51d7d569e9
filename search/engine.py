"""Search engines: one interface, each native to where the entries are matched.

- `PostgresEngine`: the entry's `search_vector` (weighted, per-language
  configurations with `unaccent`, GIN index; see migration 0004), `@@` against
  an OR of the query's words, ranked in SQL.
- `PortableEngine`: any database (SQLite in the demo): substring tests on the
  entry's padded stems (search.text.index_stems), ranked in SQL.
- `ElasticsearchEngine` (search.elasticsearch): its own index with Spanish and
  English analysers, facet counts by aggregations.

Every engine answers `search()` for a `Scope` (what the reader may see, built
by search.scope.scope_for from intranet.access): permissions are part of the
engine's own query, totals and facet counts are exact over every match.
"""

import operator
from functools import reduce

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    FloatField,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, Replace

from search.elasticsearch import ElasticsearchEngine
from search.facets import FACETS
from search.hits import Hits
from search.models import FacetName, SearchFacetValue

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
DATE_ORDER = ("-sort_date", "title_folded", "id")


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


def _column_counts(narrowed, names):
    """Counts of several single-valued facets in one GROUP BY query."""
    columns = [COLUMN_FACETS[name] for name in names]
    counts = {name: {} for name in names}
    rows = narrowed.order_by().values_list(*columns).annotate(count=Count("id"))
    for row in rows:
        for name, value in zip(names, row[:-1], strict=True):
            if value is None or value == "":
                continue
            counts[name][value] = counts[name].get(value, 0) + row[-1]
    return {
        name: sorted(
            ((str(value), count) for value, count in values.items()),
            key=lambda pair: (-pair[1], pair[0]),
        )
        for name, values in counts.items()
    }


def _value_counts(narrowed, names):
    """Counts of several multi-valued facets in one query."""
    counts = {name: [] for name in names}
    by_name = {VALUE_FACETS[name]: name for name in names}
    rows = (
        SearchFacetValue.objects.filter(
            name__in=list(by_name), entry__in=narrowed.values("id")
        )
        .values_list("name", "value")
        .annotate(count=Count("entry_id", distinct=True))
        .order_by("-count", "value")
    )
    for name, value, count in rows:
        counts[by_name[name]].append((str(value), count))
    return counts


def facet_counts(matches, filters):
    """{facet: [(value, count)]}, each counted with the OTHER facets' filters,
    in SQL over every match.

    Facets without a selected value share the same filters: they are counted
    together (one query for the columns, one for the multi-valued facets).
    """
    shared = [name for name in FACETS if name not in filters]
    narrowed = apply_filters(matches, filters)
    counts = {}
    columns = [name for name in shared if name in COLUMN_FACETS]
    values = [name for name in shared if name in VALUE_FACETS]
    if columns:
        counts.update(_column_counts(narrowed, columns))
    if values:
        counts.update(_value_counts(narrowed, values))
    for name in FACETS:
        if name in counts:
            continue
        others = {key: chosen for key, chosen in filters.items() if key != name}
        alone = apply_filters(matches, others)
        if name in COLUMN_FACETS:
            counts.update(_column_counts(alone, [name]))
        else:
            counts.update(_value_counts(alone, [name]))
    return counts


class DatabaseEngine:
    """Matching, ranking, totals and facet counts in SQL on the entries table."""

    name = "database"

    def search(self, scope, query, filters, sort, page, per_page, facets=True):
        matches = scope.entries()
        if query:
            matches = self.matching(matches, query)
        results = apply_filters(matches, filters)
        if sort == "date" or not query:
            results = results.order_by(*DATE_ORDER)
        else:
            results = self.ranked(results, query)
        page_obj = Paginator(results, per_page).get_page(page)
        page_obj.object_list = list(page_obj.object_list)
        return Hits(page_obj, facet_counts(matches, filters) if facets else {})

    def has_match(self, scope, query):
        """Whether any entry in `scope` matches `query`."""
        return self.matching(scope.entries(), query).exists()

    def suggest(self, scope, folded, limit):
        """Titles starting, or with a word starting, with `folded`."""
        entries = scope.entries().filter(
            Q(title_folded__startswith=folded) | Q(title_folded__contains=f" {folded}")
        )
        return list(
            entries.order_by("display_title").only(
                "display_title", "url", "kind", "locale"
            )[:limit]
        )

    # The entries table is the index: nothing else to keep in step.
    def index(self, entries):
        pass

    def remove(self, entry_ids):
        pass

    def reset(self):
        pass

    def refresh(self):
        pass

    def matching(self, entries, query):
        raise NotImplementedError

    def ranked(self, entries, query):
        raise NotImplementedError


def _sum(expressions):
    return reduce(operator.add, expressions) if expressions else Value(0)


class PortableEngine(DatabaseEngine):
    """Any database: whole stems and phrases found by substring in padded stems.

    Each query word matches one of its stems (in either language); an entry is
    found when any word matches, and ranked by: the whole query as a phrase in
    the title, how many words match, how many of them in the title, then in the
    summary, the whole query as a phrase anywhere, then the newest.
    """

    name = "portable"

    @staticmethod
    def _has(column, variants):
        return reduce(
            operator.or_,
            (Q(**{f"{column}__contains": f" {variant} "}) for variant in variants),
        )

    def _phrase(self, column, query):
        if len(query.terms) < 2:
            return Value(0)
        return Case(
            When(self._has(column, set(query.phrases.values())), then=1),
            default=0,
            output_field=IntegerField(),
        )

    def _count(self, column, query):
        return _sum(
            [
                Case(
                    When(self._has(column, variants), then=1),
                    default=0,
                    output_field=IntegerField(),
                )
                for variants in query.terms
            ]
        )

    def _occurrences(self, query):
        """How often the words occur: the last word between equal entries."""
        parts = []
        for variants in query.terms:
            for variant in sorted(variants):
                padded = f" {variant} "
                parts.append(
                    (
                        Length("stems")
                        - Length(Replace("stems", Value(padded), Value("")))
                    )
                    / len(padded)
                )
        return _sum(parts)

    def matching(self, entries, query):
        return entries.filter(
            reduce(
                operator.or_,
                (self._has("stems", variants) for variants in query.terms),
            )
        )

    def ranked(self, entries, query):
        return entries.annotate(
            title_phrase=self._phrase("title_stems", query),
            words=self._count("stems", query),
            title_words=self._count("title_stems", query),
            summary_words=self._count("summary_stems", query),
            phrase=self._phrase("stems", query),
            occurrences=self._occurrences(query),
        ).order_by(
            "-title_phrase",
            "-words",
            "-title_words",
            "-summary_words",
            "-phrase",
            "-occurrences",
            *DATE_ORDER,
        )


class PostgresEngine(DatabaseEngine):
    """PostgreSQL full text search on `search_vector` (title A, summary B, body C).

    A query word matches when its `minka_en` or `minka_es` form (unaccented,
    stemmed) is in the vector: every word counts, none is required. Ranked by
    the whole query as a phrase in the title, how many words match, how many in
    the title, in the summary, the phrase anywhere, then `ts_rank_cd`.
    """

    name = "postgresql"
    # ts_rank_cd weights for D, C, B, A.
    WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'::float4[]"

    @staticmethod
    def _word(word):
        return (
            "(plainto_tsquery('minka_en', %s) || plainto_tsquery('minka_es', %s))",
            [word, word],
        )

    def _any(self, query):
        parts = [self._word(word) for word in query.words]
        sql = " || ".join(part for part, _params in parts)
        return f"({sql})", [param for _part, params in parts for param in params]

    def _phrase(self, vector, query):
        if len(query.words) < 2:
            return Value(0)
        text = " ".join(query.words)
        return RawSQL(
            f"({vector} @@ (phraseto_tsquery('minka_en', %s) "
            "|| phraseto_tsquery('minka_es', %s)))::int",
            [text, text],
            output_field=IntegerField(),
        )

    def _count(self, vector, query):
        parts = [self._word(word) for word in query.words]
        sql = " + ".join(f"({vector} @@ {part})::int" for part, _params in parts)
        return RawSQL(
            sql,
            [param for _part, params in parts for param in params],
            output_field=IntegerField(),
        )

    def matching(self, entries, query):
        sql, params = self._any(query)
        # The column is left unqualified on purpose: in a subquery Django
        # renames the table, and only the entries table has this column.
        return entries.filter(
            RawSQL(f"search_vector @@ {sql}", params, output_field=BooleanField())
        )

    def ranked(self, entries, query):
        any_sql, any_params = self._any(query)
        title, summary = "title_vector", "summary_vector"
        return entries.annotate(
            title_phrase=self._phrase(title, query),
            words=self._count("search_vector", query),
            title_words=self._count(title, query),
            summary_words=self._count(summary, query),
            phrase=self._phrase("search_vector", query),
            rank=RawSQL(
                f"ts_rank_cd({self.WEIGHTS}, search_vector, {any_sql})",
                any_params,
                output_field=FloatField(),
            ),
        ).order_by(
            "-title_phrase",
            "-words",
            "-title_words",
            "-summary_words",
            "-phrase",
            "-rank",
            *DATE_ORDER,
        )


_engines = {}


def get_engine():
    """The engine for this installation: Elasticsearch when ELASTICSEARCH_URL is
    set, else PostgreSQL's own full text search, else the portable engine."""
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    key = (url, connection.vendor)
    if key not in _engines:
        if url:
            _engines[key] = ElasticsearchEngine(
                url, getattr(settings, "ELASTICSEARCH_INDEX", "minka")
            )
        elif connection.vendor == "postgresql":
            _engines[key] = PostgresEngine()
        else:
            _engines[key] = PortableEngine()
    return _engines[key]
