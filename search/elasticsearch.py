"""The Elasticsearch engine: its own index of search entries, native analysers.

The entries table stays the source of what is shown; Elasticsearch holds a copy
of each entry's text and filters, and answers with ids, the exact total
(`track_total_hits`) and facet counts (aggregations). Permissions are part of
every query (`must_not` on the hidden page paths and collections), as in the
database engines. The request bodies are built by plain functions so they can
be checked without a server (tests/search/test_elasticsearch.py).
"""

from django.core.paginator import Paginator

from intranet.params import int_params
from search.facets import FACETS, INTEGER_FACETS
from search.hits import Hits
from search.models import FacetName, SearchEntry, SearchFacetValue

TEXT_FIELDS = ("title", "summary", "body")
# facet name -> field of the indexed document
FACET_FIELDS = {
    "kind": "kind",
    "country": "country",
    "region": "region",
    "community": "community_id",
    "language": "language",
    "topic": "topics",
    "pillar": "pillars",
    "year": "years",
}
FACET_SIZE = 200
# Boosts: title over summary over body; a word found counts more than how often.
FIELD_BOOSTS = {"title": 3, "summary": 2, "body": 1}
WORD_BOOST = 10
PHRASE_BOOST = 5
TITLE_PHRASE_BOOST = 50


def index_settings():
    """Analysers: English and Spanish stemming after ASCII folding, a folded
    exact form, and edge n-grams for autocomplete."""
    return {
        "analysis": {
            "filter": {
                "minka_english_stop": {"type": "stop", "stopwords": "_english_"},
                "minka_english_stemmer": {"type": "stemmer", "language": "english"},
                "minka_english_possessive": {
                    "type": "stemmer",
                    "language": "possessive_english",
                },
                "minka_spanish_stop": {"type": "stop", "stopwords": "_spanish_"},
                "minka_spanish_stemmer": {
                    "type": "stemmer",
                    "language": "light_spanish",
                },
                "minka_edge": {"type": "edge_ngram", "min_gram": 2, "max_gram": 20},
            },
            "analyzer": {
                "minka_en": {
                    "tokenizer": "standard",
                    "filter": [
                        "minka_english_possessive",
                        "lowercase",
                        "minka_english_stop",
                        "asciifolding",
                        "minka_english_stemmer",
                    ],
                },
                "minka_es": {
                    "tokenizer": "standard",
                    "filter": [
                        "lowercase",
                        "minka_spanish_stop",
                        "asciifolding",
                        "minka_spanish_stemmer",
                    ],
                },
                "minka_folded": {
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding"],
                },
                "minka_autocomplete": {
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding", "minka_edge"],
                },
            },
        }
    }


def _text(autocomplete=False):
    fields = {
        "en": {"type": "text", "analyzer": "minka_en"},
        "es": {"type": "text", "analyzer": "minka_es"},
    }
    if autocomplete:
        fields["autocomplete"] = {
            "type": "text",
            "analyzer": "minka_autocomplete",
            "search_analyzer": "minka_folded",
        }
    return {"type": "text", "analyzer": "minka_folded", "fields": fields}


def index_mappings():
    keyword = {"type": "keyword"}
    return {
        "dynamic": "strict",
        "properties": {
            "title": _text(autocomplete=True),
            "summary": _text(),
            "body": _text(),
            "title_folded": keyword,
            "kind": keyword,
            "country": keyword,
            "region": keyword,
            "language": keyword,
            "locale": keyword,
            "community_id": {"type": "long"},
            "page_path": keyword,
            "collection_id": {"type": "long"},
            "sort_date": {"type": "date"},
            "topics": keyword,
            "pillars": keyword,
            "years": {"type": "long"},
        },
    }


