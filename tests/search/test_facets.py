"""Facets: counts that match the results they lead to, multi-select, chips, sort."""

import datetime
import re

import pytest


@pytest.fixture
def library(describe):
    describe(
        "Police and community dialogue in Cusco",
        body="Security forces and community leaders met in Cusco.",
        country="PE",
        region="Cusco",
        years=[2017, 2018],
        pillars=["government", "civil_society"],
        topics=["security", "human rights"],
        date=datetime.date(2018, 5, 1),
    )
    describe(
        "Security training for private guards",
        kind="good_practice",
        body="Training on security and human rights for guards.",
        country="PE",
        region="Lima",
        years=[2012],
        pillars=["company"],
        topics=["security"],
        date=datetime.date(2012, 3, 1),
    )
    describe(
        "Small-scale mining dialogue in Ghana",
        body="Security of artisanal miners and licensing.",
        country="GH",
        years=[2015, 2016],
        pillars=["government", "company"],
        topics=["artisanal mining"],
        date=datetime.date(2016, 1, 1),
    )
    describe(
        "Security annual report",
        kind="document",
        body="Report on security incidents.",
        country="PE",
        years=[2019],
        topics=["security"],
        date=datetime.date(2019, 12, 1),
    )


def _search(client, **parameters):
    response = client.get("/search/", {"format": "json", **parameters})
    assert response.status_code == 200
    return response.json()


def test_every_facet_count_equals_the_results_it_leads_to(client, library):
    answer = _search(client, q="security")
    assert answer["total"] == 4

    filled = {name for name, values in answer["facets"].items() if values}
    assert filled == {
        "kind",
        "country",
        "region",
        "topic",
        "pillar",
        "year",
        "language",
    }
    for name, values in answer["facets"].items():
        for value in values:
            narrowed = _search(client, q="security", **{name: value["value"]})
            assert narrowed["total"] == value["count"], (name, value)


def test_counts_reflect_the_other_filters(client, library):
    answer = _search(client, q="security", country="PE", kind="case_study")

    assert answer["total"] == 1
    # Kind counts ignore the kind filter but honour the country filter...
    kinds = {value["value"]: value["count"] for value in answer["facets"]["kind"]}
    assert kinds == {"case_study": 1, "good_practice": 1, "document": 1}
    # ...and country counts ignore the country filter but honour kind.
    countries = {v["value"]: v["count"] for v in answer["facets"]["country"]}
    assert countries == {"PE": 1, "GH": 1}


def test_values_of_one_facet_combine_with_or(client, library):
    both = _search(client, q="security", kind=["good_practice", "document"])

    assert both["total"] == 2
    assert {result["type"] for result in both["results"]} == {
        "good_practice",
        "document",
    }


def test_multi_valued_facets_filter_by_any_of_their_values(client, library):
    answer = _search(client, year="2016", pillar=["company", "academia"])

    assert [result["title"] for result in answer["results"]] == [
        "Small-scale mining dialogue in Ghana"
    ]


def test_labels_are_readable(client, library):
    answer = _search(client, q="security")

    labels = {
        name: {value["value"]: value["label"] for value in values}
        for name, values in answer["facets"].items()
    }
    assert labels["country"]["PE"] == "Peru"
    assert labels["kind"]["good_practice"] == "Good practice"
    assert labels["pillar"]["civil_society"] == "Civil society"
    assert labels["language"]["en"] == "English"


def test_chips_remove_one_filter_each(client, library):
    response = client.get(
        "/search/", {"q": "security", "country": "PE", "kind": "document"}
    )
    html = response.content.decode()

    chips = re.findall(r'<a class="search-chip" href="([^"]+)"', html)
    assert len(chips) == 2
    assert "?q=security&amp;kind=document" in chips
    assert "?q=security&amp;country=PE" in chips


def test_sort_by_date_puts_the_newest_first(client, library):
    answer = _search(client, q="security", sort="date")

    dates = [result["date"] for result in answer["results"]]
    assert dates == sorted(dates, reverse=True)
    assert answer["results"][0]["title"] == "Security annual report"


def test_an_empty_query_browses_everything_visible(client, library):
    answer = _search(client)

    assert answer["total"] == 4
    assert answer["results"][0]["date"] == "2019-12-01"


def test_pages_split_results_and_a_far_page_shows_the_last(client, describe):
    for number in range(23):
        describe(f"Mining dialogue {number}", body="Dialogue on mining governance.")

    first = _search(client, q="mining")
    third = _search(client, q="mining", page="3")
    far = _search(client, q="mining", page="999999")

    assert first["total"] == 23
    assert len(first["results"]) == 10
    assert len(third["results"]) == 3
    assert far["page"] == 3
    titles = set()
    for page in ("1", "2", "3"):
        titles |= {
            r["title"] for r in _search(client, q="mining", page=page)["results"]
        }
    assert len(titles) == 23
