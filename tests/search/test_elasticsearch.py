"""The Elasticsearch side, checked by what our code asks of it (no server here).

Tests marked `elasticsearch` run against a real server when ELASTICSEARCH_URL is
set (see docs/search.md); the others inspect the mapping and the query body.
"""

import json
import os

import pytest
from django.contrib.auth.models import Group
from wagtail.search.backends.elasticsearch9 import Elasticsearch9SearchBackend

from search.models import SearchEntry
from search.queries import SearchRequest, apply_filters, base_entries, text_query
from search.text import query_terms

SEARCHABLE = {"title", "stems"}
FILTERABLE = {
    "id",
    "kind",
    "date",
    "country",
    "region",
    "language",
    "locale",
    "community_id",
    "page_path",
    "collection_id",
}


@pytest.fixture
def backend():
    # Building the backend opens no connection; nothing is sent anywhere.
    return Elasticsearch9SearchBackend(
        {"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "minka_test_"}
    )


def test_mapping_has_every_searchable_and_filterable_field(backend):
    mapping = backend.mapping_class(SearchEntry)
    properties = mapping.get_mapping()["properties"]
    text = json.dumps(properties)

    for name in FILTERABLE:
        assert f"{name}_filter" in properties, name
    assert properties["date_filter"]["type"] == "date"
    assert properties["page_path_filter"]["type"] == "keyword"
    assert properties["collection_id_filter"]["type"] == "long"
    # Searchable fields are copied into the full-text fields, title boosted.
    for name in SEARCHABLE:
        assert name in properties, name
    assert "_all_text_boost_4_0" in text


def _compiled(backend, user, parameters, query="policías participación"):
    from django.http import QueryDict

    request = SearchRequest.from_querydict(QueryDict(parameters), "es")
    entries = apply_filters(base_entries(user, request), request.filters)
    terms = query_terms(query, request.languages)
    compiler = backend.query_compiler_class(entries, text_query(terms))
    return json.dumps(compiler.get_query())


def test_query_holds_permission_exclusions_locale_and_facets(
    backend, restricted_page, django_user_model
):
    from django.contrib.auth.models import AnonymousUser

    body = _compiled(
        backend,
        AnonymousUser(),
        "kind=case_study&kind=document&country=PE&topic=security&year=2017",
    )

    # The restricted subtree is excluded inside the query itself.
    assert '"must_not"' in body
    assert json.dumps({"prefix": {"page_path_filter": restricted_page.path}}) in body
    assert '"terms": {"locale_filter": ["es", ""]}' in body
    assert '"terms": {"kind_filter": ["case_study", "document"]}' in body
    assert '"terms": {"country_filter": ["PE"]}' in body
    # Multi-valued facets narrow by entry ids (no entry has them here).
    assert '"terms": {"id_filter": []}' in body
    # Both stems of each word, accent-free.
    assert '"polici"' in body and '"particip"' in body


def test_a_member_query_has_no_exclusion_for_their_own_pages(
    backend, restricted_page, make_user
):
    member = make_user(groups=[restricted_page.insiders])
    other = make_user(groups=[Group.objects.create(name="Others")])

    assert restricted_page.path not in _compiled(backend, member, "")
    assert restricted_page.path in _compiled(backend, other, "")


def test_collection_privacy_is_excluded_inside_the_query(backend, db):
    from django.contrib.auth.models import AnonymousUser
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Private library")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )

    inner = private.add_child(name="Inner shelf")

    body = _compiled(backend, AnonymousUser(), "")

    hidden = json.dumps({"terms": {"collection_id_filter": [private.pk, inner.pk]}})
    assert hidden in body


@pytest.mark.elasticsearch
@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"), reason="needs ELASTICSEARCH_URL"
)
def test_real_server_matches_stems_and_honours_restrictions(
    client, describe, community_area
):
    from django.conf import settings
    from wagtail.search.backends import get_search_backend

    assert "elasticsearch" in settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    backend = get_search_backend()
    describe(
        "Policías y participación",
        language="es",
        body="La participación de las policías en el diálogo.",
    )
    describe("Zinc minutes", parent=community_area, body="Policías en Cusco.")
    backend.get_index_for_model(SearchEntry).refresh()

    answer = client.get(
        "/search/",
        {"q": "policia participacion", "format": "json", "all_languages": "1"},
    ).json()

    assert [result["title"] for result in answer["results"]] == [
        "Policías y participación"
    ]
