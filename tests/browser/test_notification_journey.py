"""A member hears of approved minutes: the coordination group approves them in
the admin, the member sees the unread count in the header, opens the
notification and lands on the minutes, in English and in Spanish.

Screenshots of each step are under test-results/journeys/notification-<language>/.
"""

import re

import pytest
from django.utils import timezone

from communities.models import Membership
from engagement.models import Notification
from tests.browser.journeys import WORDS, Journey, World, sign_in, sign_in_to_admin

LANGUAGES = ["en", "es"]

MINUTES = {
    "en": "Members agreed to meet the regional police before the next plenary.",
    "es": "Los miembros acordaron reunirse con la policía regional antes de la "
    "próxima plenaria.",
}


@pytest.fixture(params=LANGUAGES)
def language(request):
    return request.param


@pytest.fixture
def world(site, home, language):
    return World(home, language)


def choose_action(page, button):
    """Click `button` of the editor's action menu, opening the menu if needed."""
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    button.click()


def test_member_is_told_of_approved_minutes_and_opens_them(
    site, world, language, open_context
):
    journey = Journey("notification", language)
    meeting, _translation = world.meeting(language)
    secretary = world.join(
        "lima-secretariat", Membership.Role.SECRETARIAT, "Socios Perú", "civil_society"
    )
    # The secretariat has written the minutes and sent them for approval.
    meeting.minutes = f"<p>{MINUTES[language]}</p>"
    meeting.save_revision(user=secretary)
    meeting.get_workflow().start(meeting, secretary)
    # The member has read what they were told so far (the institutions joining).
    Notification.objects.update(read_at=timezone.now())

    # Before the approval the member has nothing unread.
    reader = sign_in(open_context(), site, world.member, language)
    header_link = reader.locator(".site-header__notifications")
    assert header_link.count() == 1
    assert header_link.locator(".badge").count() == 0

    # The coordination group approves the minutes.
    admin = sign_in_to_admin(open_context(), site, world.moderator)
    admin.goto(f"{site}/admin/pages/{meeting.pk}/edit/")
    approve = "button[data-workflow-action-name=approve]"
    choose_action(
        admin, admin.locator(f"{approve}:not([data-workflow-action-modal-url])")
    )
    admin.wait_for_url(re.compile(rf"/admin/pages/{meeting.get_parent().pk}/$"))
    journey.shot(admin, "minutes-approved")

    # The member sees one unread notification in the header, on any page.
    reader.reload()
    assert header_link.locator(".badge").inner_text().startswith("1")
    assert reader.locator("html").get_attribute("lang") == language
    journey.shot(reader, "unread-count")
    header_link.click()
    prefix = WORDS[language]["prefix"]
    reader.wait_for_url(f"{site}{prefix}/notifications/")
    item = reader.locator(".notification--unread")
    assert item.count() == 1
    assert meeting.title in item.inner_text()
    journey.shot(reader, "inbox")

    # Opening it leads to the minutes, in the reader's language.
    item.locator(".notification__link").click()
    reader.wait_for_url(re.compile(re.escape(meeting.url) + "$"))
    record = reader.locator("main section").filter(
        has=reader.get_by_role("heading", name=WORDS[language]["minutes"], exact=True)
    )
    assert MINUTES[language] in record.inner_text()
    journey.shot(reader, "minutes")

    # Read now: the count is gone.
    assert reader.locator(".site-header__notifications .badge").count() == 0
