"""No lost edits: two people editing the same meeting in the page editor; the
second to save, from the revision both opened, is refused with their input kept
and a link to compare (intranet.edit_conflicts)."""

import threading

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test import Client
from wagtail.models import Page
from wagtail.users.models import UserProfile

from communities.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MeetingPageFactory,
    MembershipFactory,
)
from communities.models import MeetingPage, Membership
from intranet.factories import UserFactory

pytestmark = pytest.mark.django_db

REFUSAL = "Someone saved this page after you opened it, so your changes were not saved."
REFUSAL_ES = (
    "Alguien guardó esta página después de que usted la abriera, así que sus "
    "cambios no se guardaron."
)


@pytest.fixture
def meeting(home):
    index = CommunityIndexPageFactory(parent=home)
    lima = CommunityPageFactory(parent=index, title="Lima group", slug="lima")
    meeting = MeetingPageFactory(
        parent=lima.members_area(), title="Plenary", venue="Lima"
    )
    meeting.save_revision().publish()
    return lima, meeting


@pytest.fixture
def moderators(meeting):
    lima, _meeting = meeting

    def moderator(name):
        person = UserFactory(username=name)
        MembershipFactory(
            community=lima,
            institution=InstitutionFactory(),
            role=Membership.Role.COORDINATION,
            representatives=[person],
        )
        client = Client()
        client.force_login(person)
        return client

    return moderator("ana"), moderator("beto")


