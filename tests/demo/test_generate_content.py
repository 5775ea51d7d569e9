"""`generate_content N`: bilingual synthetic content, restricted where it should be,
and found by search by those who may see it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from wagtail.models import Page
from wagtail_localize.models import Translation

from communities.factories import InstitutionFactory, MembershipFactory
from communities.models import CommunityPage, MeetingPage
from intranet.factories import UserFactory
from resources.models import Confidentiality, Document
from resources.pages import CaseStudyPage, GoodPracticePage
from search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request leaves its language active: the next test starts in English."""
    yield
    translation.activate("en")


@pytest.fixture
def generated(home):
    out = StringIO()
    call_command("generate_content", "60", stdout=out)
    return out.getvalue()


def _member_of(community):
    person = UserFactory()
    MembershipFactory(
        community=community, institution=InstitutionFactory(), representatives=[person]
    )
    return person


def _live(model, language):
    return model.objects.live().filter(
        locale__language_code=language, slug__startswith="gen-"
    )


def test_content_of_every_kind_in_both_languages(generated):
    assert "Generated 2 communities, 13 meetings, 6 case studies" in generated
    assert "search index" in generated  # progress is shown
    for model, count in (
        (CommunityPage, 2),
        (MeetingPage, 13),
        (CaseStudyPage, 6),
        (GoodPracticePage, 7),
    ):
        english, spanish = _live(model, "en"), _live(model, "es")
        assert english.count() == spanish.count() == count, model
        # Each Spanish page is the translation of an English one.
        assert set(english.values_list("translation_key", flat=True)) == set(
            spanish.values_list("translation_key", flat=True)
        )
    meeting = _live(MeetingPage, "es").first()
    assert meeting.title.startswith(
        ("Diálogo", "Sesión", "Revisión", "Visita", "Acuerdo")
    )
    assert meeting.attended_by.count() == 4
    assert Translation.objects.filter(enabled=False).count() >= 13 + 6 + 7
    documents = Document.objects.filter(file__startswith="documents/gen-")
    assert documents.count() == 6
    assert {document.language for document in documents} == {"en", "es"}
    assert Page.find_problems() == ([], [], [], [], [])
    # Every live generated page and every document has its search entry.
    pages = Page.objects.live().filter(slug__startswith="gen-").count()
    assert (
        SearchEntry.objects.filter(
            kind__in=["meeting", "case_study", "good_practice", "community"]
        ).count()
        >= pages
    )
    assert SearchEntry.objects.filter(kind="document").count() == 6


def test_the_same_seed_gives_the_same_content(generated):
    titles = sorted(_live(MeetingPage, "en").values_list("title", flat=True))
    with pytest.raises(CommandError, match="already holds generated content"):
        call_command("generate_content", "60", stdout=StringIO())
    assert titles == sorted(_live(MeetingPage, "en").values_list("title", flat=True))
    assert "Dialogue on" in " ".join(titles) or "Review of" in " ".join(titles)


def test_meetings_and_member_documents_stay_in_their_community(generated, client):
    first, second = _live(CommunityPage, "en").order_by("slug")[:2]
    meeting = MeetingPage.objects.live().descendant_of(first).first()
    restricted = Document.objects.filter(
        confidentiality=Confidentiality.MEMBERS, collection=first.collection
    ).first()
    assert meeting is not None and restricted is not None
    query = meeting.title.split(" (")[0]
    area = first.members_area()
    areas = tuple(page.url for page in area.get_translations(inclusive=True))
    assert len(areas) == 2

    outsider, other_member = UserFactory(), _member_of(second)
    for who, person in (
        ("visitor", None),
        ("outsider", outsider),
        ("member of another community", other_member),
    ):
        client.logout()
        if person is not None:
            client.force_login(person)
        assert client.get(meeting.url).status_code != 200, who
        assert client.get(restricted.url).status_code != 200, who
        for path in ("/search/", "/es/search/"):
            for q in (query, restricted.title.split(" (")[0], ""):
                answer = client.get(path, {"q": q, "format": "json"}).json()
                urls = {result["url"] for result in answer["results"]}
                assert not any(url.startswith(areas) for url in urls), (who, q)
                assert restricted.url not in urls, (who, q)

    client.force_login(_member_of(first))
    assert client.get(meeting.url).status_code == 200
    answer = client.get("/search/", {"q": query, "format": "json"}).json()
    assert meeting.url in {result["url"] for result in answer["results"]}
    spanish = meeting.get_translation(
        Page.objects.get(pk=first.pk).get_translations().first().locale
    )
    answer = client.get(
        "/es/search/", {"q": spanish.title.split(" (")[0], "format": "json"}
    ).json()
    assert spanish.url in {result["url"] for result in answer["results"]}


def test_visitors_find_public_case_studies_in_both_languages(generated, client):
    english = _live(CaseStudyPage, "en").first()
    spanish = english.get_translation(_live(CaseStudyPage, "es").first().locale)
    answer = client.get(
        "/search/", {"q": english.title.split(" (")[0], "format": "json"}
    ).json()
    assert english.url in {result["url"] for result in answer["results"]}
    answer = client.get(
        "/es/search/", {"q": spanish.title.split(" (")[0], "format": "json"}
    ).json()
    assert spanish.url in {result["url"] for result in answer["results"]}
