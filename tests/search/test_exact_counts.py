"""Totals and facet counts are exact however many entries match: nothing is cut
at a number of matches (the old search cut at 2,000 and counted those only)."""

import pytest

from search.indexing import entry_item, page_content_type, store_items

from .conftest import entry_data, refresh_search_index

MATCHING = 2150


@pytest.fixture
def many_entries(home):
    """2,150 case studies and 2 good practices, in bulk, all about water, half
    in Peru; a few entries about something else."""
    content_type = page_content_type()

    def item(number, title, **data):
        return entry_item(
            content_type,
            10_000 + number,
            entry_data(title, **data),
            locale="en",
            url=f"/case-studies/{number}/",
            page_path=f"{home.path}{number:04d}",
        )

    items = [
        item(
            number,
            f"Water monitoring report {number}",
            country="PE" if number % 2 else "GH",
            topics=["water"],
        )
        for number in range(MATCHING)
    ]
    items += [
        item(MATCHING + n, f"Water committee practice {n}", kind="good_practice")
        for n in range(2)
    ]
    items += [item(MATCHING + 10 + n, f"Security dialogue {n}") for n in range(3)]
    store_items(items)
    refresh_search_index()


def test_a_query_matching_thousands_counts_every_match(client, many_entries):
    answer = client.get("/search/", {"q": "water", "format": "json"}).json()

    assert answer["total"] == MATCHING + 2
    kinds = {value["value"]: value["count"] for value in answer["facets"]["kind"]}
    assert kinds == {"case_study": MATCHING, "good_practice": 2}
    countries = {v["value"]: v["count"] for v in answer["facets"]["country"]}
    assert countries == {"PE": MATCHING // 2, "GH": MATCHING // 2}
    topics = {v["value"]: v["count"] for v in answer["facets"]["topic"]}
    assert topics == {"water": MATCHING}


def test_a_filter_over_thousands_counts_exactly(client, many_entries):
    answer = client.get(
        "/search/", {"q": "water", "country": "PE", "format": "json"}
    ).json()

    assert answer["total"] == MATCHING // 2


def test_the_date_sort_gives_the_same_total(client, many_entries):
    relevance = client.get("/search/", {"q": "water", "format": "json"}).json()
    by_date = client.get(
        "/search/", {"q": "water", "sort": "date", "format": "json"}
    ).json()

    assert relevance["total"] == by_date["total"] == MATCHING + 2
