"""Nothing restricted reaches a searcher who may not see it, in any channel.

Visitors, logged-in non-members and members of another community never get a
restricted item's title, snippet, suggestion, count or facet value.
"""

import pytest
from django.contrib.auth.models import Group
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

SECRET_WORDS = ["Zinc", "Tambopata", "Ghana", "confidential"]


@pytest.fixture
def indexed(describe, community_area, home):
    public_community = describe("Moquegua mining dialogue", kind="community")
    describe(
        "Water monitoring with the community",
        body="Participatory water monitoring near the mine.",
        country="PE",
        region="Moquegua",
        topics=["water"],
        years=[2014],
        community_id=public_community.pk,
    )
    secret = describe(
        "Zinc tailings confidential minutes",
        parent=community_area,
        kind="meeting",
        body="Water monitoring results discussed in Tambopata, confidential.",
        country="GH",
        region="Tambopata",
        topics=["tailings"],
        years=[2099],
        pillars=["academia"],
        community_id=community_area.pk,
    )
    return {"area": community_area, "secret": secret}


def _people(make_user, indexed):
    return {
        "visitor": None,
        "non-member": make_user(),
        "member of another community": make_user(
            groups=[Group.objects.create(name="Ghana members")]
        ),
    }


def _all_channels(client):
    answers = []
    for parameters in (
        {"q": "water monitoring"},
        {"q": "zinc tailings"},
        {"q": "tambopata"},
        {},
        {"all_languages": "1"},
        {"country": "GH"},
        {"year": "2099"},
        {"topic": "tailings", "q": "water"},
    ):
        for answer_format in ("html", "json"):
            response = client.get("/search/", {"format": answer_format, **parameters})
            assert response.status_code == 200
            answers.append((parameters, response.content.decode()))
    for query in ("zi", "zinc", "tail", "conf"):
        response = client.get("/search/suggest/", {"q": query})
        answers.append(({"suggest": query}, response.content.decode()))
    return answers


def test_outsiders_never_see_restricted_entries(client, make_user, indexed):
    for who, person in _people(make_user, indexed).items():
        client.logout()
        if person:
            client.force_login(person)
        for parameters, content in _all_channels(client):
            typed = " ".join(parameters.values()).lower()
            for word in SECRET_WORDS + ["2099", "Academia"]:
                # What the searcher typed is echoed back; nothing else may show.
                if word.lower() in typed or (word == "Ghana" and "gh" in typed):
                    continue
                assert word not in content, (who, parameters, word)

        answer = client.get("/search/", {"q": "water", "format": "json"}).json()
        assert answer["total"] == 1, who
        assert sum(v["count"] for v in answer["facets"]["kind"]) == 1, who
        assert [v["value"] for v in answer["facets"]["country"]] == ["PE"], who
        # The restricted community lends no name to the community facet.
        communities = [v["label"] for v in answer["facets"]["community"]]
        assert communities == ["Moquegua mining dialogue"], who


def test_members_find_their_community_entries(client, make_user, indexed):
    member = make_user(groups=[indexed["area"].members])
    client.force_login(member)

    answer = client.get("/search/", {"q": "zinc tailings", "format": "json"}).json()
    suggestions = client.get("/search/suggest/", {"q": "zinc"}).json()["suggestions"]

    assert [result["title"] for result in answer["results"]] == [
        "Zinc tailings confidential minutes"
    ]
    assert "<mark>Tambopata</mark>" not in answer["results"][0]["snippet"]
    assert [s["title"] for s in suggestions] == ["Zinc tailings confidential minutes"]
    water = client.get("/search/", {"q": "water", "format": "json"}).json()
    assert water["total"] == 2


def test_promotions_of_restricted_pages_are_hidden(client, make_user, indexed):
    query = Query.get("water")
    SearchPromotion.objects.create(
        query=query, page=indexed["secret"], description="Zinc results"
    )
    client.force_login(make_user())

    outsider_view = client.get("/search/", {"q": "water"}).content.decode()

    assert "Zinc" not in outsider_view
    client.force_login(make_user(groups=[indexed["area"].members]))
    member_view = client.get("/search/", {"q": "water"}).content.decode()
    assert "Recommended" in member_view
    assert "Zinc results" in member_view


def test_private_document_collections_stay_private(client, make_user, home):
    from wagtail.models import Collection, CollectionViewRestriction

    from search.indexing import document_content_type, store_entry
    from tests.search.conftest import entry_data, refresh_search_index

    library = Collection.get_first_root_node().add_child(name="Coordination")
    restriction = CollectionViewRestriction.objects.create(
        collection=library, restriction_type=CollectionViewRestriction.GROUPS
    )
    coordinators = Group.objects.create(name="Coordinators")
    restriction.groups.add(coordinators)
    store_entry(
        document_content_type(),
        1,
        entry_data("Zinc budget letter", kind="document", body="budget"),
        locale=None,
        url="/documents/1/letter.pdf",
        collection_id=library.pk,
    )
    refresh_search_index()

    client.force_login(make_user())
    assert (
        client.get("/search/", {"q": "budget", "format": "json"}).json()["total"] == 0
    )
    assert client.get("/search/suggest/", {"q": "zinc"}).json()["suggestions"] == []

    client.force_login(make_user(groups=[coordinators]))
    assert (
        client.get("/search/", {"q": "budget", "format": "json"}).json()["total"] == 1
    )