def edit_form(client, page):
    """What the browser would post from the edit form as loaded: every field
    with its value, the revision it was loaded from included."""
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    form = BeautifulSoup(response.content, "lxml").find("form", id="page-edit-form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        kind = field.get("type", "text")
        if not name or field.has_attr("disabled") or kind in ("submit", "file"):
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")
        elif field.name == "select":
            chosen = [o.get("value", o.text) for o in field.find_all("option")]
            selected = [
                o.get("value", o.text)
                for o in field.find_all("option")
                if o.has_attr("selected")
            ]
            data[name] = selected or chosen[:1]
        elif kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        else:
            data[name] = field.get("value", "")
    return data


def save(client, page, data, **changes):
    return client.post(f"/admin/pages/{page.pk}/edit/", {**data, **changes})


def latest(page):
    return Page.objects.get(pk=page.pk).get_latest_revision_as_object()


def test_the_second_save_from_the_same_revision_is_refused_with_its_input_kept(
    meeting, moderators
):
    _lima, page = meeting
    ana, beto = moderators
    loaded_by_ana, loaded_by_beto = edit_form(ana, page), edit_form(beto, page)
    started_from = loaded_by_beto["loaded_revision_id"]

    first = save(ana, page, loaded_by_ana, venue="Cusco")
    assert first.status_code == 302
    assert latest(page).venue == "Cusco"
    newest = str(Page.objects.get(pk=page.pk).latest_revision_id)

    second = save(beto, page, loaded_by_beto, venue="Arequipa")

    assert second.status_code == 200
    html = second.content.decode()
    assert REFUSAL in html
    compare = f"/admin/pages/{page.pk}/revisions/compare/{started_from}...{newest}/"
    assert compare in html
    assert ana.get(compare).status_code == 200
    # Beto's input is in the form again, not lost; Ana's change stands.
    form = BeautifulSoup(second.content, "lxml").find("form", id="page-edit-form")
    assert form.find("input", attrs={"name": "venue"})["value"] == "Arequipa"
    assert latest(page).venue == "Cusco"
    assert str(Page.objects.get(pk=page.pk).latest_revision_id) == newest


def test_a_publish_from_an_older_revision_is_refused(meeting, moderators):
    _lima, page = meeting
    ana, beto = moderators
    loaded_by_ana, loaded_by_beto = edit_form(ana, page), edit_form(beto, page)

    assert save(ana, page, loaded_by_ana, venue="Cusco", **{"action-publish": "1"})
    published = save(
        beto, page, loaded_by_beto, venue="Arequipa", **{"action-publish": "1"}
    )

    assert published.status_code == 200
    assert REFUSAL in published.content.decode()
    assert MeetingPage.objects.get(pk=page.pk).venue == "Cusco"


def test_a_save_from_the_latest_revision_goes_through(meeting, moderators):
    _lima, page = meeting
    ana, beto = moderators
    save(ana, page, edit_form(ana, page), venue="Cusco")

    # Beto opens the page after Ana saved: his form starts from her revision.
    response = save(beto, page, edit_form(beto, page), venue="Arequipa")

    assert response.status_code == 302
    assert latest(page).venue == "Arequipa"


def test_after_the_refusal_saving_again_replaces_the_newer_version(meeting, moderators):
    _lima, page = meeting
    ana, beto = moderators
    loaded_by_beto = edit_form(beto, page)
    save(ana, page, edit_form(ana, page), venue="Cusco")
    refused = save(beto, page, loaded_by_beto, venue="Arequipa")
    form = BeautifulSoup(refused.content, "lxml").find("form", id="page-edit-form")
    again = {
        name: form.find("input", attrs={"name": name})["value"]
        for name in ("loaded_revision_id", "loaded_revision_created_at")
    }

    response = save(beto, page, loaded_by_beto, venue="Arequipa", **again)

    assert response.status_code == 302
    assert latest(page).venue == "Arequipa"


def test_the_refusal_is_in_the_editors_language(meeting, moderators):
    _lima, page = meeting
    ana, beto = moderators
    beto_user = beto.session["_auth_user_id"]
    profile = UserProfile.get_for_user(
        UserFactory._meta.model.objects.get(pk=beto_user)
    )
    profile.preferred_language = "es"
    profile.save()
    loaded_by_beto = edit_form(beto, page)
    save(ana, page, edit_form(ana, page), venue="Cusco")

    html = save(beto, page, loaded_by_beto, venue="Arequipa").content.decode()

    assert REFUSAL_ES in html
    assert "Comparar las versiones" in html


def test_an_autosave_is_left_to_wagtail(meeting, moderators):
    _lima, page = meeting
    ana, beto = moderators
    loaded_by_beto = edit_form(beto, page)
    save(ana, page, edit_form(ana, page), venue="Cusco")

    response = beto.post(
        f"/admin/pages/{page.pk}/edit/",
        {**loaded_by_beto, "venue": "Arequipa"},
        headers={"Accept": "application/json"},
    )

    assert response.json()["error_code"] == "invalid_revision"
    assert latest(page).venue == "Cusco"


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="row locks need PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_at_the_same_moment_one_wins_one_is_refused(meeting, moderators):
    _lima, page = meeting
    ana, beto = moderators
    forms = {ana: edit_form(ana, page), beto: edit_form(beto, page)}
    venues = {ana: "Cusco", beto: "Arequipa"}
    start = threading.Barrier(2)
    answers = {}

    def post(client):
        start.wait()
        try:
            answers[client] = save(client, page, forms[client], venue=venues[client])
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(each,)) for each in (ana, beto)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    codes = sorted(answer.status_code for answer in answers.values())
    assert codes == [200, 302]
    (winner,) = [
        client for client, answer in answers.items() if answer.status_code == 302
    ]
    (loser,) = [
        client for client, answer in answers.items() if answer.status_code == 200
    ]
    assert REFUSAL in answers[loser].content.decode()
    assert latest(page).venue == venues[winner]


def test_a_post_without_the_revision_fields_is_left_as_it_was(meeting, moderators):
    _lima, page = meeting
    ana, beto = moderators
    loaded_by_beto = edit_form(beto, page)
    save(ana, page, edit_form(ana, page), venue="Cusco")
    del loaded_by_beto["loaded_revision_id"]

    response = save(beto, page, loaded_by_beto, venue="Arequipa")

    # Not made from the editor's form: nothing tells which revision it started
    # from, and Wagtail saves it as before.
    assert response.status_code == 302
    assert latest(page).venue == "Arequipa"
