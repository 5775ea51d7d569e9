"""Fixtures for the communities suite: an index, communities and their people."""

import pytest

from communities.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MembershipFactory,
)
from communities.models import Membership
from intranet.factories import UserFactory


@pytest.fixture
def community_index(home):
    return CommunityIndexPageFactory(parent=home)


@pytest.fixture
def community(community_index):
    return CommunityPageFactory(
        parent=community_index,
        title="Lima working group",
        slug="lima",
        confidentiality_rule="chatham_house",
    )


@pytest.fixture
def other_community(community_index):
    return CommunityPageFactory(
        parent=community_index, title="Cusco working group", slug="cusco"
    )


@pytest.fixture
def join(db):
    """Make a new user the representative of a new institution in a community."""

    def make(community, role=Membership.Role.PLENARY, status="active", **kwargs):
        person = UserFactory()
        membership = MembershipFactory(
            community=community,
            institution=kwargs.pop("institution", None) or InstitutionFactory(),
            role=role,
            status=status,
            representatives=[person],
            **kwargs,
        )
        person.membership = membership
        return person

    return make


@pytest.fixture
def member(community, join):
    return join(community)


@pytest.fixture
def moderator(community, join):
    return join(community, role=Membership.Role.COORDINATION)


@pytest.fixture
def other_member(other_community, join):
    return join(other_community)


@pytest.fixture
def outsider(db):
    return UserFactory()
