"""Nobody learns what a members area or a library holds from how the site answers:
an existing restricted address and one that leads nowhere get the same response,
compared pairwise (status, Location, body)."""

import difflib
import re
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.users.models import UserProfile

from communities.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MeetingPageFactory,
    MembershipFactory,
)
from intranet.factories import UserFactory

pytestmark = pytest.mark.django_db

# The CSRF token of the logout form is masked anew on every response.
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def community(home):
    index = CommunityIndexPageFactory(parent=home)
    return CommunityPageFactory(parent=index, title="Lima working group", slug="lima")


def representative(community):
    person = UserFactory()
    MembershipFactory(
        community=community,
        institution=InstitutionFactory(),
        status="active",
        representatives=[person],
    )
    return person


@pytest.fixture
def people(community, home):
    other = CommunityPageFactory(parent=community.get_parent(), slug="cusco")
    return {
        "member": representative(community),
        "outsider": UserFactory(),
        "other member": representative(other),
    }


@pytest.fixture
def meeting(community):
    return MeetingPageFactory(
        parent=community.members_area(), title="Plenary", slug="plenary-2017"
    )


@pytest.fixture
def document(community):
    return get_document_model().objects.create(
        title="Minutes",
        file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf"),
        collection=community.collection,
    )


def answer(client, url):
    """What a response tells about `url`, with the address itself taken out."""
    response = client.get(url)
    location = response.get("Location", "")
    body = response.content.decode()
    for each in (quote(url, safe=""), quote(url), url):
        location = location.replace(each, "<url>")
        body = body.replace(each, "<url>")
    body = CSRF_TOKEN.sub('name="csrfmiddlewaretoken"', body)
    return response.status_code, location, body


def assert_same(client, urls):
    answers = {url: answer(client, url) for url in urls}
    first = answers[urls[0]]
    for url in urls[1:]:
        difference = difflib.unified_diff(
            first[2].splitlines(), answers[url][2].splitlines(), lineterm="", n=0
        )
        assert answers[url] == first, (urls[0], url, "\n".join(difference))
    return first


def page_urls(community, meeting):
    area = community.members_area().url
    return [
        meeting.url,
        area,
        f"{area}no-such-meeting/",
        f"{area}plenary-2016/",
        f"{meeting.url}minutes/",
        f"{area}a/b/c/",
    ]


def test_a_visitor_is_asked_to_log_in_at_any_members_area_address(
    client, community, meeting
):
    urls = page_urls(community, meeting)
    urls.append(f"{community.members_area().url}not.a.slug/")

    status, location, _body = assert_same(client, urls)

    assert (status, location) == (302, "/accounts/login/?next=<url>")


def test_a_visitor_in_spanish_gets_the_spanish_login_for_any_address(
    client, community, meeting
):
    urls = [f"/es{url}" for url in page_urls(community, meeting)[2:4]]

    status, location, _body = assert_same(client, urls)

    assert (status, location) == (302, "/es/accounts/login/?next=<url>")


@pytest.mark.parametrize("who", ["outsider", "other member"])
def test_someone_logged_in_gets_the_same_404_for_existing_and_missing_pages(
    client, community, meeting, people, who
):
    client.force_login(people[who])

    status, _location, body = assert_same(client, page_urls(community, meeting))

    assert status == 404
    assert "Plenary" not in body


def test_members_see_the_page_and_the_404_of_a_missing_one(
    client, community, meeting, people
):
    client.force_login(people["member"])

    assert client.get(meeting.url).status_code == 200
    assert client.get(f"{community.members_area().url}nothing/").status_code == 404


def test_public_addresses_keep_their_404(client, community):
    assert client.get(f"{community.url}no-such-page/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404


def document_urls(document):
    return [
        document.url,
        f"/documents/{document.pk}/other-name.pdf",
        f"/documents/{document.pk + 1000}/minutes.pdf",
    ]


def test_a_visitor_gets_the_same_answer_for_any_document_address(client, document):
    status, location, _body = assert_same(client, document_urls(document))

    assert (status, location) == (302, "/accounts/login/?next=<url>")


@pytest.mark.parametrize("who", ["outsider", "other member"])
def test_someone_logged_in_gets_the_same_404_for_any_document_address(
    client, document, people, who
):
    client.force_login(people[who])

    status, _location, _body = assert_same(client, document_urls(document))

    assert status == 404


def test_members_download_the_document(client, document, people):
    client.force_login(people["member"])

    response = client.get(document.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"


def test_a_visitor_is_sent_to_the_login_in_their_browsers_language(client, document):
    for url in document_urls(document):
        response = client.get(url, headers={"accept-language": "es"})

        assert response.status_code == 302
        assert response["Location"].startswith("/es/accounts/login/?next=")


@pytest.mark.parametrize("chosen, expected", [("es", "es"), ("en", "en")])
def test_the_404_of_a_document_speaks_the_language_the_person_chose(
    client, document, people, chosen, expected
):
    """Their account's language first, whatever the browser asks for."""
    profile = UserProfile.get_for_user(people["outsider"])
    profile.preferred_language = chosen
    profile.save()
    client.force_login(people["outsider"])

    responses = [
        client.get(url, headers={"accept-language": "en" if chosen == "es" else "es"})
        for url in document_urls(document)
    ]

    assert {response.status_code for response in responses} == {404}
    assert {response.headers["Content-Language"] for response in responses} == {
        expected
    }
    html = responses[0].content.decode()
    assert 'lang="es"' in html if expected == "es" else 'lang="en"' in html
