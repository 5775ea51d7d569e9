"""The coordination group's tier: an area inside the members area and a
collection inside the community's, both restricted to its coordination group and
secretariat (the moderators group, derived from memberships). A document's
confidentiality is where it lives: "Coordination group only" puts it in the
coordination collection, and a member never reaches it on any channel."""

import pytest
from django.core.files.base import ContentFile
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from communities.factories import MeetingPageFactory
from communities.models import CoordinationAreaPage, Membership
from communities.services import set_up_coordination_everywhere
from intranet.translation import translate_page
from resources.factories import DocumentFactory, DocumentLibraryPageFactory
from resources.models import Document
from resources.pdf import pdf_bytes

pytestmark = pytest.mark.django_db

SECRET = "Zinnwaldite"


@pytest.fixture
def coordination(community):
    return community.coordination_area()


@pytest.fixture
def secretariat(community, join):
    return join(community, role=Membership.Role.SECRETARIAT)


@pytest.fixture
def library(community):
    return DocumentLibraryPageFactory(
        parent=community.members_area(),
        title="Library",
        slug="library",
        collection=community.collection,
    )


@pytest.fixture
def coordination_document(community):
    return DocumentFactory(
        title=f"{SECRET} incident note",
        collection=community.coordination_collection,
        file=ContentFile(pdf_bytes(f"{SECRET} incident"), name="incident.pdf"),
    )


def group_ids(restriction):
    return set(restriction.groups.values_list("pk", flat=True))


def test_a_new_community_has_a_coordination_area_and_collection(
    community, coordination
):
    assert isinstance(coordination, CoordinationAreaPage)
    assert coordination.get_parent().pk == community.members_area().pk
    (restriction,) = PageViewRestriction.objects.filter(page=coordination)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert group_ids(restriction) == {community.moderators_group_id}

    collection = community.coordination_collection
    assert collection.get_parent() == community.collection
    (restriction,) = CollectionViewRestriction.objects.filter(collection=collection)
    assert group_ids(restriction) == {community.moderators_group_id}


def test_the_spanish_community_shares_the_tier_and_its_area_is_translated(
    spanish_home, community, coordination
):
    translate_page(community.get_parent(), "es")
    spanish = translate_page(community, "es")
    translate_page(community.members_area(), "es")

    set_up_coordination_everywhere()

    spanish.refresh_from_db()
    assert spanish.coordination_collection == community.coordination_collection
    area = spanish.coordination_area()
    assert area.translation_key == coordination.translation_key
    assert (area.title, area.slug) == ("Grupo de coordinación", "coordinacion")
    (restriction,) = PageViewRestriction.objects.filter(page=area)
    assert group_ids(restriction) == {community.moderators_group_id}


def test_setting_up_twice_changes_nothing(community, coordination):
    pages = CoordinationAreaPage.objects.count()
    collection = community.coordination_collection

    set_up_coordination_everywhere()

    community.refresh_from_db()
    assert CoordinationAreaPage.objects.count() == pages
    assert community.coordination_collection == collection
    assert PageViewRestriction.objects.filter(page=coordination).count() == 1


@pytest.mark.parametrize(
    ("who", "status"), [("member", 404), ("moderator", 200), ("secretariat", 200)]
)
def test_the_coordination_area_and_its_meetings_reach_the_coordination_group_only(
    request, client, coordination, who, status
):
    meeting = MeetingPageFactory(
        parent=coordination, title=f"{SECRET} coordination meeting", slug="prep"
    )
    client.force_login(request.getfixturevalue(who))

    assert client.get(coordination.url).status_code == status
    assert client.get(meeting.url).status_code == status
    members_area = client.get(coordination.get_parent().url)
    assert members_area.status_code == 200
    # The members area names its coordination section only to those who may
    # open it.
    assert (coordination.title in members_area.content.decode()) == (status == 200)


def test_a_visitor_is_sent_to_log_in_for_the_coordination_area(client, coordination):
    response = client.get(coordination.url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_coordination_document_is_served_to_the_coordination_group_only(
    client, member, moderator, library, coordination_document
):
    url = coordination_document.url

    client.force_login(member)
    assert client.get(url).status_code == 404
    assert SECRET not in client.get(library.url).content.decode()

    client.force_login(moderator)
    assert client.get(url).status_code == 200
    listing = client.get(library.url).content.decode()
    assert SECRET in listing
    assert "Coordination group only" in listing


def test_a_document_confidentiality_is_always_its_collection(community):
    document = DocumentFactory(collection=community.coordination_collection)
    assert document.confidentiality == "coordination"

    document.collection = community.collection
    document.save()
    assert document.confidentiality == "members"


def test_documents_labelled_for_the_coordination_group_move_into_its_collection(
    community,
):
    # A document saved before the tier existed: its label said "coordination"
    # while its collection let every member in.
    document = DocumentFactory(collection=community.collection)
    Document.objects.filter(pk=document.pk).update(confidentiality="coordination")

    set_up_coordination_everywhere()

    document.refresh_from_db()
    assert document.collection == community.coordination_collection
    assert document.confidentiality == "coordination"


def test_the_admin_form_moves_a_document_back_to_the_members(
    client, community, moderator
):
    document = DocumentFactory(
        title="Draft agenda", collection=community.coordination_collection
    )
    client.force_login(moderator)

    form = client.get(f"/admin/documents/edit/{document.pk}/").content.decode()
    # Offered as the community's collection, "Coordination group only".
    assert 'value="coordination" selected' in form
    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": "Agreed agenda",
            "document_type": "other",
            "confidentiality": "members",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    document.refresh_from_db()
    assert document.collection == community.collection
    assert document.confidentiality == "members"
