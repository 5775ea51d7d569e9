"""Add one meeting to my calendar: an .ics file for whoever may view the
meeting, carrying its agenda and a link back to it."""

import pytest
from icalendar import Calendar

from communities.factories import MeetingPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(community):
    return MeetingPageFactory(
        parent=community.members_area(),
        title="Quarterly plenary",
        slug="plenary",
        venue="Defensoría del Pueblo, Lima",
    )


def test_a_member_adds_a_meeting_to_their_calendar(client, meeting, member):
    client.force_login(member)

    response = client.get(f"/communities/meetings/{meeting.pk}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="plenary.ics"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Quarterly plenary"
    assert str(event["location"]) == "Defensoría del Pueblo, Lima"
    assert "Use of force" in str(event["description"])
    assert str(event["url"]).endswith(meeting.url)
    assert event.decoded("dtstart") == meeting.starts_at


def test_the_meeting_page_and_members_area_offer_it(client, meeting, member):
    client.force_login(member)
    link = f"/communities/meetings/{meeting.pk}.ics"

    assert link in client.get(meeting.url).content.decode()
    assert link in client.get(meeting.get_parent().url).content.decode()


def test_visitors_are_asked_to_log_in(client, meeting):
    response = client.get(f"/communities/meetings/{meeting.pk}.ics")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_no_one_else_gets_the_file(client, meeting, who, request):
    client.force_login(request.getfixturevalue(who))

    response = client.get(f"/communities/meetings/{meeting.pk}.ics")

    assert response.status_code == 404
    assert b"Quarterly plenary" not in response.content
    missing = client.get(f"/communities/meetings/{meeting.pk + 1000}.ics")
    assert missing.status_code == 404
