"""Whatever is typed or put in the URL, search answers sensibly and never with a 500."""

import pytest

from search.models import ZeroResultQuery

BAD_QUERIES = [
    "",
    "x" * 100_000,
    "mining\x00governance",
    '"',
    '"unterminated phrase',
    "&",
    "|",
    "!",
    ":*",
    "(",
    "security & (police | !army):*",
    "NOT OR AND NEAR",
    "'; DROP TABLE minka_search_searchentry; --",
    "🙂 ñandú",
    " ".join(f"word{n}" for n in range(500)),
]


@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize("answer_format", ["html", "json"])
def test_odd_queries_answer_without_error(client, home, query, answer_format):
    response = client.get("/search/", {"q": query, "format": answer_format})

    assert response.status_code == 200
    if answer_format == "json":
        body = response.json()
        assert body["total"] == 0
        assert len(body["query"]) <= 200
        assert "\x00" not in body["query"]


@pytest.mark.parametrize(
    "parameters",
    [
        {"page": "abc"},
        {"page": "-3"},
        {"page": "99999999999999999999999"},
        {"page": "0"},
        {"kind": "no-such-kind", "country": "ZZ", "pillar": "aliens"},
        {"community": "not-a-number", "year": "19x9"},
        {"community": "9" * 40, "year": "9" * 40},
        {"sort": "sideways", "all_languages": "maybe"},
        {"topic": ["x"] * 200},
    ],
)
def test_odd_parameters_answer_without_error(client, home, parameters):
    for answer_format in ("html", "json"):
        response = client.get(
            "/search/", {"q": "mining", "format": answer_format, **parameters}
        )
        assert response.status_code == 200


def test_unknown_format_is_a_400_with_a_message(client, home):
    response = client.get("/search/", {"q": "mining", "format": "xml"})

    assert response.status_code == 400
    assert b"Unknown format" in response.content


def test_suggestions_cope_with_odd_input(client, home):
    for query in ["", "a", "x" * 100_000, "\x00\x00", ":*(", '"']:
        response = client.get("/search/suggest/", {"q": query})
        assert response.status_code == 200
        assert response.json()["suggestions"] == []


def test_spanish_search_page_answers(client, spanish_home):
    response = client.get("/es/search/", {"q": "participación"})

    assert response.status_code == 200
    assert response["Content-Language"] == "es"


def test_a_query_without_results_is_logged_without_the_user(client, home, user):
    client.force_login(user)
    client.get("/search/", {"q": "Tailings dam"})
    client.get("/search/", {"q": "tailings   DAM"})

    logged = ZeroResultQuery.objects.get()
    assert (logged.query_text, logged.locale, logged.count) == ("tailings dam", "en", 2)
    field_names = {field.name for field in ZeroResultQuery._meta.get_fields()}
    assert not field_names & {"user", "user_id", "ip", "session"}


def test_a_query_by_a_reader_of_restricted_pages_is_not_logged(
    client, restricted_page, make_user
):
    # Moderators of every community read the log: a member's query may echo
    # their community's restricted pages.
    insider = make_user(groups=[restricted_page.insiders])
    client.force_login(insider)
    client.get("/search/", {"q": "incident at the camp"})

    assert not ZeroResultQuery.objects.exists()
