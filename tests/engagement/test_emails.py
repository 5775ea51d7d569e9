"""Notifications by email, at once or in the weekly digest, in each reader's
language, with one-click unsubscribing; never to someone who lost access."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from communities.factories import MeetingPageFactory
from communities.models import Membership
from engagement.models import Delivery, EmailPreference, Event, Kind, Notification
from engagement.services import set_delivery, unsubscribe_token
from intranet.translation import translate_page
from resources.factories import (
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    DocumentFactory,
)

pytestmark = pytest.mark.django_db

DRAFT_LAW = "Draft law on private security"


@pytest.fixture
def spanish_area(spanish_home, community):
    translate_page(community.get_parent(), "es", {"Communities": "Comunidades"})
    translate_page(community, "es", {"Lima working group": "Grupo de trabajo de Lima"})
    return translate_page(
        community.members_area(), "es", {"Members area": "Área de miembros"}
    )


def upcoming_meeting(area, title="Quarterly plenary"):
    """A meeting in ten days, not announced yet."""
    return MeetingPageFactory(
        parent=area,
        title=title,
        slug="plenary",
        starts_at=timezone.now().replace(microsecond=0) + timedelta(days=10),
        minutes="",
    )


def sent_to(mailoutbox, person):
    return [message for message in mailoutbox if message.to == [person.email]]


def test_a_meeting_is_emailed_at_once_in_english(community, member, mailoutbox):
    meeting = upcoming_meeting(community.members_area())
    mailoutbox.clear()

    meeting.save_revision().publish()

    (message,) = sent_to(mailoutbox, member)
    notification = Notification.objects.get(
        recipient=member, event=Event.MEETING_SCHEDULED
    )
    assert message.subject.startswith("Meeting scheduled: Quarterly plenary, ")
    assert f"{settings.BASE_URL}/notifications/{notification.pk}/" in message.body
    assert "/notifications/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith(
        f"<{settings.BASE_URL}/notifications/unsubscribe/"
    )
    assert notification.emailed_at is not None


def test_a_meeting_is_emailed_at_once_in_spanish(
    community, spanish_area, member, speaks, mailoutbox
):
    speaks(member, "es")
    # The Peruvian groups write in Spanish first.
    meeting = upcoming_meeting(spanish_area, "Plenaria trimestral")
    mailoutbox.clear()

    meeting.save_revision().publish()

    (message,) = sent_to(mailoutbox, member)
    notification = Notification.objects.get(
        recipient=member, event=Event.MEETING_SCHEDULED
    )
    # The meeting's Spanish title, a date written the Spanish way, Spanish links.
    assert "Plenaria trimestral" in message.subject
    assert re.search(r"\d+ de \w+ de \d{4}", message.subject)
    assert f"{settings.BASE_URL}/es/notifications/{notification.pk}/" in message.body
    assert f"{settings.BASE_URL}/es/notifications/unsubscribe/" in message.body


def test_never_and_weekly_send_nothing_at_once(
    community, library, member, moderator, mailoutbox
):
    set_delivery(member, Kind.MEETING, Delivery.NEVER)
    set_delivery(moderator, Kind.MEETING, Delivery.WEEKLY)
    mailoutbox.clear()

    upcoming_meeting(community.members_area()).save_revision().publish()
    DocumentFactory(collection=community.collection)  # weekly by default

    assert mailoutbox == []
    # Both are in their inboxes all the same.
    assert Notification.objects.filter(recipient=member).count() >= 2


def test_an_email_queued_before_access_was_lost_is_not_sent(
    community, member, mailoutbox, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    meeting = upcoming_meeting(community.members_area())
    meeting.save_revision().publish()
    for task_name in ("announce_meeting",):
        for queued in DBTaskResult.objects.filter(task_path__endswith=task_name):
            queued.task.call(*queued.args_kwargs["args"])
    queued = DBTaskResult.objects.filter(task_path="engagement.tasks.send_notification")
    assert queued.exists()
    mailoutbox.clear()

    member.membership.status = Membership.Status.LEFT
    member.membership.save()
    for task in queued:
        task.task.call(*task.args_kwargs["args"])

    assert sent_to(mailoutbox, member) == []


# --- The weekly digest --------------------------------------------------------


def test_the_digest_gathers_the_week_in_each_language(
    community, spanish_area, library, member, moderator, speaks, mailoutbox, home
):
    speaks(moderator, "es")
    DocumentFactory(title=DRAFT_LAW, collection=community.collection)
    index = CaseStudyIndexPageFactory(parent=home)
    case = CaseStudyPageFactory(parent=index, title="Police and communities in Espinar")
    case.save_revision().publish()
    mailoutbox.clear()

    call_command("send_digests", stdout=StringIO())

    (english,) = sent_to(mailoutbox, member)
    (spanish,) = sent_to(mailoutbox, moderator)
    assert english.subject == "Your weekly Minka digest"
    assert "New document in Members library: Draft law on private security" in (
        english.body
    )
    assert "Police and communities in Espinar" in english.body
    assert f"{settings.BASE_URL}/notifications/unsubscribe/" in english.body
    assert "Draft law on private security" in spanish.body
    assert f"{settings.BASE_URL}/es/notifications/" in spanish.body
    # English case studies are not news to a Spanish reader's digest.
    assert "Police and communities in Espinar" not in spanish.body

    # What was sent is not sent again.
    mailoutbox.clear()
    DocumentFactory(title="Annual report", collection=community.collection)
    call_command("send_digests", stdout=StringIO())
    (again,) = sent_to(mailoutbox, member)
    assert "Annual report" in again.body
    assert "Draft law" not in again.body


def test_the_dry_run_prints_each_digest_and_sends_nothing(
    community, library, member, mailoutbox
):
    DocumentFactory(title=DRAFT_LAW, collection=community.collection)
    mailoutbox.clear()
    out = StringIO()

    call_command("send_digests", "--dry-run", stdout=out)

    printed = out.getvalue()
    assert f"To: {member.email} (en)" in printed
    assert "Draft law on private security" in printed
    assert mailoutbox == []
    assert Notification.objects.filter(emailed_at=None, recipient=member).exists()


def test_the_digest_leaves_out_what_its_reader_can_no_longer_see(
    community, library, member, mailoutbox
):
    DocumentFactory(title=DRAFT_LAW, collection=community.collection)
    member.membership.status = Membership.Status.SUSPENDED
    member.membership.save()
    mailoutbox.clear()
    out = StringIO()

    call_command("send_digests", "--dry-run", stdout=out)
    call_command("send_digests", stdout=StringIO())

    assert "Draft law" not in out.getvalue()
    assert all("Draft law" not in message.body for message in mailoutbox)


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_the_digest_tells_no_one_else(community, library, member, who, request):
    person = request.getfixturevalue(who)
    DocumentFactory(title=DRAFT_LAW, collection=community.collection)
    out = StringIO()

    call_command("send_digests", "--dry-run", stdout=out)

    printed = out.getvalue()
    assert "Draft law" in printed  # the member's digest
    theirs = printed.split(f"To: {person.email}")
    assert len(theirs) == 1 or "Draft law" not in theirs[1].split("To: ")[0]


# --- Unsubscribing ------------------------------------------------------------


def unsubscribe_link(message):
    return re.search(r"https?://\S+/notifications/unsubscribe/\S+/", message.body)[0]


def test_one_click_unsubscribes_without_logging_in(
    client, community, member, mailoutbox
):
    upcoming_meeting(community.members_area()).save_revision().publish()
    (message,) = sent_to(mailoutbox, member)
    path = unsubscribe_link(message).removeprefix(settings.BASE_URL)

    shown = client.get(path)
    assert shown.status_code == 200
    assert "Meetings scheduled, changed or cancelled" in shown.content.decode()
    assert member.email not in shown.content.decode()
    assert client.post(path).status_code == 200

    assert EmailPreference.objects.get(user=member, kind=Kind.MEETING).delivery == (
        Delivery.NEVER
    )
    mailoutbox.clear()
    other = MeetingPageFactory(
        parent=community.members_area(),
        starts_at=timezone.now() + timedelta(days=30),
        minutes="",
    )
    other.save_revision().publish()
    assert sent_to(mailoutbox, member) == []


@pytest.mark.parametrize(
    "token",
    ["nonsense", "eyJ1c2VyIjoxLCJraW5kIjoibWVldGluZyJ9:forged:signature"],
)
def test_a_broken_unsubscribe_link_says_so(client, token):
    response = client.get(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 400


def test_a_link_unsubscribes_only_its_own_person_and_kind(client, member, outsider):
    token = unsubscribe_token(member, Kind.DOCUMENT)

    client.force_login(outsider)
    client.post(f"/es/notifications/unsubscribe/{token}/")

    assert list(EmailPreference.objects.values_list("user", "kind", "delivery")) == [
        (member.pk, Kind.DOCUMENT, Delivery.NEVER)
    ]


def test_preferences_choose_delivery_and_what_to_follow(client, member, home):
    index = CaseStudyIndexPageFactory(parent=home)
    CaseStudyPageFactory(parent=index, country="GH", tags=["artisanal mining"])
    client.force_login(member)

    page = client.get("/es/notifications/preferences/")
    assert page.status_code == 200
    assert "Ghana" in page.content.decode()
    data = {f"delivery_{kind}": Delivery.WEEKLY for kind in Kind.values}
    data["delivery_knowledge"] = Delivery.NEVER
    del data["delivery_decision"]
    data["countries"] = ["GH"]
    response = client.post("/notifications/preferences/", data)

    assert response.status_code == 302
    assert EmailPreference.objects.get(user=member, kind=Kind.MINUTES).delivery == (
        Delivery.WEEKLY
    )
    bad = client.post(
        "/notifications/preferences/", {**data, "delivery_knowledge": "immediately"}
    )
    assert bad.status_code == 200  # the form again, with its error
    assert EmailPreference.objects.get(user=member, kind=Kind.KNOWLEDGE).delivery == (
        Delivery.NEVER
    )
