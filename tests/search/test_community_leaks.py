"""Real communities: members-only meetings and libraries never leak through search.

A visitor, a logged-in non-member and a member of another community never get
a restricted meeting or document: no result, snippet, suggestion, count, facet
value, "did you mean" word or result in the other language's block. Attributed
(Chatham House) notes never reach the index at all.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from communities.factories import (
    AttributedNoteFactory,
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MeetingPageFactory,
    MembershipFactory,
)
from intranet.factories import UserFactory
from resources.factories import DocumentFactory
from resources.pdf import pdf_bytes
from tests.search.conftest import refresh_search_index

SECRETS = ["Quellaveco", "Zinc", "ombudsman", "2031", "SUCAMEC", "OEFA"]


def _publish(page):
    page.save_revision().publish()
    return page


def _member_of(community):
    person = UserFactory()
    MembershipFactory(
        community=community,
        institution=InstitutionFactory(),
        representatives=[person],
    )
    return person


@pytest.fixture
def communities(home):
    index = CommunityIndexPageFactory(parent=home)
    lima = _publish(
        CommunityPageFactory(parent=index, title="Lima working group", slug="lima")
    )
    cusco = _publish(
        CommunityPageFactory(parent=index, title="Cusco working group", slug="cusco")
    )
    meeting = _publish(
        MeetingPageFactory(
            parent=lima.members_area(),
            title="Quellaveco plenary",
            starts_at=timezone.make_aware(datetime.datetime(2031, 3, 4, 10)),
            agenda="Zinc tailings\nWater",
            minutes="<p>Members discussed Zinc tailings and the ombudsman.</p>",
            guests="Officers of SUCAMEC",
        )
    )
    meeting.attended_by.set(
        [
            InstitutionFactory(
                name="Organismo de Evaluación y Fiscalización Ambiental",
                acronym="OEFA",
            )
        ]
    )
    AttributedNoteFactory(meeting=meeting, text="Attributed: Huancavelica promise.")
    _publish(meeting)
    DocumentFactory(
        title="Zinc coordination letter",
        collection=lima.collection,
        file=ContentFile(
            pdf_bytes("Letter", ["Quellaveco ombudsman water tailings."]),
            name="letter.pdf",
        ),
    )
    refresh_search_index()
    return {"lima": lima, "cusco": cusco, "meeting": meeting}


def _channels(client):
    pages = []
    for parameters in (
        {"q": "zinc tailings"},
        {"q": "quellaveco"},
        {"q": "ombudsman"},
        {"q": "water"},
        {"q": "sucamec"},
        {"q": "OEFA"},
        {"q": "Fiscalización Ambiental"},
        # Misspelled: "did you mean" must not propose a restricted word.
        {"q": "quelaveco"},
        {"q": "quellavecos plenaries"},
        {"q": "zinx"},
        {},
        {"kind": "meeting"},
        {"all_languages": "1"},
    ):
        # The Spanish site shows English results in its other-language block.
        for path in ("/search/", "/es/search/"):
            for answer_format in ("html", "json"):
                response = client.get(path, {"format": answer_format, **parameters})
                assert response.status_code == 200
                pages.append((parameters, response.content.decode()))
    for query in ("qu", "quell", "zinc", "zi"):
        response = client.get("/search/suggest/", {"q": query})
        pages.append(({"suggest": query}, response.content.decode()))
    return pages


def test_outsiders_never_see_members_only_content(client, communities):
    people = {
        "visitor": None,
        "non-member": UserFactory(),
        "member of another community": _member_of(communities["cusco"]),
    }
    for who, person in people.items():
        client.logout()
        if person:
            client.force_login(person)
        for parameters, content in _channels(client):
            typed = " ".join(parameters.values()).lower()
            for word in SECRETS:
                if word.lower() not in typed:
                    assert word not in content, (who, parameters, word)
        answer = client.get("/search/", {"format": "json"}).json()
        assert {r["type"] for r in answer["results"]} == {"community"}, who
        assert answer["facets"]["kind"] == [
            {"value": "community", "label": "Community", "count": 2}
        ], who


def test_members_find_meetings_and_library_without_attributed_notes(
    client, communities
):
    client.force_login(_member_of(communities["lima"]))

    answer = client.get("/search/", {"q": "zinc tailings", "format": "json"}).json()
    titles = {result["title"] for result in answer["results"]}

    assert titles == {"Quellaveco plenary", "Zinc coordination letter"}
    for query in ("Huancavelica", "attributed promise"):
        found = client.get("/search/", {"q": query, "format": "json"}).json()
        assert found["total"] == 0, query


def test_members_find_a_meeting_by_its_guests_and_institutions(client, communities):
    client.force_login(_member_of(communities["lima"]))

    for query in ("SUCAMEC", "sucamec", "OEFA", "fiscalizacion ambiental"):
        answer = client.get("/search/", {"q": query, "format": "json"}).json()
        assert [r["title"] for r in answer["results"]] == ["Quellaveco plenary"], query


def test_members_are_offered_their_own_words_and_other_language(client, communities):
    # The same channels that stay silent for outsiders do speak to members.
    client.force_login(_member_of(communities["lima"]))

    answer = client.get("/search/", {"q": "quelaveco", "format": "json"}).json()
    assert answer["total"] == 0
    assert answer["did_you_mean"] == "quellaveco"

    answer = client.get("/es/search/", {"q": "zinc tailings", "format": "json"}).json()
    assert answer["total"] == 0
    other = answer["other_language"]
    assert other["language"] == "en"
    assert {r["title"] for r in other["results"]} == {
        "Quellaveco plenary",
        "Zinc coordination letter",
    }
    html = client.get("/es/search/", {"q": "zinc tailings"}).content.decode()
    assert "Quellaveco plenary" in html
    assert 'id="search-other-language-title"' in html
