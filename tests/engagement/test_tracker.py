"""The ten steps: kept by a community's moderators, read by its members, and
summarised for visitors only when the moderators choose."""

from datetime import date

import pytest

from communities.factories import MeetingPageFactory
from engagement.models import Step, StepStatus, Tracker, TrackerStep
from engagement.tracker import tracker_of
from intranet.translation import translate_page
from resources.factories import (
    DocumentFactory,
    GoodPracticeIndexPageFactory,
    GoodPracticePageFactory,
)

pytestmark = pytest.mark.django_db

NOTE = "The coordination group agreed with the Ombudsman on a convenor."


@pytest.fixture
def tracked(community):
    """Leadership done, with a note and a meeting as evidence; the work plan
    under way."""
    meeting = MeetingPageFactory(
        parent=community.members_area(), title="Founding meeting"
    )
    tracker = tracker_of(community)
    tracker.steps.filter(step=Step.LEADERSHIP).update(
        status=StepStatus.DONE, reached_on=date(2010, 3, 1), note=NOTE, meeting=meeting
    )
    tracker.steps.filter(step=Step.WORK_PLAN).update(status=StepStatus.IN_PROGRESS)
    return tracker


def form_data(tracker, **changes):
    data = {}
    for step in tracker.steps.all():
        data[f"{step.step}-status"] = step.status
        data[f"{step.step}-reached_on"] = step.reached_on or ""
        data[f"{step.step}-note"] = step.note
        data[f"{step.step}-meeting"] = step.meeting_id or ""
        data[f"{step.step}-document"] = step.document_id or ""
        data[f"{step.step}-activity"] = step.activity_id or ""
    data.update(changes)
    return data


def test_members_read_the_steps_with_notes_and_evidence(client, tracked, member):
    client.force_login(member)

    page = client.get("/communities/lima/progress/").content.decode()

    assert page.count('class="tracker__step') == 10
    assert "1 of 10 steps taken, 1 under way." in page
    assert NOTE in page
    assert "Founding meeting" in page
    assert "Update the steps" not in page  # members read, moderators keep


def test_each_step_links_its_good_practice_in_the_readers_language(
    client, tracked, member, home, spanish_home
):
    index = GoodPracticeIndexPageFactory(parent=home)
    practice = GoodPracticePageFactory(
        parent=index, title="Find a convenor everyone trusts", theme="leadership"
    )
    translate_page(index, "es", {"Good practices": "Buenas prácticas"})
    spanish = translate_page(
        practice,
        "es",
        {"Find a convenor everyone trusts": "Un convocante en quien todos confíen"},
    )
    client.force_login(member)

    english = client.get("/communities/lima/progress/").content.decode()
    assert practice.url in english
    assert spanish.url in client.get("/es/communities/lima/progress/").content.decode()


def test_the_members_area_shows_the_progress(client, tracked, member, community):
    client.force_login(member)

    area = client.get(community.members_area().url).content.decode()

    assert "Our progress: the ten steps" in area


def test_moderators_update_a_step(client, tracked, moderator, community):
    document = DocumentFactory(
        title="Scoping study 2011", collection=community.collection
    )
    client.force_login(moderator)
    assert client.get("/communities/lima/progress/edit/").status_code == 200

    response = client.post(
        "/communities/lima/progress/edit/",
        form_data(
            tracked,
            **{
                "scoping_study-status": StepStatus.DONE,
                "scoping_study-reached_on": "2011-06-30",
                "scoping_study-document": document.pk,
                "public_summary": "on",
            },
        ),
    )

    assert response.status_code == 302
    step = TrackerStep.objects.get(tracker=tracked, step=Step.SCOPING_STUDY)
    assert (step.status, step.reached_on, step.document) == (
        StepStatus.DONE,
        date(2011, 6, 30),
        document,
    )
    assert Tracker.objects.get(pk=tracked.pk).public_summary


def test_evidence_from_another_community_is_refused(
    client, tracked, moderator, other_community
):
    foreign = DocumentFactory(collection=other_community.collection)
    client.force_login(moderator)

    response = client.post(
        "/communities/lima/progress/edit/",
        form_data(tracked, **{"scoping_study-document": foreign.pk}),
    )

    assert response.status_code == 200
    assert not TrackerStep.objects.filter(document=foreign).exists()


def test_a_bad_date_is_an_error_not_a_crash(client, tracked, moderator):
    client.force_login(moderator)

    response = client.post(
        "/communities/lima/progress/edit/",
        form_data(tracked, **{"leadership-reached_on": "not a date"}),
    )

    assert response.status_code == 200
    assert "form-field__error" in response.content.decode()


# --- Leaks --------------------------------------------------------------------


def test_visitors_are_asked_to_log_in(client, tracked):
    for url in ("/communities/lima/progress/", "/communities/lima/progress/edit/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"), [("outsider", 404), ("other_member", 404), ("member", 403)]
)
def test_only_its_moderators_keep_the_steps(client, tracked, who, status, request):
    client.force_login(request.getfixturevalue(who))

    response = client.post(
        "/communities/lima/progress/edit/",
        form_data(tracked, **{"leadership-note": "Overwritten"}),
    )

    # Someone of another community is answered as for any address of it.
    assert response.status_code == status
    assert TrackerStep.objects.get(tracker=tracked, step=Step.LEADERSHIP).note == NOTE


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_no_one_else_reads_the_steps(client, tracked, who, request):
    client.force_login(request.getfixturevalue(who))

    response = client.get("/communities/lima/progress/")

    assert response.status_code == 404
    assert NOTE not in response.content.decode()


def test_visitors_see_a_summary_only_if_the_moderators_choose(
    client, tracked, community
):
    assert "The ten steps of a working group" not in (
        client.get(community.url).content.decode()
    )

    tracked.public_summary = True
    tracked.save()
    page = client.get(community.url).content.decode()

    assert "The ten steps of a working group" in page
    assert "1 of 10 steps taken, 1 under way." in page
    # The names and states only: no notes, no evidence.
    assert NOTE not in page
    assert "Founding meeting" not in page
    assert "/progress/" not in page


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_form_shows_each_steps_date_in_either_language(
    client, tracked, moderator, prefix
):
    """The browser's date field takes ISO dates only: a date written the
    Spanish way would show empty, and saving the form would erase it."""
    client.force_login(moderator)

    html = client.get(f"{prefix}/communities/lima/progress/edit/").content.decode()

    assert 'name="leadership-reached_on" value="2010-03-01"' in html
