"""Fixtures for notifications, digests and the tracker: the communities suite's
world, with a members library and people who read in either language."""

import pytest
from wagtail.users.models import UserProfile

from resources.factories import DocumentLibraryPageFactory
from tests.communities.conftest import (  # noqa: F401
    community,
    community_index,
    join,
    member,
    moderator,
    other_community,
    other_member,
    outsider,
)


@pytest.fixture
def library(community):  # noqa: F811
    return DocumentLibraryPageFactory(
        parent=community.members_area(),
        title="Members library",
        slug="library",
        collection=community.collection,
    )


@pytest.fixture
def speaks():
    """Make `person` read the site and their emails in `language`."""

    def choose(person, language):
        profile = UserProfile.get_for_user(person)
        profile.preferred_language = language
        profile.save()
        return person

    return choose
