"""The home page shows the latest case studies and good practices a person may see,
and the knowledge-base indexes are in the main menu."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from intranet.translation import translate_page
from resources.factories import CaseStudyPageFactory, GoodPracticePageFactory

pytestmark = pytest.mark.django_db


def publish(page):
    page.save_revision().publish()
    return page


def case_study(indexes, title, **fields):
    return publish(
        CaseStudyPageFactory(parent=indexes["case_studies"], title=title, **fields)
    )


def test_visitor_sees_latest_public_items_and_index_links(client, indexes):
    case_study(indexes, "Founding the Cusco group", summary="Police and NGOs meet.")
    publish(
        GoodPracticePageFactory(
            parent=indexes["good_practices"], title="Agree the working rules first"
        )
    )

    html = client.get("/").content.decode()

    assert "Founding the Cusco group" in html
    assert "Police and NGOs meet." in html
    assert "Agree the working rules first" in html
    assert f'href="{indexes["case_studies"].url}"' in html
    assert f'href="{indexes["good_practices"].url}"' in html


def test_restricted_case_study_reaches_only_its_group(client, indexes, make_user):
    insiders = Group.objects.create(name="Insiders")
    secret = case_study(indexes, "Confidential grievance review")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(insiders)
    case_study(indexes, "Public dialogue in Tarkwa")

    visitor_html = client.get("/").content.decode()
    client.force_login(make_user())
    outsider_html = client.get("/").content.decode()
    client.force_login(make_user(groups=[insiders]))
    insider_html = client.get("/").content.decode()

    assert "Public dialogue in Tarkwa" in visitor_html
    assert "Confidential grievance review" not in visitor_html
    assert "Confidential grievance review" not in outsider_html
    assert "Confidential grievance review" in insider_html


def test_only_the_three_latest_of_the_current_language(
    client, indexes, spanish_indexes
):
    english = [case_study(indexes, f"Case {n}") for n in range(1, 5)]
    translate_page(english[-1], "es", {"Case 4": "Caso cuatro"})

    english_html = client.get("/").content.decode()
    spanish_html = client.get("/es/").content.decode()

    assert "Case 4" in english_html and "Case 2" in english_html
    assert "Case 1" not in english_html  # only the three latest
    assert "Caso cuatro" in spanish_html
    assert "Case 3" not in spanish_html


def test_knowledge_indexes_are_in_the_main_menu_in_both_languages(
    client, spanish_indexes
):
    english_menu = client.get("/").content.decode()
    spanish_menu = client.get("/es/").content.decode()

    for title in ("Case studies", "Good practices", "Publications"):
        assert title in english_menu
    for title in ("Casos", "Buenas prácticas", "Publicaciones"):
        assert title in spanish_menu


def test_home_query_count_does_not_grow_with_the_knowledge_base(client, indexes):
    def home_queries():
        client.get("/")  # warm the caches shared by every page (renewed by writes)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    for number in range(3):
        case_study(indexes, f"Early case {number}")
    # Both panels shown from the start: only the number of items changes.
    publish(GoodPracticePageFactory(parent=indexes["good_practices"], title="First"))
    few = home_queries()
    for number in range(12):
        case_study(indexes, f"Later case {number}")
        publish(
            GoodPracticePageFactory(
                parent=indexes["good_practices"], title=f"Practice {number}"
            )
        )

    assert home_queries() <= few
