"""The Elasticsearch engine, checked by what it asks of the server (none here).

The index settings, mappings, search, aggregation and autocomplete bodies are
built by plain functions of search.elasticsearch from real scopes (real users,
restrictions and collections). Tests marked `elasticsearch` run against a real
server when ELASTICSEARCH_URL is set (see docs/search.md).
"""

import json
import os

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from search.elasticsearch import (
    ElasticsearchEngine,
    entry_document,
    facet_counts_from,
    index_mappings,
    index_settings,
    search_body,
    suggest_body,
)
from search.engine import FACETS, get_engine
from search.models import SearchEntry
from search.scope import scope_for
from search.text import parse_query


def test_analysers_fold_accents_and_stem_each_language():
    analysis = index_settings()["analysis"]
    english = analysis["analyzer"]["minka_en"]["filter"]
    spanish = analysis["analyzer"]["minka_es"]["filter"]

    assert "asciifolding" in english and "asciifolding" in spanish
    # Folding comes before the stemmer, so "policías" and "policias" meet.
    assert english.index("asciifolding") < english.index("minka_english_stemmer")
    assert spanish.index("asciifolding") < spanish.index("minka_spanish_stemmer")
    assert analysis["filter"]["minka_english_stemmer"]["language"] == "english"
    assert analysis["filter"]["minka_spanish_stemmer"]["language"] == "light_spanish"
    assert analysis["filter"]["minka_edge"]["type"] == "edge_ngram"


def test_mapping_has_both_languages_autocomplete_and_every_filter():
    properties = index_mappings()["properties"]

    for name in ("title", "summary", "body"):
        assert properties[name]["fields"]["en"]["analyzer"] == "minka_en"
        assert properties[name]["fields"]["es"]["analyzer"] == "minka_es"
    autocomplete = properties["title"]["fields"]["autocomplete"]
    assert autocomplete["analyzer"] == "minka_autocomplete"
    assert autocomplete["search_analyzer"] == "minka_folded"
    for name in ("kind", "country", "region", "language", "locale", "page_path"):
        assert properties[name]["type"] == "keyword", name
    assert properties["collection_id"]["type"] == "long"
    assert properties["sort_date"]["type"] == "date"
    assert properties["topics"]["type"] == "keyword"
    assert properties["years"]["type"] == "long"


def test_search_body_holds_permissions_locale_words_and_exact_totals(
    restricted_page,
):
    scope = scope_for(AnonymousUser(), ["es", ""])
    query = parse_query("policías participación", ["es", "en"])

    body = search_body(scope, query, {}, "relevance", 20, 10)

    boolean = body["query"]["bool"]
    assert {"prefix": {"page_path": restricted_page.path}} in boolean["must_not"]
    assert {"terms": {"locale": ["es", ""]}} in boolean["filter"]
    assert boolean["minimum_should_match"] == 1
    # One clause per word: every word counts, none is required.
    words = [
        clause["constant_score"]["filter"]["multi_match"]["query"]
        for clause in boolean["should"]
        if "constant_score" in clause
    ]
    assert words == ["policias", "participacion"]
    phrases = [
        clause["multi_match"]
        for clause in boolean["should"]
        if clause.get("multi_match", {}).get("type") == "phrase"
    ]
    assert phrases[0]["fields"] == ["title.en", "title.es"]
    assert body["track_total_hits"] is True
    assert (body["from"], body["size"]) == (20, 10)
    assert body["sort"][0] == "_score"


def test_facets_are_aggregations_over_the_other_filters(db):
    scope = scope_for(AnonymousUser(), ["en", ""])
    query = parse_query("water", ["en", "es"])
    filters = {"kind": ["case_study", "document"], "year": ["2017", "x"]}

    body = search_body(scope, query, filters, "relevance", 0, 10)

    kind = {"terms": {"kind": ["case_study", "document"]}}
    year = {"terms": {"years": [2017]}}
    # The results are narrowed after the aggregations are counted...
    assert body["post_filter"] == {"bool": {"filter": [kind, year]}}
    assert set(body["aggs"]) == set(FACETS)
    # ... and each facet's counts apply only the other facets' filters.
    assert body["aggs"]["kind"]["filter"]["bool"]["filter"] == [year]
    assert body["aggs"]["year"]["filter"]["bool"]["filter"] == [kind]
    assert body["aggs"]["topic"]["filter"]["bool"]["filter"] == [kind, year]
    assert body["aggs"]["topic"]["aggs"]["values"]["terms"]["field"] == "topics"
    json.dumps(body)  # Serialisable as sent.