def entry_document(entry, facet_values):
    """The indexed document of one entry; `facet_values` [(name, value)]."""
    values = {name: [] for name in FacetName.values}
    for name, value in facet_values:
        values[name].append(value)
    return {
        "title": entry.display_title,
        "summary": entry.summary,
        "body": entry.body,
        "title_folded": entry.title_folded,
        "kind": entry.kind,
        "country": entry.country,
        "region": entry.region,
        "language": entry.language,
        "locale": entry.locale,
        "community_id": entry.community_id,
        "page_path": entry.page_path,
        "collection_id": entry.collection_id,
        "sort_date": entry.sort_date.isoformat(),
        "topics": sorted(values[FacetName.TOPIC]),
        "pillars": sorted(values[FacetName.PILLAR]),
        "years": sorted(int_params(values[FacetName.YEAR])),
    }


def scope_clauses(scope):
    """(filter, must_not) clauses: the reader's scope, inside every query."""
    must_not = [{"prefix": {"page_path": path}} for path in scope.hidden_paths]
    if scope.hidden_collections:
        must_not.append({"terms": {"collection_id": list(scope.hidden_collections)}})
    filters = []
    if scope.locales is not None:
        filters.append({"terms": {"locale": list(scope.locales)}})
    return filters, must_not


def facet_clause(name, values):
    if name in INTEGER_FACETS:
        values = int_params(str(value) for value in values)
    return {"terms": {FACET_FIELDS[name]: list(values)}}


def text_clauses(query):
    """Every word counts, none is required: a constant score per word found (in
    any field, either language's analysis), then field weights, then the whole
    query as a phrase, above all in the title."""
    fields = [
        f"{name}.{language}^{FIELD_BOOSTS[name]}"
        for name in TEXT_FIELDS
        for language in ("en", "es")
    ]
    plain = [f"{name}.{language}" for name in TEXT_FIELDS for language in ("en", "es")]
    should = [
        {
            "constant_score": {
                "filter": {"multi_match": {"query": word, "fields": plain}},
                "boost": WORD_BOOST,
            }
        }
        for word in query.words
    ]
    should.append({"multi_match": {"query": query.text, "fields": fields}})
    if len(query.words) > 1:
        should.append(
            {
                "multi_match": {
                    "query": query.text,
                    "type": "phrase",
                    "fields": ["title.en", "title.es"],
                    "boost": TITLE_PHRASE_BOOST,
                }
            }
        )
        should.append(
            {
                "multi_match": {
                    "query": query.text,
                    "type": "phrase",
                    "fields": plain,
                    "boost": PHRASE_BOOST,
                }
            }
        )
    return should


def search_body(scope, query, filters, sort, offset, size, facets=True):
    """The whole request: scope and text in `query`, the selected facet values
    in `post_filter` (so each facet's counts apply only the OTHER facets)."""
    scope_filters, must_not = scope_clauses(scope)
    boolean = {"filter": scope_filters, "must_not": must_not}
    if query:
        boolean["should"] = text_clauses(query)
        boolean["minimum_should_match"] = 1
    selected = {name: facet_clause(name, values) for name, values in filters.items()}
    body = {
        "query": {"bool": boolean},
        "from": offset,
        "size": size,
        "track_total_hits": True,
        "_source": False,
    }
    if sort == "date" or not query:
        body["sort"] = [
            {"sort_date": "desc"},
            {"title_folded": "asc"},
            {"_doc": "asc"},
        ]
    else:
        body["sort"] = ["_score", {"sort_date": "desc"}, {"title_folded": "asc"}]
    if selected:
        body["post_filter"] = {"bool": {"filter": list(selected.values())}}
    if facets:
        body["aggs"] = {
            name: {
                "filter": {
                    "bool": {
                        "filter": [
                            clause
                            for other, clause in selected.items()
                            if other != name
                        ]
                    }
                },
                "aggs": {
                    "values": {
                        "terms": {"field": FACET_FIELDS[name], "size": FACET_SIZE}
                    }
                },
            }
            for name in FACETS
        }
    return body


def suggest_body(scope, folded, limit):
    scope_filters, must_not = scope_clauses(scope)
    return {
        "query": {
            "bool": {
                "must": [
                    {
                        "match": {
                            "title.autocomplete": {"query": folded, "operator": "and"}
                        }
                    }
                ],
                "filter": scope_filters,
                "must_not": must_not,
            }
        },
        "size": limit,
        "_source": False,
        "sort": ["_score", {"title_folded": "asc"}],
    }


