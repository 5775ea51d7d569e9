"""Emails about applications speak the recipient's language, name the community in
it and link to the page to act on."""

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult
from wagtail.users.models import UserProfile

from communities.models import Membership
from intranet.translation import translate_page

pytestmark = pytest.mark.django_db


def proposal(**overrides):
    data = {
        "institution_name": "Kallpa Association",
        "acronym": "",
        "pillar": "civil_society",
        "country": "PE",
        "letter": "We work with communities near the mines.",
        "motivation": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def spanish_community(spanish_home, community):
    translate_page(community.get_parent(), "es", {"Communities": "Comunidades"})
    return translate_page(
        community, "es", {"Lima working group": "Grupo de trabajo de Lima"}
    )


def prefer(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def with_email(person, address):
    person.email = address
    person.save()
    return person


def decide(client, community, moderator, decision, reason=""):
    membership = Membership.objects.get(institution__name="Kallpa Association")
    client.force_login(moderator)
    response = client.post(
        f"/communities/{community.slug}/applications/",
        {"membership": membership.pk, "decision": decision, "reason": reason},
    )
    assert response.status_code == 302
    return membership


def test_each_moderator_is_written_to_in_their_own_language(
    client, community, spanish_community, moderator, join, outsider, mailoutbox
):
    with_email(moderator, "english@example.org")
    spanish_moderator = with_email(
        join(community, role=Membership.Role.SECRETARIAT), "spanish@example.org"
    )
    prefer(spanish_moderator, "es")
    client.force_login(outsider)

    client.post(f"/communities/{community.slug}/apply/", proposal())

    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {"english@example.org", "spanish@example.org"}
    english, spanish = (
        by_address["english@example.org"],
        by_address["spanish@example.org"],
    )
    assert "Kallpa Association" in english.subject
    assert "Lima working group" in english.subject
    assert "asks that Kallpa Association join Lima working group" in english.body
    assert f"{settings.BASE_URL}/communities/lima/applications/" in english.body
    assert "Grupo de trabajo de Lima" in spanish.subject
    assert "solicita que Kallpa Association se una a Grupo de trabajo de Lima" in (
        spanish.body
    )
    assert f"{settings.BASE_URL}/es/communities/lima/applications/" in spanish.body
    assert "Lima working group" not in spanish.body


def test_spanish_applicant_hears_back_in_spanish_from_an_english_moderator(
    client, community, spanish_community, moderator, outsider, mailoutbox
):
    with_email(outsider, "kallpa@example.org")
    client.force_login(outsider)
    response = client.post(f"/es/communities/{community.slug}/apply/", proposal())
    assert response.status_code == 302

    decide(client, community, moderator, "approve")

    message = mailoutbox[-1]
    assert message.to == ["kallpa@example.org"]
    assert "Grupo de trabajo de Lima" in message.subject
    assert "Activ" not in message.subject
    assert (
        "Buenas noticias: el grupo de coordinación de Grupo de trabajo de Lima "
        "aprobó la membresía de Kallpa Association."
    ) in message.body
    assert f"{settings.BASE_URL}{spanish_community.url}" in message.body
    assert "Lima working group" not in message.body


def test_applicant_who_chose_english_hears_back_in_english(
    client, community, spanish_community, moderator, outsider, mailoutbox
):
    with_email(outsider, "kallpa@example.org")
    prefer(outsider, "en")
    prefer(moderator, "es")
    client.force_login(outsider)
    client.post(f"/es/communities/{community.slug}/apply/", proposal())

    membership = Membership.objects.get(institution__name="Kallpa Association")
    client.force_login(moderator)
    client.post(
        f"/es/communities/{community.slug}/applications/",
        {
            "membership": membership.pk,
            "decision": "decline",
            "reason": "Fuera de tema.",
        },
    )

    message = mailoutbox[-1]
    assert message.subject == "Your request to join Lima working group was declined"
    assert "has declined the request concerning Kallpa Association" in message.body
    assert "Reason: Fuera de tema." in message.body
    assert f"{settings.BASE_URL}/communities/lima/" in message.body


def test_approval_subject_says_what_happened_and_links_the_community(
    client, community, moderator, outsider, mailoutbox
):
    with_email(outsider, "kallpa@example.org")
    client.force_login(outsider)
    client.post(f"/communities/{community.slug}/apply/", proposal())

    decide(client, community, moderator, "approve")

    message = mailoutbox[-1]
    assert message.subject == "Your request to join Lima working group was approved"
    assert "has approved the membership of Kallpa Association" in message.body
    assert f"{settings.BASE_URL}/communities/lima/" in message.body


def test_nominating_member_is_told_about_the_nomination(
    client, community, member, moderator, mailoutbox
):
    with_email(member, "member@example.org")
    with_email(moderator, "coordination@example.org")
    client.force_login(member)
    client.post(f"/communities/{community.slug}/nominate/", proposal())
    received = mailoutbox[-1]
    assert received.to == ["coordination@example.org"]
    assert received.subject == (
        "New nomination to Lima working group: Kallpa Association"
    )
    assert "nominates Kallpa Association to join Lima working group" in received.body

    decide(client, community, moderator, "decline", reason="Not yet.")

    message = mailoutbox[-1]
    assert message.to == ["member@example.org"]
    assert message.subject == (
        "Your nomination of Kallpa Association to Lima working group was declined"
    )
    assert "Reason: Not yet." in message.body


def test_emails_wait_for_the_worker_and_leave_with_what_was_written(
    client, community, moderator, outsider, mailoutbox, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with_email(moderator, "moderator@example.org")
    client.force_login(outsider)

    client.post(f"/communities/{community.slug}/apply/", proposal())

    # Queued, not sent: a slow mail server never holds the request.
    assert mailoutbox == []
    queued = DBTaskResult.objects.get(task_path="intranet.tasks.send_email")
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    assert [message.to for message in mailoutbox] == [["moderator@example.org"]]
    assert "Kallpa Association" in mailoutbox[0].subject