def test_members_have_no_exclusion_for_their_own_pages(restricted_page, make_user):
    member = make_user(groups=[restricted_page.insiders])
    other = make_user(groups=[Group.objects.create(name="Others")])
    query = parse_query("water", ["en", "es"])

    def sent(user):
        return json.dumps(search_body(scope_for(user), query, {}, "date", 0, 10))

    assert restricted_page.path not in sent(member)
    assert restricted_page.path in sent(other)


def test_private_collections_are_excluded_inside_the_query(db):
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Private library")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    inner = private.add_child(name="Inner shelf")

    body = search_body(
        scope_for(AnonymousUser()), parse_query("", []), {}, "date", 0, 10
    )

    assert {"terms": {"collection_id": [private.pk, inner.pk]}} in body["query"][
        "bool"
    ]["must_not"]
    # No words: browse by date, no text clause.
    assert "should" not in body["query"]["bool"]
    assert body["sort"][0] == {"sort_date": "desc"}


def test_autocomplete_is_asked_of_the_engine_within_the_scope(restricted_page):
    body = suggest_body(scope_for(AnonymousUser(), ["en", ""]), "gober", 8)

    boolean = body["query"]["bool"]
    assert boolean["must"] == [
        {"match": {"title.autocomplete": {"query": "gober", "operator": "and"}}}
    ]
    assert {"prefix": {"page_path": restricted_page.path}} in boolean["must_not"]
    assert body["size"] == 8


def test_indexed_document_carries_text_filters_and_facets(describe):
    page = describe(
        "Water monitoring",
        summary="Communities watch the river.",
        country="PE",
        years=[2017],
        topics=["water"],
        pillars=["civil_society"],
    )
    entry = SearchEntry.objects.get(item_id=page.pk)

    document = entry_document(entry, entry.facet_values.values_list("name", "value"))

    assert document["title"] == "Water monitoring"
    assert document["page_path"] == page.path
    assert document["country"] == "PE"
    assert (document["years"], document["topics"], document["pillars"]) == (
        [2017],
        ["water"],
        ["civil_society"],
    )
    index_mappings()  # every key of the document is mapped (dynamic: strict)
    assert set(document) <= set(index_mappings()["properties"])


def test_aggregation_answers_become_facet_counts():
    counts = facet_counts_from(
        {
            "kind": {
                "values": {
                    "buckets": [
                        {"key": "document", "doc_count": 2},
                        {"key": "case_study", "doc_count": 5},
                    ]
                }
            },
            "year": {"values": {"buckets": [{"key": 2017, "doc_count": 1}]}},
            "region": {"values": {"buckets": [{"key": "", "doc_count": 9}]}},
        }
    )

    assert counts["kind"] == [("case_study", 5), ("document", 2)]
    assert counts["year"] == [("2017", 1)]
    assert counts["region"] == []
    assert counts["topic"] == []


def test_the_engine_is_chosen_from_the_settings(settings, db):
    from django.db import connection

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    engine = get_engine()
    assert isinstance(engine, ElasticsearchEngine)
    assert engine.index_name == f"{settings.ELASTICSEARCH_INDEX}_search_entries"
    settings.ELASTICSEARCH_URL = ""
    expected = "postgresql" if connection.vendor == "postgresql" else "portable"
    assert get_engine().name == expected


@pytest.mark.elasticsearch
@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"), reason="needs ELASTICSEARCH_URL"
)
def test_real_server_matches_stems_counts_facets_and_honours_restrictions(
    client, describe, community_area
):
    assert get_engine().name == "elasticsearch"
    describe(
        "Policías y participación",
        language="es",
        body="La participación de las policías en el diálogo.",
        topics=["security"],
    )
    describe("Zinc minutes", parent=community_area, body="Policías en Cusco.")
    get_engine().refresh()

    answer = client.get(
        "/search/",
        {"q": "policia participacion", "format": "json", "all_languages": "1"},
    ).json()

    assert [result["title"] for result in answer["results"]] == [
        "Policías y participación"
    ]
    assert answer["total"] == 1
    assert answer["facets"]["topic"][0]["count"] == 1
    suggestions = client.get("/search/suggest/", {"q": "zinc"}).json()
    assert suggestions["suggestions"] == []
