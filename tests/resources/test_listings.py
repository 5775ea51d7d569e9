"""The index and library listings: filters, pagination, bad input, query counts."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from resources.factories import (
    CaseStudyPageFactory,
    DocumentFactory,
    DocumentLibraryPageFactory,
    GoodPracticePageFactory,
)
from resources.models import Theme
from tests.resources.helpers import restricted_collection

pytestmark = pytest.mark.django_db


def titles(response, name):
    return [item.title for item in response.context[name]]


@pytest.fixture
def case_studies(indexes):
    parent = indexes["case_studies"]
    return {
        "ghana": CaseStudyPageFactory(
            parent=parent,
            title="Tarkwa dialogue",
            country="GH",
            start_year=2015,
            end_year=2016,
            pillars=["government", "civil_society"],
            tags=["artisanal mining"],
        ),
        "cusco": CaseStudyPageFactory(
            parent=parent,
            title="Cusco group",
            country="PE",
            start_year=2017,
            end_year=None,
            pillars=["company"],
            tags=["security"],
        ),
        "lima": CaseStudyPageFactory(
            parent=parent,
            title="Lima group",
            country="PE",
            start_year=2010,
            end_year=2015,
            pillars=["company", "government", "observer"],
            tags=["security", "human rights"],
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Tarkwa dialogue", "Cusco group", "Lima group"}),
        ("?country=PE", {"Cusco group", "Lima group"}),
        ("?topic=security", {"Cusco group", "Lima group"}),
        ("?pillar=government", {"Tarkwa dialogue", "Lima group"}),
        ("?pillar=observer", {"Lima group"}),
        ("?year=2015", {"Tarkwa dialogue", "Lima group"}),
        ("?year=2017", {"Cusco group"}),
        ("?country=PE&pillar=company&year=2012", {"Lima group"}),
        ("?country=GH&topic=security", set()),
    ],
)
def test_case_study_filters(client, case_studies, query, expected):
    response = client.get("/case-studies/" + query)

    assert response.status_code == 200
    assert set(titles(response, "case_studies")) == expected


@pytest.mark.parametrize(
    "query",
    [
        "?country=XX",
        "?year=abc",
        "?year=99999999999999999999",
        "?pillar=%00",
        "?topic=nope&page=-3",
        "?page=abc",
        "?page=999",
        "?country[]=PE",
    ],
)
def test_malformed_filters_fall_back_to_everything(client, case_studies, query):
    response = client.get("/case-studies/" + query)

    assert response.status_code == 200
    assert len(response.context["case_studies"]) == 3


def test_the_filter_form_shows_what_is_applied(client, case_studies):
    html = client.get("/case-studies/?country=PE&year=abc").content.decode()

    assert '<option value="PE" selected>Peru</option>' in html
    assert "Clear filters" in html
    assert "Clear filters" not in client.get("/case-studies/").content.decode()


def test_case_study_listing_paginates(client, indexes):
    for number in range(14):
        CaseStudyPageFactory(parent=indexes["case_studies"], title=f"Story {number:02}")

    first = client.get("/case-studies/?country=PE")
    second = client.get("/case-studies/?country=PE&page=2")

    assert len(first.context["case_studies"]) == 12
    assert len(second.context["case_studies"]) == 2
    assert "country=PE&amp;page=2" in first.content.decode()


def test_case_study_listing_hides_restricted_case_studies(
    client, case_studies, restricted_page
):
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=case_studies["lima"], restriction_type=PageViewRestriction.LOGIN
    )
    assert restriction.pk

    response = client.get("/case-studies/")

    assert "Lima group" not in response.content.decode()
    assert response.context["page_obj"].paginator.count == 2


def test_case_study_listing_query_count_does_not_grow(
    client, indexes, django_assert_max_num_queries
):
    CaseStudyPageFactory(parent=indexes["case_studies"], tags=["security"])
    with django_assert_max_num_queries(40) as few:
        client.get("/case-studies/")
    for _ in range(10):
        CaseStudyPageFactory(
            parent=indexes["case_studies"], tags=["security", "police"]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/case-studies/")
    assert len(response.context["case_studies"]) == 11


def test_good_practices_are_grouped_by_theme(client, indexes):
    parent = indexes["good_practices"]
    GoodPracticePageFactory(
        parent=parent, title="Find a champion", theme=Theme.LEADERSHIP
    )
    GoodPracticePageFactory(
        parent=parent, title="Meet quarterly", theme=Theme.WORKING_RULES
    )
    GoodPracticePageFactory(
        parent=parent,
        title="Chatham House Rule",
        theme=Theme.WORKING_RULES,
        tags=["trust"],
    )

    response = client.get("/good-practices/")
    html = response.content.decode()

    groups = [
        (t["label"], [p.title for p in t["practices"]])
        for t in response.context["themes"]
    ]
    assert groups == [
        ("Leadership", ["Find a champion"]),
        ("Working rules", ["Chatham House Rule", "Meet quarterly"]),
    ]
    assert html.index("Leadership") < html.index("Find a champion")
    filtered = client.get("/good-practices/?topic=trust&theme=bogus")
    assert [p.title for t in filtered.context["themes"] for p in t["practices"]] == [
        "Chatham House Rule"
    ]


def test_good_practice_index_query_count_does_not_grow(
    client, indexes, django_assert_max_num_queries
):
    GoodPracticePageFactory(parent=indexes["good_practices"], tags=["a"])
    with django_assert_max_num_queries(40) as few:
        client.get("/good-practices/")
    for theme in list(Theme)[:8]:
        GoodPracticePageFactory(
            parent=indexes["good_practices"], theme=theme, tags=["b"]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/good-practices/")


@pytest.fixture
def library(indexes):
    return indexes["publications"]


def test_library_filters_and_sorts_documents(client, library):
    collection = library.collection
    DocumentFactory(
        title="Minutes March",
        collection=collection,
        document_type="minutes",
        date=date(2016, 3, 1),
        language="es",
        tags=["security"],
    )
    DocumentFactory(
        title="Annual report",
        collection=collection,
        document_type="report",
        date=date(2017, 1, 10),
        language="en",
    )
    DocumentFactory(
        title="Undated toolkit",
        collection=collection,
        document_type="toolkit",
        language="",
    )

    assert titles(client.get("/publications/"), "documents") == [
        "Annual report",
        "Minutes March",
        "Undated toolkit",
    ]
    assert titles(client.get("/publications/?sort=title"), "documents") == [
        "Annual report",
        "Minutes March",
        "Undated toolkit",
    ]
    assert (
        titles(client.get("/publications/?sort=oldest"), "documents")[0]
        == "Minutes March"
    )
    assert titles(client.get("/publications/?document_type=minutes"), "documents") == [
        "Minutes March"
    ]
    assert titles(client.get("/publications/?language=en"), "documents") == [
        "Annual report"
    ]
    assert titles(client.get("/publications/?year=2017"), "documents") == [
        "Annual report"
    ]
    assert titles(client.get("/publications/?topic=security"), "documents") == [
        "Minutes March"
    ]
    bad = client.get("/publications/?sort=drop+table&year=x&language=fr&page=zz")
    assert bad.status_code == 200
    assert len(bad.context["documents"]) == 3


def test_library_lists_only_documents_the_reader_may_see(client, home, make_user):
    insiders = Group.objects.create(name="Insiders")
    collection = restricted_collection(insiders)
    DocumentLibraryPageFactory(
        parent=home,
        title="Members library",
        slug="members-library",
        collection=collection,
    )
    DocumentFactory(title="Secret minutes", collection=collection)

    assert "Secret minutes" not in client.get("/members-library/").content.decode()
    client.force_login(make_user(groups=[insiders]))
    assert "Secret minutes" in client.get("/members-library/").content.decode()


def test_library_query_count_does_not_grow(
    client, library, django_assert_max_num_queries
):
    DocumentFactory(collection=library.collection, tags=["x"])
    with django_assert_max_num_queries(40) as few:
        client.get("/publications/")
    for _ in range(10):
        DocumentFactory(collection=library.collection, tags=["x", "y"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/publications/")
    assert len(response.context["documents"]) == 11


def test_library_offers_only_years_some_document_is_dated_in(client, library):
    for year in (2012, 2016):
        DocumentFactory(collection=library.collection, date=date(year, 5, 1))

    form = client.get("/publications/").context["filter_form"]

    assert [value for value, _ in form.fields["year"].choices] == ["", 2016, 2012]


def test_sorting_documents_is_not_a_filter_to_clear(client, library):
    DocumentFactory(collection=library.collection)

    response = client.get("/publications/?sort=title&language=fr")
    html = response.content.decode()

    assert '<option value="title" selected>Title</option>' in html
    assert "Clear filters" not in html
    assert response.context["query_string"] == "sort=title"
