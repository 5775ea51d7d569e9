"""The search page as people use it: HTML and JSON agree, locales, snippets, cost."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intranet.factories import StandardPageFactory
from search.indexing import page_content_type, store_entry
from tests.search.conftest import entry_data, refresh_search_index


@pytest.fixture
def dialogues(describe):
    for number in range(14):
        describe(
            f"Dialogue on mining number {number}",
            body=f"Mining governance dialogue {'water ' * number}",
            country="PE" if number % 2 else "GH",
            topics=["dialogue", f"topic {number % 3}"],
            years=[2000 + number],
        )


def test_json_and_html_agree(client, dialogues):
    parameters = {"q": "mining water", "country": "PE"}
    for page in ("1", "2"):
        html = client.get("/search/", {**parameters, "page": page}).content.decode()
        answer = client.get(
            "/search/", {**parameters, "page": page, "format": "json"}
        ).json()

        html_titles = [
            unescape(title)
            for title in re.findall(
                r'class="search-result__title"><a href="[^"]*">([^<]+)</a>', html
            )
        ]
        assert html_titles == [result["title"] for result in answer["results"]]
        assert f"{answer['total']} results for" in html
        for facet, values in answer["facets"].items():
            for value in values:
                assert f'name="{facet}" value="{value["value"]}"' in html
                assert f"({value['count']})" in html
        for result in answer["results"]:
            assert result["snippet"] in html


def test_json_has_the_documented_shape(client, dialogues):
    answer = client.get("/search/", {"q": "water", "format": "json"}).json()

    assert set(answer) == {"query", "total", "page", "results", "facets"}
    assert answer["query"] == "water"
    assert set(answer["results"][0]) == {
        "title",
        "url",
        "type",
        "locale",
        "snippet",
        "date",
    }
    assert "<mark>water</mark>" in answer["results"][0]["snippet"]
    assert set(answer["facets"]) == {
        "kind",
        "country",
        "region",
        "topic",
        "pillar",
        "community",
        "year",
        "language",
    }


def test_the_query_count_does_not_grow_with_results(client, describe):
    # Enough results that no "did you mean" or other language is looked for.
    for number in range(3):
        describe(f"Water dialogue {number}", body="water")

    def queries():
        client.get("/search/", {"q": "water"})  # warm shared caches (renewed by writes)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", {"q": "water"}).status_code == 200
        return len(captured)

    queries()  # Warm the per-process caches (content types, site root paths).
    few = queries()
    for number in range(3, 25):
        describe(f"Water dialogue {number}", body="water", topics=[f"t{number}"])
    assert queries() == few


def test_snippets_escape_html_and_mark_matches(client, describe):
    describe(
        "Escaping test",
        body="<script>alert(1)</script> Community <b>participación</b> & more",
        language="es",
    )

    answer = client.get("/search/", {"q": "participacion", "format": "json"}).json()

    snippet = answer["results"][0]["snippet"]
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "<mark>participación</mark>" in snippet


def test_spanish_is_searched_in_spanish_by_default(client, spanish_home, describe):
    describe("Water dialogue", body="Water monitoring with communities.")
    spanish = StandardPageFactory(parent=spanish_home, title="Diálogo del agua")
    store_entry(
        page_content_type(),
        spanish.pk,
        entry_data(
            "Diálogo del agua",
            body="Monitoreo participativo del agua con las comunidades.",
            language="es",
        ),
        locale="es",
        url=spanish.get_url(),
        page_path=spanish.path,
    )
    refresh_search_index()

    in_spanish = client.get("/es/search/", {"q": "comunidad", "format": "json"})
    in_english = client.get("/search/", {"q": "comunidad", "format": "json"})
    both = client.get(
        "/search/", {"q": "comunidad", "format": "json", "all_languages": "1"}
    )

    assert [r["title"] for r in in_spanish.json()["results"]] == ["Diálogo del agua"]
    assert in_spanish.json()["results"][0]["locale"] == "es"
    assert in_english.json()["total"] == 0
    assert both.json()["total"] == 1


def test_suggestions_complete_titles_without_accents(client, describe):
    describe("Participación ciudadana en Cusco", language="es", kind="good_practice")
    describe("Policing and human rights")

    titles = [
        s["title"]
        for s in client.get("/search/suggest/", {"q": "participa"}).json()[
            "suggestions"
        ]
    ]
    words_inside = client.get("/search/suggest/", {"q": "ciudad"}).json()

    assert titles == ["Participación ciudadana en Cusco"]
    assert [s["title"] for s in words_inside["suggestions"]] == [
        "Participación ciudadana en Cusco"
    ]


def test_header_box_is_wired_for_suggestions(client, home):
    html = client.get("/search/").content.decode()

    assert 'id="site-search-q"' in html
    assert 'data-suggest-url="/search/suggest/"' in html
    assert "search/search.js" in html


def test_rich_text_paragraphs_stay_separate_words(client, home):
    """ "<p>…ends.</p><p>Starts…</p>" is two words to search, not "ends.Starts";
    entities are text ("&amp;" is "&"), never escaped twice in the snippet."""
    from resources.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory

    index = CaseStudyIndexPageFactory(parent=home, title="Case studies")
    page = CaseStudyPageFactory(
        parent=index,
        title="Founding a group",
        challenge="<p>Incidents near the pit</p><p>Roadblocks &amp; strikes</p>",
    )
    page.save_revision().publish()
    refresh_search_index()

    answer = client.get("/search/", {"q": "roadblocks", "format": "json"}).json()

    assert [result["title"] for result in answer["results"]] == ["Founding a group"]
    snippet = answer["results"][0]["snippet"]
    assert "pit <mark>Roadblocks</mark> &amp; strikes" in snippet
    assert "&amp;amp;" not in snippet
