"""Site search: meetings reach members only, attributed notes reach nobody."""

import json

import pytest

from communities.factories import AttributedNoteFactory, MeetingPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_meeting(community, member):
    meeting = MeetingPageFactory(
        parent=community.members_area(),
        title="Plenary on hydrocarbons",
        minutes="<p>Members compared grievance mechanisms.</p>",
    )
    AttributedNoteFactory(
        meeting=meeting,
        speaker_institution=member.membership.institution,
        text="Confided that the quarry contract is unsigned.",
    )
    meeting.save_revision().publish()  # the search app indexes on publish
    return meeting


def search(client, query, answer_format="html"):
    response = client.get("/search/", {"q": query, "format": answer_format})
    assert response.status_code == 200
    return response.content.decode()


def test_member_finds_minutes_but_never_attributed_notes(
    client, published_meeting, member, moderator
):
    client.force_login(member)
    assert "Plenary on hydrocarbons" in search(client, "grievance")
    assert "Plenary on hydrocarbons" not in search(client, "quarry")
    assert json.loads(search(client, "quarry", "json"))["total"] == 0
    client.force_login(moderator)  # not even moderators: notes are never indexed
    assert "Plenary on hydrocarbons" not in search(client, "quarry")


@pytest.mark.parametrize("who", ["visitor", "outsider", "other_member"])
def test_others_do_not_find_the_meeting(client, published_meeting, who, request):
    if who != "visitor":
        client.force_login(request.getfixturevalue(who))
    assert "Plenary on hydrocarbons" not in search(client, "grievance")
    assert json.loads(search(client, "hydrocarbons", "json"))["total"] == 0
