"""Each happening tells the people who may see it, once, and the inbox shows
only what its reader may still see."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from communities.factories import InstitutionFactory, MeetingPageFactory
from communities.models import Membership
from communities.services import decide, propose_institution
from engagement.models import Event, Following, Notification
from intranet.caching import content_version
from intranet.factories import UserFactory
from intranet.translation import translate_page
from resources.factories import (
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    DocumentFactory,
    GoodPracticeIndexPageFactory,
    GoodPracticePageFactory,
)

pytestmark = pytest.mark.django_db


def events_of(person, joined=False):
    """What `person` was told, oldest first; new member institutions (told as
    the fixtures build the community) only if `joined`."""
    told = Notification.objects.filter(recipient=person)
    if not joined:
        told = told.exclude(event=Event.INSTITUTION_JOINED)
    return list(told.order_by("pk").values_list("event", flat=True))


def meeting_in(community, **fields):
    fields.setdefault("title", "Quarterly plenary")
    return MeetingPageFactory(parent=community.members_area(), **fields)


# --- Triggers -----------------------------------------------------------------


def test_approved_minutes_tell_the_members_once(
    community, member, moderator, other_member, outsider
):
    meeting = meeting_in(
        community, starts_at=timezone.now() - timedelta(days=3), minutes=""
    )
    meeting.save_revision().publish()
    assert events_of(member) == []  # a past meeting, no minutes yet

    meeting.minutes = "<p>Members agreed to meet the police.</p>"
    meeting.save_revision().publish()
    meeting.save_revision().publish()  # published again: told once
    translate_page(meeting, "es", {"Quarterly plenary": "Plenaria trimestral"})

    assert events_of(member) == [Event.MINUTES_APPROVED]
    assert events_of(moderator) == [Event.MINUTES_APPROVED]
    assert events_of(other_member) == []
    assert events_of(outsider) == []
    notification = Notification.objects.get(
        recipient=member, event=Event.MINUTES_APPROVED
    )
    assert notification.titles["title"] == {
        "en": "Quarterly plenary",
        "es": "Plenaria trimestral",
    }


def test_a_meeting_scheduled_changed_and_cancelled(community, member, other_member):
    meeting = meeting_in(community, minutes="")
    meeting.save_revision().publish()
    assert events_of(member) == [Event.MEETING_SCHEDULED]

    meeting.title = "Quarterly plenary (agenda updated)"
    meeting.save_revision().publish()  # same date and place: nothing new
    assert events_of(member) == [Event.MEETING_SCHEDULED]

    meeting.venue = "Defensoría del Pueblo, Lima"
    meeting.save_revision().publish()
    assert events_of(member) == [Event.MEETING_SCHEDULED, Event.MEETING_CHANGED]

    meeting.unpublish()
    assert events_of(member) == [
        Event.MEETING_SCHEDULED,
        Event.MEETING_CHANGED,
        Event.MEETING_CANCELLED,
    ]
    cancelled = Notification.objects.get(
        recipient=member, event=Event.MEETING_CANCELLED
    )
    # What is gone leads to the members area, which the member may still see.
    assert cancelled.page.pk == community.members_area().pk
    assert events_of(other_member) == []


def test_a_new_document_tells_the_readers_of_its_library(
    community, library, member, other_member, outsider
):
    DocumentFactory(
        title="Draft law on private security", collection=community.collection
    )

    assert events_of(member) == [Event.DOCUMENT_ADDED]
    assert events_of(other_member) == []
    assert events_of(outsider) == []
    notification = Notification.objects.get(
        recipient=member, event=Event.DOCUMENT_ADDED
    )
    assert notification.page.pk == library.pk
    assert "Draft law on private security" in notification.message()


def test_a_decision_tells_whoever_applied(community, moderator, member):
    applicant = UserFactory()
    membership = propose_institution(
        community,
        {
            "institution_name": "Instituto de Estudios Andinos",
            "pillar": "academia",
            "letter": "We ask to join.",
        },
        by=applicant,
    )
    decide(membership, approved=False, by=moderator, reason="Not yet.")

    assert events_of(applicant) == [Event.APPLICATION_DECLINED]
    notification = Notification.objects.get(recipient=applicant)
    assert notification.message() == (
        "Your request to join Lima working group was declined"
    )
    # Nobody else hears of a declined application.
    assert events_of(member) == []


def test_a_nomination_approved_tells_the_nominating_member(
    community, moderator, member
):
    membership = propose_institution(
        community,
        {
            "institution_name": "Cámara de Comercio de Cusco",
            "pillar": "company",
            "letter": "They work with us already.",
        },
        by=member,
        nomination=True,
    )
    decide(membership, approved=True, by=moderator)

    assert Event.NOMINATION_APPROVED in events_of(member)
    # The community hears of its new member institution too.
    assert Event.INSTITUTION_JOINED in events_of(moderator, joined=True)


def test_a_new_member_institution_tells_the_other_members(
    community, member, other_member, join
):
    newcomer = join(
        community,
        institution=InstitutionFactory(name="Red Muqui"),
        start_date=timezone.localdate(),
    )

    assert events_of(member, joined=True) == [Event.INSTITUTION_JOINED]
    notification = Notification.objects.get(recipient=member)
    assert notification.message() == "Red Muqui joined Lima working group"
    assert events_of(other_member, joined=True) == []
    assert Event.INSTITUTION_JOINED not in events_of(newcomer, joined=True)


def test_a_membership_recorded_from_the_past_is_not_news(community, member, join):
    join(community, start_date=timezone.localdate() - timedelta(days=400))

    assert events_of(member, joined=True) == []


def test_a_case_study_on_a_followed_topic_or_country(home, member, outsider):
    index = CaseStudyIndexPageFactory(parent=home)
    following = Following.objects.create(user=member)
    following.countries = ["GH"]
    following.save()
    Following.objects.create(user=outsider)

    case = CaseStudyPageFactory(parent=index, title="Galamsey dialogues", country="GH")
    case.save_revision().publish()

    assert events_of(member) == [Event.KNOWLEDGE_PUBLISHED]
    assert events_of(outsider) == []  # follows nothing


def test_a_good_practice_on_a_followed_topic(home, member, outsider):
    index = GoodPracticeIndexPageFactory(parent=home)
    practice = GoodPracticePageFactory(
        parent=index, title="Agree the rules first", tags=["working rules"]
    )
    following = Following.objects.create(user=member)
    following.topics.set(practice.tags.all())

    practice.save_revision().publish()

    assert events_of(member) == [Event.KNOWLEDGE_PUBLISHED]
    assert events_of(outsider) == []


# --- The inbox ----------------------------------------------------------------


@pytest.fixture
def minutes_notice(community, member):
    meeting = meeting_in(community, starts_at=timezone.now() - timedelta(days=3))
    meeting.save_revision().publish()
    return Notification.objects.get(recipient=member, event=Event.MINUTES_APPROVED)


def test_the_inbox_lists_and_opens_a_notification(client, member, minutes_notice):
    client.force_login(member)

    inbox = client.get("/notifications/")
    assert inbox.status_code == 200
    assert "Minutes approved: Quarterly plenary" in inbox.content.decode()

    opened = client.get(f"/notifications/{minutes_notice.pk}/")
    assert opened.status_code == 302
    assert opened["Location"] == minutes_notice.page.url
    minutes_notice.refresh_from_db()
    assert minutes_notice.read_at is not None


def test_the_spanish_inbox_leads_to_the_spanish_meeting(client, member, minutes_notice):
    spanish = translate_page(
        minutes_notice.page.specific, "es", {"Quarterly plenary": "Plenaria trimestral"}
    )
    client.force_login(member)

    opened = client.get(f"/es/notifications/{minutes_notice.pk}/")

    assert opened["Location"] == spanish.url
    assert spanish.url.startswith("/es/")


def test_read_unread_and_mark_all_read(
    client, community, library, member, minutes_notice
):
    client.force_login(member)
    client.post(f"/notifications/{minutes_notice.pk}/read/")
    minutes_notice.refresh_from_db()
    assert minutes_notice.read_at is not None
    client.post(f"/notifications/{minutes_notice.pk}/read/")
    minutes_notice.refresh_from_db()
    assert minutes_notice.read_at is None

    DocumentFactory(collection=community.collection)
    assert Notification.objects.filter(recipient=member, read_at=None).count() == 2
    unread = client.get("/notifications/?show=unread").content.decode()
    assert "Mark all as read" in unread

    client.post("/notifications/")

    assert not Notification.objects.filter(recipient=member, read_at=None).exists()


def test_the_header_counts_unread_in_one_query(client, community, library, member):
    client.force_login(member)
    for number in range(3):
        DocumentFactory(title=f"Report {number}", collection=community.collection)

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/")
    counting = [q for q in queries if "engagement_notification" in q["sql"]]

    assert len(counting) == 1
    assert 'class="badge">3<' in page.content.decode()


# --- Leaks --------------------------------------------------------------------


def test_visitors_are_asked_to_log_in(client, minutes_notice):
    for url in ("/notifications/", f"/notifications/{minutes_notice.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert "Notifications" not in client.get("/").content.decode()


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_no_one_else_sees_a_notification(client, minutes_notice, who, request):
    person = request.getfixturevalue(who)
    client.force_login(person)

    assert client.get(f"/notifications/{minutes_notice.pk}/").status_code == 404
    assert client.post(f"/notifications/{minutes_notice.pk}/read/").status_code == 404
    inbox = client.get("/notifications/").content.decode()
    assert "Quarterly plenary" not in inbox
    assert 'class="badge"' not in client.get("/").content.decode()


def test_losing_access_hides_everything_of_it(
    client, community, library, member, minutes_notice
):
    DocumentFactory(
        title="Draft law on private security", collection=community.collection
    )
    client.force_login(member)
    assert 'class="badge">2<' in client.get("/").content.decode()

    member.membership.status = Membership.Status.LEFT
    member.membership.save()

    inbox = client.get("/notifications/").content.decode()
    assert "Quarterly plenary" not in inbox
    assert "Draft law" not in inbox
    assert "No notifications yet." in inbox
    assert 'class="badge"' not in client.get("/").content.decode()
    assert client.get(f"/notifications/{minutes_notice.pk}/").status_code == 404


def _pile_up(member, library, count):
    Notification.objects.bulk_create(
        Notification(
            recipient=member,
            kind="document",
            event=Event.DOCUMENT_ADDED,
            key=f"bench:{number}",
            page=library,
            titles={"title": {"en": library.title}, "document": {"": f"Doc {number}"}},
        )
        for number in range(count)
    )


def test_the_inbox_and_header_queries_do_not_grow_with_notifications(
    client, community, library, member
):
    client.force_login(member)
    _pile_up(member, library, 3)
    client.get("/notifications/")  # warm the caches shared by every page
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/notifications/")
    with CaptureQueriesContext(connection) as home_few:
        client.get("/")

    Notification.objects.all().delete()
    _pile_up(member, library, 60)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/notifications/")
    with CaptureQueriesContext(connection) as home_many:
        client.get("/")

    assert page.content.decode().count('class="notification ') == 30  # one page
    assert len(many) == len(few)
    assert len(home_many) == len(home_few)


def test_one_persons_notifications_leave_the_shared_caches_alone(
    community, library, member
):
    """Reading or receiving a notification is one person's business: the menu
    and cached pages everyone shares stay (a publish still renews them)."""
    topic = Tag.objects.create(name="water", slug="water")
    before = content_version()
    _pile_up(member, library, 2)
    notice = Notification.objects.first()
    notice.read_at = timezone.now()
    notice.save()
    following = Following.objects.create(user=member)
    following.topics.add(topic)
    Notification.objects.all().delete()
    following.delete()

    assert content_version() == before
    library.title = "Library, renamed"
    library.save_revision().publish()
    assert content_version() > before
