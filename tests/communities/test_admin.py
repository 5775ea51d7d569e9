"""Moderators manage their own community in the Wagtail admin, and nothing else."""

import pytest

from communities.models import Membership
from resources.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_moderator_edits_own_community_only(
    client, community, other_community, moderator
):
    client.force_login(moderator)
    assert client.get(f"/admin/pages/{community.pk}/edit/").status_code == 200
    area = community.members_area()
    assert client.get(f"/admin/pages/{area.pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{other_community.pk}/edit/")
    assert response.status_code in (302, 403)
    response = client.get(f"/admin/pages/{community.get_parent().pk}/edit/")
    assert response.status_code in (302, 403)


def test_plain_members_have_no_admin(client, community, member):
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert client.get(f"/admin/pages/{community.pk}/edit/").status_code == 302


def test_moderator_rights_end_when_the_role_ends(client, community, moderator):
    client.force_login(moderator)
    assert client.get(f"/admin/pages/{community.pk}/edit/").status_code == 200
    moderator.membership.role = Membership.Role.PLENARY
    moderator.membership.save()
    assert client.get(f"/admin/pages/{community.pk}/edit/").status_code == 302


def test_moderator_sees_only_own_memberships_in_the_admin(
    client, community, other_community, moderator, other_member
):
    client.force_login(moderator)
    response = client.get("/admin/snippets/communities/membership/")
    assert response.status_code == 200
    html = response.content.decode()
    assert str(moderator.membership.institution.name) in html
    assert other_member.membership.institution.name not in html
    edit = f"/admin/snippets/communities/membership/edit/{other_member.membership.pk}/"
    assert client.get(edit).status_code == 404  # as if it did not exist
    own = f"/admin/snippets/communities/membership/edit/{moderator.membership.pk}/"
    assert client.get(own).status_code == 200


def test_institutions_are_searchable_in_the_admin(
    client, community, moderator, admin_user
):
    client.force_login(admin_user)
    response = client.get(
        "/admin/snippets/communities/institution/",
        {"q": moderator.membership.institution.name},
    )
    assert response.status_code == 200
    assert moderator.membership.institution.name in response.content.decode()


def test_moderator_can_choose_institutions_but_not_edit_them(
    client, community, moderator
):
    client.force_login(moderator)
    institution = moderator.membership.institution
    response = client.get("/admin/snippets/choose/communities/institution/")
    assert response.status_code == 200
    assert institution.name in response.content.decode()
    edit = f"/admin/snippets/communities/institution/edit/{institution.pk}/"
    assert client.get(edit).status_code in (302, 403)


def test_members_area_cannot_be_made_public(client, community, moderator):
    area = community.members_area()
    client.force_login(moderator)
    response = client.post(
        f"/admin/pages/{area.pk}/privacy/", {"restriction_type": "none"}
    )
    assert response.status_code == 200
    assert area.view_restrictions.get().restriction_type == "groups"
    client.logout()
    assert client.get(area.url).status_code == 302


def test_community_moderator_chooses_own_collection_only(
    client, community, other_community, moderator
):
    own = DocumentFactory(title="Lima work plan", collection=community.collection)
    other = DocumentFactory(
        title="Cusco scoping study", collection=other_community.collection
    )
    client.force_login(moderator)

    response = client.get("/admin/documents/chooser/")
    assert response.status_code == 200
    page = response.content.decode()

    assert own.title in page
    assert other.title not in page


def test_plain_member_cannot_open_the_chooser(client, member):
    client.force_login(member)
    response = client.get("/admin/documents/chooser/")
    assert response.status_code in (302, 403)


def test_community_moderators_read_the_searches_without_results(
    client, community, moderator
):
    from search.models import ZeroResultQuery

    ZeroResultQuery.objects.create(query_text="tailings dam", locale="en")
    client.force_login(moderator)

    response = client.get("/admin/zero_result_queries/")

    assert response.status_code == 200
    assert b"tailings dam" in response.content