def facet_counts_from(aggregations):
    counts = {}
    for name in FACETS:
        buckets = aggregations.get(name, {}).get("values", {}).get("buckets", [])
        rows = [
            (str(bucket["key"]), bucket["doc_count"])
            for bucket in buckets
            if bucket["key"] not in ("", None)
        ]
        counts[name] = sorted(rows, key=lambda row: (-row[1], row[0]))
    return counts


class _Found:
    """The total of a search and one page of its entries, for Django's Paginator."""

    def __init__(self, total, offset, entries):
        self.total, self.offset, self.entries = total, offset, entries

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        start = (key.start or 0) - self.offset
        return self.entries[max(start, 0) : max(start, 0) + (key.stop - key.start)]


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self, url, prefix):
        self.url = url
        self.index_name = f"{prefix}_search_entries"
        self._client = None

    @property
    def client(self):
        if self._client is None:
            # The client library is imported only when Elasticsearch is in use
            # (ELASTICSEARCH_URL set): the database engines never need it.
            from elasticsearch import Elasticsearch

            self._client = Elasticsearch([self.url], request_timeout=10)
        return self._client

    def reset(self):
        """A fresh, empty index with our settings and mappings."""
        self.client.options(ignore_status=404).indices.delete(index=self.index_name)
        self.client.indices.create(
            index=self.index_name,
            settings=index_settings(),
            mappings=index_mappings(),
        )

    def refresh(self):
        self.client.indices.refresh(index=self.index_name)

    def _ensure_index(self):
        if not self.client.indices.exists(index=self.index_name):
            self.reset()

    def index(self, entries):
        from elasticsearch.helpers import bulk  # the optional client, as above

        entries = [entry for entry in entries if entry.pk]
        if not entries:
            return
        self._ensure_index()
        values = {}
        rows = SearchFacetValue.objects.filter(entry__in=entries).values_list(
            "entry_id", "name", "value"
        )
        for entry_id, name, value in rows:
            values.setdefault(entry_id, []).append((name, value))
        bulk(
            self.client,
            (
                {
                    "_index": self.index_name,
                    "_id": entry.pk,
                    "_source": entry_document(entry, values.get(entry.pk, [])),
                }
                for entry in entries
            ),
        )

    def remove(self, entry_ids):
        from elasticsearch.helpers import bulk  # the optional client, as above

        bulk(
            self.client,
            (
                {"_op_type": "delete", "_index": self.index_name, "_id": pk}
                for pk in entry_ids
            ),
            raise_on_error=False,
        )

    def _entries(self, response):
        ids = [int(hit["_id"]) for hit in response["hits"]["hits"]]
        by_id = SearchEntry.objects.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]

    def search(self, scope, query, filters, sort, page, per_page, facets=True):
        offset = (page - 1) * per_page
        body = search_body(scope, query, filters, sort, offset, per_page, facets)
        response = self.client.search(index=self.index_name, **body)
        total = response["hits"]["total"]["value"]
        last = max(1, -(-total // per_page))
        if page > last:
            # Past the end: show the last page, as Django's paginator does.
            return self.search(scope, query, filters, sort, last, per_page, facets)
        found = _Found(total, offset, self._entries(response))
        page_obj = Paginator(found, per_page).get_page(page)
        page_obj.object_list = list(page_obj.object_list)
        counts = facet_counts_from(response.get("aggregations", {})) if facets else {}
        return Hits(page_obj, counts)

    def has_match(self, scope, query):
        body = search_body(scope, query, {}, "relevance", 0, 0, facets=False)
        body["track_total_hits"] = 1
        response = self.client.search(index=self.index_name, **body)
        return response["hits"]["total"]["value"] > 0

    def suggest(self, scope, folded, limit):
        response = self.client.search(
            index=self.index_name, **suggest_body(scope, folded, limit)
        )
        return self._entries(response)
