"""A meeting's facts are one record in every language; its minutes circulate to
every language once approved in one, in the original until translated."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation, TranslationSource

from communities.factories import (
    AttributedNoteFactory,
    InstitutionFactory,
    MeetingPageFactory,
)
from communities.models import MeetingPage, Membership
from intranet.translation import translate_page
from search.models import FacetName, SearchEntry

pytestmark = pytest.mark.django_db

MINUTES = "<p>Members discussed the draft law on private security.</p>"
ACTA = "<p>Los miembros debatieron el proyecto de ley de seguridad privada.</p>"
ATTRIBUTED = "The embassy promised funding for police training."
# The note saying the minutes are shown untranslated (its text is translated).
UNTRANSLATED_NOTE = 'id="minutes-original-language"'
NOT_RECORDED = "Asistencia no registrada."
NOT_CIRCULATED = "El acta aún no se ha circulado."


@pytest.fixture
def meeting(community):
    """A Lima meeting announced in English: nothing recorded yet."""
    return MeetingPageFactory(
        parent=community.members_area(),
        title="Quarterly plenary",
        slug="quarterly-plenary",
        starts_at=timezone.now().replace(microsecond=0) - datetime.timedelta(days=2),
        minutes="",
    )


@pytest.fixture
def spanish_meeting(spanish_home, community, meeting):
    """The meeting translated to Spanish before it took place."""
    translate_page(community.get_parent(), "es", {"Communities": "Comunidades"})
    translate_page(community, "es")
    translate_page(community.members_area(), "es")
    return translate_page(meeting, "es", {"Quarterly plenary": "Plenaria trimestral"})


@pytest.fixture
def institutions(community, join):
    """Two member institutions of the community, of different pillars."""
    return [
        join(
            community, institution=InstitutionFactory(name=name, pillar=pillar)
        ).membership.institution
        for name, pillar in (
            ("Defensoría del Pueblo", "government"),
            ("Red Muqui", "civil_society"),
        )
    ]


def latest(page):
    return MeetingPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def approve_minutes(page, community, join, minutes=None, attendance=None):
    """The secretariat records the meeting, the coordination group approves it."""
    secretary = join(community, role=Membership.Role.SECRETARIAT)
    coordinator = join(community, role=Membership.Role.COORDINATION)
    draft = latest(page)
    if minutes is not None:
        draft.minutes = minutes
    if attendance is not None:
        draft.attended_by.set(attendance)
    draft.save_revision(user=secretary)
    workflow_state = draft.current_workflow_state or draft.get_workflow().start(
        draft, secretary
    )
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, coordinator, "approve")


def publish(page, **facts):
    """A moderator edits the page in the admin of its language and publishes it."""
    draft = latest(page)
    attendance = facts.pop("attended_by", None)
    for name, value in facts.items():
        setattr(draft, name, value)
    if attendance is not None:
        draft.attended_by.set(attendance)
    draft.save_revision().publish()


def read(client, user, page):
    client.force_login(user)
    response = client.get(MeetingPage.objects.get(pk=page.pk).url)
    return response.status_code, response.content.decode()


def test_attendance_and_minutes_approved_in_english_show_in_spanish(
    client, community, meeting, spanish_meeting, institutions, member, join
):
    approve_minutes(meeting, community, join, minutes=MINUTES, attendance=institutions)

    status, html = read(client, member, spanish_meeting)
    assert status == 200
    assert "Plenaria trimestral" in html
    assert "Defensoría del Pueblo" in html and "Red Muqui" in html
    assert NOT_RECORDED not in html
    assert NOT_CIRCULATED not in html
    assert MINUTES in html
    assert UNTRANSLATED_NOTE in html
    assert '<div class="rich-text" lang="en"' in html

    status, html = read(client, member, meeting)
    assert status == 200
    assert "Defensoría del Pueblo" in html and MINUTES in html
    assert UNTRANSLATED_NOTE not in html
    assert 'class="rich-text" lang=' not in html


def test_attendance_recorded_on_the_spanish_page_shows_in_english(
    client, community, meeting, spanish_meeting, institutions, member
):
    publish(spanish_meeting, attended_by=institutions[:1], venue="Defensoría, Lima")

    status, html = read(client, member, meeting)
    assert status == 200
    assert "Defensoría del Pueblo" in html
    assert "Red Muqui" not in html
    assert "Defensoría, Lima" in html
    assert "Attendance not recorded." not in html
    english = MeetingPage.objects.get(pk=meeting.pk)
    assert list(english.attended_by.all()) == institutions[:1]


def test_search_entries_of_every_translation_follow_the_recorded_facts(
    community, meeting, spanish_meeting, institutions
):
    publish(meeting)
    publish(spanish_meeting)
    moved = meeting.starts_at - datetime.timedelta(days=400)

    publish(meeting, starts_at=moved, attended_by=institutions[:1])

    entry = SearchEntry.objects.get(item_id=spanish_meeting.pk, kind="meeting")
    assert entry.date == timezone.localtime(moved).date()
    assert list(
        entry.facet_values.filter(name=FacetName.PILLAR).values_list("value", flat=True)
    ) == ["government"]
    assert entry.facet_values.get(name=FacetName.YEAR).value == str(
        timezone.localtime(moved).year
    )


def test_a_draft_waiting_for_approval_keeps_what_another_language_recorded(
    client, community, meeting, spanish_meeting, institutions, member, join
):
    """The secretariat drafts the English minutes; meanwhile attendance and the
    new date are recorded in Spanish; approving the English draft keeps both."""
    secretary = join(community, role=Membership.Role.SECRETARIAT)
    draft = latest(meeting)
    draft.minutes = MINUTES
    draft.save_revision(user=secretary)
    moved = meeting.starts_at - datetime.timedelta(days=1)
    publish(spanish_meeting, attended_by=institutions, starts_at=moved)

    approve_minutes(meeting, community, join)

    for page in (meeting, spanish_meeting):
        stored = MeetingPage.objects.get(pk=page.pk)
        assert stored.starts_at == moved
        assert set(stored.attended_by.all()) == set(institutions)
    status, html = read(client, member, spanish_meeting)
    assert "Red Muqui" in html and MINUTES in html


def test_a_draft_that_recorded_attendance_itself_keeps_it_when_approved(
    client, community, meeting, spanish_meeting, institutions, member, join
):
    """Both languages recorded attendance; the one approved last is the record."""
    secretary = join(community, role=Membership.Role.SECRETARIAT)
    draft = latest(meeting)
    draft.attended_by.set(institutions)
    draft.save_revision(user=secretary)
    publish(spanish_meeting, attended_by=institutions[:1])

    approve_minutes(meeting, community, join)

    status, html = read(client, member, spanish_meeting)
    assert "Defensoría del Pueblo" in html and "Red Muqui" in html


def test_publishing_a_translation_from_an_older_source_keeps_the_facts(
    community,
    meeting,
    spanish_meeting,
    institutions,
    django_capture_on_commit_callbacks,
):
    """wagtail-localize's translation editor publishes from its own copy of the
    source, which may predate the last change of date or attendance."""
    moved = meeting.starts_at + datetime.timedelta(hours=3)
    publish(meeting, starts_at=moved, attended_by=institutions)

    translation = Translation.objects.get(
        source__object_id=meeting.translation_key,
        target_locale=spanish_meeting.locale,
    )
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    for page in (meeting, spanish_meeting):
        stored = MeetingPage.objects.get(pk=page.pk)
        assert stored.starts_at == moved
        assert set(stored.attended_by.all()) == set(institutions)


def test_a_new_translation_starts_from_the_recorded_facts(
    client,
    spanish_home,
    community,
    meeting,
    institutions,
    member,
    django_capture_on_commit_callbacks,
):
    translate_page(community.get_parent(), "es")
    translate_page(community, "es")
    spanish_area = translate_page(community.members_area(), "es")
    # wagtail-localize's copy of the meeting predates its attendance and venue.
    source, _created = TranslationSource.get_or_create_from_instance(meeting)
    publish(meeting, attended_by=institutions, venue="Socios Perú, Lima")

    translation = Translation.objects.create(
        source=source, target_locale=spanish_area.locale
    )
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    spanish = meeting.get_translation(spanish_area.locale).specific
    assert spanish.venue == "Socios Perú, Lima"
    status, html = read(client, member, spanish)
    assert status == 200
    assert "Defensoría del Pueblo" in html and "Red Muqui" in html


def test_translated_minutes_replace_the_original_and_its_note(
    client, community, meeting, spanish_meeting, member, join
):
    approve_minutes(meeting, community, join, minutes=MINUTES)

    # Synced but not yet translated: the Spanish page holds the English text.
    translate_page(meeting, "es", {"Quarterly plenary": "Plenaria trimestral"})
    status, html = read(client, member, spanish_meeting)
    assert MINUTES in html and UNTRANSLATED_NOTE in html

    translate_page(
        meeting,
        "es",
        {
            "Quarterly plenary": "Plenaria trimestral",
            "Members discussed the draft law on private security.": (
                "Los miembros debatieron el proyecto de ley de seguridad privada."
            ),
        },
    )
    status, html = read(client, member, spanish_meeting)
    assert ACTA in html
    assert MINUTES not in html and UNTRANSLATED_NOTE not in html


def test_minutes_written_in_spanish_circulate_in_english(
    client, community, meeting, spanish_meeting, member
):
    publish(spanish_meeting, minutes=ACTA)

    status, html = read(client, member, meeting)
    assert status == 200
    assert ACTA in html and UNTRANSLATED_NOTE in html
    assert '<div class="rich-text" lang="es"' in html
    assert "shown in the original language (Spanish)" in html
    assert "The minutes have not been circulated yet." not in html


def test_nothing_circulates_before_approval(
    client, community, meeting, spanish_meeting, institutions, member, join
):
    secretary = join(community, role=Membership.Role.SECRETARIAT)
    draft = latest(meeting)
    draft.minutes = MINUTES
    draft.attended_by.set(institutions)
    draft.save_revision(user=secretary)
    draft.get_workflow().start(draft, secretary)

    for page in (meeting, spanish_meeting):
        status, html = read(client, member, page)
        assert status == 200
        assert MINUTES not in html and "Red Muqui" not in html
    status, html = read(client, member, spanish_meeting)
    assert NOT_RECORDED in html and NOT_CIRCULATED in html

    approve_minutes(meeting, community, join)
    status, html = read(client, member, spanish_meeting)
    assert MINUTES in html and "Red Muqui" in html


def test_spanish_page_keeps_the_chatham_house_rule_and_the_restriction(
    client,
    community,
    meeting,
    spanish_meeting,
    institutions,
    member,
    moderator,
    other_member,
    outsider,
    join,
):
    AttributedNoteFactory(
        meeting=meeting, speaker_institution=institutions[0], text=ATTRIBUTED
    )
    approve_minutes(meeting, community, join, minutes=MINUTES, attendance=institutions)

    status, html = read(client, member, spanish_meeting)
    assert status == 200 and MINUTES in html and "Red Muqui" in html
    assert ATTRIBUTED not in html
    assert "attributed-notes" not in html

    status, html = read(client, moderator, spanish_meeting)
    assert status == 200 and ATTRIBUTED in html

    for stranger in (other_member, outsider):
        status, html = read(client, stranger, spanish_meeting)
        assert status in (302, 403, 404)
        assert MINUTES not in html and "Red Muqui" not in html


def test_query_count_does_not_grow_with_attendance(
    client, community, meeting, spanish_meeting, member, join
):
    few = [InstitutionFactory() for _ in range(2)]
    many = [InstitutionFactory() for _ in range(12)]
    approve_minutes(meeting, community, join, minutes=MINUTES, attendance=few)
    client.force_login(member)
    url = MeetingPage.objects.get(pk=spanish_meeting.pk).url
    client.get(url)  # warm the caches shared by every page
    with CaptureQueriesContext(connection) as with_few:
        assert few[0].name in client.get(url).content.decode()

    publish(meeting, attended_by=many)
    client.get(url)  # a publish renews the shared caches: warm them again
    with CaptureQueriesContext(connection) as with_many:
        html = client.get(url).content.decode()
    assert all(institution.name in html for institution in many)
    assert MINUTES in html
    assert len(with_many.captured_queries) == len(with_few.captured_queries)


def test_the_translation_editor_leads_to_where_attendance_is_recorded(
    client, community, meeting, spanish_meeting, moderator
):
    """The Spanish meeting opens in wagtail-localize's editor, which shows text to
    translate only: it says where date, venue and attendance are recorded."""
    prefer_spanish = UserProfile.get_for_user(moderator)
    prefer_spanish.preferred_language = "es"
    prefer_spanish.save()
    client.force_login(moderator)

    response = client.get(f"/admin/pages/{spanish_meeting.pk}/edit/", follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "se registran en la página original (inglés)" in html
    assert f'href="/admin/pages/{meeting.pk}/edit/"' in html
    original = client.get(f"/admin/pages/{meeting.pk}/edit/")
    assert original.status_code == 200
    assert 'name="attended_by"' in original.content.decode()


def test_the_original_meeting_page_says_nothing_about_translations(
    client, community, meeting, spanish_meeting, moderator
):
    client.force_login(moderator)
    html = client.get(f"/admin/pages/{meeting.pk}/edit/").content.decode()
    assert "recorded on the original page" not in html


def test_the_attendance_checklist_offers_the_community_active_members(
    client, community, other_community, meeting, join, moderator
):
    active = join(community).membership.institution
    applicant = join(community, status="applied").membership.institution
    elsewhere = join(other_community).membership.institution
    former = join(community, status="suspended").membership.institution
    meeting.attended_by.set([former])
    meeting.save_revision().publish()
    client.force_login(moderator)

    editing = client.get(f"/admin/pages/{meeting.pk}/edit/").content.decode()
    members_area = community.members_area()
    adding = client.get(
        f"/admin/pages/add/communities/meetingpage/{members_area.pk}/"
    ).content.decode()

    for html in (editing, adding):
        assert f'name="attended_by" value="{active.pk}"' in html
        assert f'value="{applicant.pk}"' not in html
        assert f'value="{elsewhere.pk}"' not in html
    assert f'name="attended_by" value="{former.pk}"' in editing
    assert f'value="{former.pk}"' not in adding


def test_a_meeting_awaiting_approval_opens_in_the_editor(
    client, community, meeting, institutions, moderator
):
    """The editor loads the draft, whose attendance lives in memory."""
    draft = latest(meeting)
    draft.attended_by.set(institutions)
    draft.save_revision()
    client.force_login(moderator)

    response = client.get(f"/admin/pages/{meeting.pk}/edit/")

    assert response.status_code == 200
    html = response.content.decode()
    for institution in institutions:
        assert f'value="{institution.pk}"' in html
