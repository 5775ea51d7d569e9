"""Malformed numbers and search strings in any parameter never give a 500:
the site falls back to its default (page 1, no filter), a form says the choice
is invalid, and Wagtail's admin answers a short 400 or searches safely."""

import pytest
from django.test import Client
from wagtail.users.models import UserProfile

from communities.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MembershipFactory,
)
from communities.models import Membership
from engagement.models import Delivery, Following, Kind
from intranet.factories import UserFactory
from intranet.params import MAX_DATABASE_INTEGER, int_param

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
# Digits int() refuses though str.isdigit() accepts them, a number no 64-bit
# column holds, a negative, a NUL, only spaces, and FTS5 punctuation.
BAD_VALUES = ["²", "①", HUGE, "-1", "\x00", "  ", "default¿'\"("]

# (address, parameter, who): every project view that reads a number from the
# query string, and the Wagtail admin views and API that do.
CASES = [
    ("/search/", "page", "visitor"),
    ("/es/search/", "page", "visitor"),
    ("/search/", "community", "member"),
    ("/search/", "country", "visitor"),
    ("/es/search/", "country", "visitor"),
    ("/search/", "year", "visitor"),
    ("/", "page", "visitor"),
    ("/es/", "community", "visitor"),
    ("/notifications/", "page", "member"),
    ("/admin/reports/site-history/", "user", "admin"),
    ("/admin/pages/", "content_type", "admin"),
    ("/admin/pages/", "p", "admin"),
    ("/admin/pages/", "owner", "admin"),
    ("/admin/pages/", "site", "admin"),
    ("/admin/pages/", "edited_by", "admin"),
    ("/admin/users/", "group", "admin"),
    ("/admin/pages/search/", "q", "admin"),
    ("/admin/pages/{home}/", "q", "admin"),
    ("/admin/api/main/pages/", "search", "admin"),
    ("/admin/api/main/pages/", "offset", "admin"),
    ("/admin/api/main/pages/", "limit", "admin"),
]


@pytest.fixture
def people(home):
    index = CommunityIndexPageFactory(parent=home)
    community = CommunityPageFactory(parent=index, title="Lima group", slug="lima")
    member = UserFactory()
    MembershipFactory(
        community=community,
        institution=InstitutionFactory(),
        status=Membership.Status.ACTIVE,
        representatives=[member],
    )
    return {"member": member, "admin": UserFactory(is_superuser=True)}


def client_for(who, people):
    client = Client(raise_request_exception=False)
    if who != "visitor":
        client.force_login(people[who])
    return client


@pytest.mark.parametrize("value", BAD_VALUES)
@pytest.mark.parametrize(("address", "name", "who"), CASES)
def test_a_malformed_parameter_never_gives_a_server_error(
    spanish_home, home, people, address, name, who, value
):
    client = client_for(who, people)

    response = client.get(address.format(home=home.pk), {name: value})

    assert response.status_code < 500, (address, name, who, value)


@pytest.mark.parametrize("value", ["²", "①", HUGE, "-1", "0", "abc"])
def test_the_search_page_answers_page_one_for_a_malformed_page(home, value):
    response = Client().get("/search/", {"page": value, "format": "json"})

    assert response.status_code == 200
    assert response.json()["page"] == 1


@pytest.mark.parametrize("value", ["²", "①", HUGE])
def test_a_malformed_community_filter_is_no_filter(home, value):
    unfiltered = Client().get("/search/", {"format": "json"}).json()

    response = Client().get("/search/", {"community": value, "format": "json"})

    assert response.status_code == 200
    assert response.json()["total"] == unfiltered["total"]


@pytest.mark.parametrize("value", ["99999999999999999999", "²", "-1"])
def test_a_malformed_topic_re_renders_the_preferences_with_an_error(people, value):
    member = people["member"]
    client = client_for("member", people)
    data = {f"delivery_{kind}": Delivery.WEEKLY for kind in Kind.values}
    data["delivery_knowledge"] = Delivery.NEVER
    data["topics"] = [value]

    response = client.post("/notifications/preferences/", data)

    assert response.status_code == 200
    assert response.context["form"].errors["topics"]
    assert not Following.objects.filter(user=member, topics__isnull=False).exists()


def test_the_site_history_refuses_a_user_beyond_any_id(people):
    response = client_for("admin", people).get(
        "/admin/reports/site-history/", {"user": HUGE}
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert b"user" in response.content


def test_the_admin_refuses_a_content_type_beyond_any_id(people):
    response = client_for("admin", people).get("/admin/pages/", {"content_type": HUGE})

    assert response.status_code == 400
    assert response.content.decode() == (
        "The parameter “content_type” is not a valid number."
    )


def test_the_admin_refusal_is_in_the_admins_language(people):
    admin = people["admin"]
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "es"
    profile.save()
    client = client_for("admin", people)

    response = client.get("/admin/pages/", {"content_type": "²"})

    assert response.status_code == 400
    assert "no es un número válido" in response.content.decode()


@pytest.mark.parametrize("value", ["\x00", "  ", 'mining "governance'])
def test_the_admin_api_searches_safely(home, people, value):
    response = client_for("admin", people).get(
        "/admin/api/main/pages/", {"search": value}
    )

    assert response.status_code == 200
    assert "items" in response.json()


def test_the_admin_page_search_survives_fts5_punctuation(home, people):
    response = client_for("admin", people).get(
        f"/admin/pages/{home.pk}/", {"q": "default¿'\"("}
    )

    assert response.status_code == 200


def test_the_admin_still_reads_well_formed_numbers(home, people):
    client = client_for("admin", people)

    assert client.get("/admin/pages/", {"p": "1"}).status_code == 200
    assert client.get("/admin/api/main/pages/", {"offset": "0"}).status_code == 200


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("-3", -3),
        ("²", None),
        ("①", None),
        ("١٢", None),  # Arabic-Indic digits: int() reads them, no id is one
        (HUGE, None),
        (str(MAX_DATABASE_INTEGER), MAX_DATABASE_INTEGER),
        (str(MAX_DATABASE_INTEGER + 1), None),
        ("", None),
        (None, None),
        ("1e3", None),
    ],
)
def test_int_param_takes_only_ascii_digits_in_the_databases_range(value, expected):
    assert int_param(value) == expected


def test_int_param_bounds_and_default():
    assert int_param("0", default=1, minimum=1) == 1
    assert int_param("50", default=1, maximum=10) == 1
    assert int_param(None, default=5) == 5
