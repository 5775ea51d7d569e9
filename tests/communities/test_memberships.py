"""Memberships are the single source of truth: access follows them at once."""

import pytest
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from communities.factories import InstitutionFactory, MembershipFactory
from communities.models import MembersAreaPage, Membership
from communities.services import decide
from intranet.translation import translate_page

pytestmark = pytest.mark.django_db


def members_area_status(client, user, community):
    client.force_login(user) if user else client.logout()
    return client.get(community.members_area().url).status_code


def test_a_new_community_gets_groups_a_private_collection_and_a_members_area(
    community,
):
    assert community.members_group and community.moderators_group
    assert community.collection.get_parent().name == "Communities"
    restriction = CollectionViewRestriction.objects.get(collection=community.collection)
    assert set(restriction.groups.all()) == {
        community.members_group,
        community.moderators_group,
    }
    area = community.members_area()
    assert isinstance(area, MembersAreaPage)
    page_restriction = PageViewRestriction.objects.get(page=area)
    assert page_restriction.restriction_type == PageViewRestriction.GROUPS
    assert set(page_restriction.groups.all()) == {
        community.members_group,
        community.moderators_group,
    }


def test_members_and_moderators_read_the_members_area(client, community, member):
    response = client.get(community.members_area().url)
    assert response.status_code == 302  # a visitor is asked to log in
    client.force_login(member)
    response = client.get(community.members_area().url)
    assert response.status_code == 200
    assert "Meetings" in response.content.decode()


@pytest.mark.parametrize("who", ["visitor", "outsider", "other_member"])
def test_nobody_else_reads_the_members_area(client, community, who, request):
    user = None if who == "visitor" else request.getfixturevalue(who)
    # A visitor is asked to log in; someone logged in gets the 404 of a page that
    # does not exist (tests/security/test_enumeration.py).
    expected = 302 if who == "visitor" else 404
    assert members_area_status(client, user, community) == expected


def test_leaving_revokes_access_at_once(client, community, member):
    assert members_area_status(client, member, community) == 200
    member.membership.status = Membership.Status.LEFT
    member.membership.save()
    assert members_area_status(client, member, community) == 404


def test_removing_a_representative_revokes_access_at_once(client, community, member):
    assert members_area_status(client, member, community) == 200
    member.membership.representatives.remove(member)
    assert members_area_status(client, member, community) == 404


def test_deleting_a_membership_revokes_access_at_once(client, community, member):
    member.membership.delete()
    assert members_area_status(client, member, community) == 404


def test_approving_an_application_grants_access_at_once(
    client, community, outsider, moderator
):
    membership = MembershipFactory(
        community=community,
        status=Membership.Status.APPLIED,
        representatives=[outsider],
    )
    assert members_area_status(client, outsider, community) == 404
    decide(membership, approved=True, by=moderator)
    assert members_area_status(client, outsider, community) == 200
    membership.refresh_from_db()
    assert membership.decided_by == moderator and membership.decided_at


def test_a_representative_added_from_the_user_side_counts(client, community, outsider):
    membership = MembershipFactory(community=community)
    outsider.community_memberships.add(membership)
    assert members_area_status(client, outsider, community) == 200
    outsider.community_memberships.remove(membership)
    assert members_area_status(client, outsider, community) == 404


def test_moderators_group_holds_only_coordination_and_secretariat(
    community, member, moderator, join
):
    secretary = join(community, role=Membership.Role.SECRETARIAT)
    assert set(community.moderators_group.user_set.all()) == {moderator, secretary}
    assert set(community.members_group.user_set.all()) == {
        member,
        moderator,
        secretary,
    }
    moderator.membership.role = Membership.Role.PLENARY
    moderator.membership.save()
    assert set(community.moderators_group.user_set.all()) == {secretary}


def test_spanish_translation_of_the_members_area_is_restricted_too(
    client, spanish_home, community_index, community, member, outsider
):
    translate_page(community_index, "es")
    spanish_community = translate_page(community, "es")
    spanish_area = translate_page(community.members_area(), "es")
    assert spanish_community.members_group == community.members_group
    assert spanish_area.url.startswith("/es/")

    client.force_login(outsider)
    assert client.get(spanish_area.url).status_code == 404
    client.logout()
    assert client.get(spanish_area.url).status_code == 302
    client.force_login(member)
    assert client.get(spanish_area.url).status_code == 200


def test_spanish_translation_shares_the_memberships(
    client, spanish_home, community_index, community, member
):
    translate_page(community_index, "es")
    spanish_community = translate_page(community, "es")
    assert list(spanish_community.memberships()) == [member.membership]


def test_visitors_see_counts_per_pillar_not_institutions(client, community, join):
    join(community, institution=InstitutionFactory(name="Secret Mining SA"))
    join(
        community,
        institution=InstitutionFactory(name="Hidden NGO", pillar="civil_society"),
    )
    response = client.get(community.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Secret Mining SA" not in html and "Hidden NGO" not in html
    assert "Company" in html and "Civil society" in html
    assert 'href="' + community.members_area().url + '"' not in html


def test_index_lists_communities(client, community, other_community):
    response = client.get(community.get_parent().url)
    assert "Lima working group" in response.content.decode()
    assert "Cusco working group" in response.content.decode()
