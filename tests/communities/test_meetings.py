"""Meetings, minutes and Chatham House attributed notes."""

import pytest

from communities.factories import AttributedNoteFactory, MeetingPageFactory
from communities.models import Membership

pytestmark = pytest.mark.django_db

MINUTES = "Members discussed the draft law on private security."
ATTRIBUTED = "The embassy promised funding for police training."


@pytest.fixture
def meeting(community):
    return MeetingPageFactory(
        parent=community.members_area(), title="Quarterly plenary", minutes=MINUTES
    )


@pytest.fixture
def note(meeting, member):
    return AttributedNoteFactory(
        meeting=meeting,
        speaker_institution=member.membership.institution,
        text=ATTRIBUTED,
    )


def get_html(client, user, page):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(page.url)
    return response.status_code, response.content.decode()


def test_member_reads_minutes_without_attribution(client, meeting, note, member):
    status, html = get_html(client, member, meeting)
    assert status == 200
    assert MINUTES in html
    assert ATTRIBUTED not in html
    assert "Attributed notes" not in html
    assert "Chatham House" in html


def test_moderator_reads_attributed_notes(client, meeting, note, moderator):
    status, html = get_html(client, moderator, meeting)
    assert status == 200
    assert MINUTES in html and ATTRIBUTED in html


@pytest.mark.parametrize("who", ["visitor", "outsider", "other_member"])
def test_nobody_else_gets_the_meeting(client, meeting, note, who, request):
    user = None if who == "visitor" else request.getfixturevalue(who)
    status, html = get_html(client, user, meeting)
    assert status == (302 if who == "visitor" else 404)
    assert MINUTES not in html and ATTRIBUTED not in html


def test_moderator_of_another_community_gets_no_notes(
    client, meeting, note, other_community, join
):
    other_moderator = join(other_community, role=Membership.Role.COORDINATION)
    status, html = get_html(client, other_moderator, meeting)
    assert status == 404 and ATTRIBUTED not in html


def test_search_entry_has_agenda_and_minutes_but_no_attribution(
    meeting, note, community
):
    data = meeting.specific.search_entry_data()
    assert data.kind == "meeting"
    assert MINUTES in data.body
    assert "Use of force" in data.body
    assert ATTRIBUTED not in repr(data)
    assert data.community_id == community.pk
    assert data.years == [meeting.starts_at.year]


def test_community_search_entry(community, member):
    data = community.search_entry_data()
    assert data.kind == "community"
    assert data.country == "PE"
    assert data.pillars == ["company"]
    assert data.language == "en"


def test_notes_are_not_in_page_revisions(meeting, note):
    revision = meeting.save_revision()
    assert ATTRIBUTED not in str(revision.content)


def test_community_has_a_minutes_workflow_for_its_moderators(community, meeting):
    workflow = meeting.get_workflow()
    assert workflow is not None
    task = workflow.tasks.first().specific
    assert list(task.groups.all()) == [community.moderators_group]


def test_secretariat_drafts_and_coordination_approves(community, meeting, join):
    secretary = join(community, role=Membership.Role.SECRETARIAT)
    coordinator = join(community, role=Membership.Role.COORDINATION)
    outsider_moderator = join(community, role=Membership.Role.PLENARY)
    meeting.minutes = "<p>Approved minutes</p>"
    meeting.save_revision(user=secretary)
    workflow_state = meeting.get_workflow().start(meeting, secretary)
    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    actions = [name for name, *_ in task.get_actions(meeting, coordinator)]
    assert "approve" in actions
    assert task.get_actions(meeting, outsider_moderator) == []
    task.on_action(task_state, coordinator, "approve")
    meeting.refresh_from_db()
    assert meeting.minutes == "<p>Approved minutes</p>"


def test_notes_admin_is_scoped_to_own_community(
    client, meeting, note, moderator, other_community, join
):
    other_moderator = join(other_community, role=Membership.Role.COORDINATION)
    url = "/admin/snippets/communities/attributednote/"
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 200
    assert str(meeting.title) in response.content.decode()
    assert client.get(f"{url}edit/{note.pk}/").status_code == 200

    client.force_login(other_moderator)
    response = client.get(url)
    assert response.status_code == 200
    assert "Quarterly plenary" not in response.content.decode()
    assert client.get(f"{url}edit/{note.pk}/").status_code == 404


def test_plain_member_cannot_reach_notes_admin(client, note, member):
    client.force_login(member)
    url = f"/admin/snippets/communities/attributednote/edit/{note.pk}/"
    response = client.get(url)
    assert response.status_code == 302
    assert ATTRIBUTED not in response.content.decode()


def test_spanish_meeting_reads_its_agenda_and_guests_in_spanish(
    client, community, meeting, member
):
    from intranet.translation import translate_page

    meeting.agenda = "Use of force\nPrivate security & the police"
    meeting.guests = "SUCAMEC legal adviser"
    meeting.save_revision().publish()
    translate_page(community, "es", {})
    translate_page(community.members_area(), "es", {})
    spanish = translate_page(
        meeting,
        "es",
        {
            "Use of force\nPrivate security & the police": (
                "Uso de la fuerza\nSeguridad privada y policía"
            ),
            "SUCAMEC legal adviser": "Asesor legal de SUCAMEC",
        },
    )

    assert spanish.agenda_topics == ["Uso de la fuerza", "Seguridad privada y policía"]
    status, html = get_html(client, member, spanish)
    assert status == 200
    assert "Seguridad privada y policía" in html
    assert "Asesor legal de SUCAMEC" in html
