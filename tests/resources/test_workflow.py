"""Editorial workflow: editors submit, moderators approve or ask for changes."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction, Revision, WorkflowState
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from intranet.roles import EDITORS, MODERATORS
from intranet.translation import translate_page
from resources.factories import CaseStudyPageFactory
from resources.models import CaseStudyPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_user):
    from django.contrib.auth.models import Group

    return make_user(groups=[Group.objects.get(name=EDITORS)])


@pytest.fixture
def moderator(make_user):
    from django.contrib.auth.models import Group

    return make_user(groups=[Group.objects.get(name=MODERATORS)])


def case_study_form(title, slug, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "How the Cusco group began.",
            "country": "PE",
            "region": "Cusco",
            "start_year": "2017",
            "end_year": "2018",
            "pillars": ["company", "government"],
            "tags": "security",
            "challenge": rich_text("<p>Conflicts around mines.</p>"),
            "approach": rich_text(""),
            "results": rich_text(""),
            "lessons_learned": rich_text(""),
            "body": streamfield([]),
            "communities": inline_formset([]),
            "changes": inline_formset(
                [{"from_text": "Distrust", "to_text": "Dialogue"}]
            ),
            "voices": inline_formset([]),
            "related_practices": inline_formset([]),
            "related_documents": inline_formset([]),
            **extra,
        }
    )


def submit_new_case_study(client, index, title="Cusco group", slug="cusco-group"):
    data = case_study_form(title, slug)
    data["action-submit"] = "Submit"
    return client.post(f"/admin/pages/add/resources/casestudypage/{index.pk}/", data)


def test_editor_submits_but_cannot_publish(client, indexes, editor):
    client.force_login(editor)
    index = indexes["case_studies"]

    response = submit_new_case_study(client, index)

    assert response.status_code == 302, response.content.decode()[:2000]
    page = CaseStudyPage.objects.get(slug="cusco-group")
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.current_workflow_state.workflow.name == "Editorial review"
    assert not page.permissions_for_user(editor).can_publish()
    assert page.changes.get().to_text == "Dialogue"

    # Publishing directly is refused: the page stays a draft.
    data = case_study_form("Cusco group", "cusco-group")
    data["action-publish"] = "Publish"
    client.post(f"/admin/pages/{page.pk}/edit/", data)
    page.refresh_from_db()
    assert not page.live
    assert client.get("/case-studies/cusco-group/").status_code == 404


def task_state_of(page):
    return page.current_workflow_state.current_task_state


def test_moderator_approval_publishes(client, indexes, editor, moderator):
    client.force_login(editor)
    submit_new_case_study(client, indexes["case_studies"])
    page = CaseStudyPage.objects.get(slug="cusco-group")

    client.force_login(moderator)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state_of(page).pk}/",
        {"comment": ""},
    )

    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert page.current_workflow_state is None
    client.logout()
    assert client.get("/case-studies/cusco-group/").status_code == 200


def test_moderator_requests_changes(client, indexes, editor, moderator):
    client.force_login(editor)
    submit_new_case_study(client, indexes["case_studies"])
    page = CaseStudyPage.objects.get(slug="cusco-group")
    state = page.current_workflow_state

    client.force_login(moderator)
    client.post(
        f"/admin/pages/workflow/action/{page.pk}/reject/{task_state_of(page).pk}/",
        {"comment": "Please name the pillars."},
    )

    page.refresh_from_db()
    state.refresh_from_db()
    assert not page.live
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert client.get("/case-studies/cusco-group/").status_code == 404


def test_an_editor_cannot_approve(client, indexes, editor, make_user):
    client.force_login(editor)
    submit_new_case_study(client, indexes["case_studies"])
    page = CaseStudyPage.objects.get(slug="cusco-group")

    client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state_of(page).pk}/",
        {"comment": ""},
    )

    page.refresh_from_db()
    assert not page.live


def test_scheduled_publishing(client, indexes):
    page = CaseStudyPageFactory(
        parent=indexes["case_studies"], slug="later", live=False
    )
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    call_command("publish_scheduled")
    assert client.get("/case-studies/later/").status_code == 404

    # The day has come: move the scheduled revision's date into the past.
    revision = Revision.objects.get(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    )
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")

    assert client.get("/case-studies/later/").status_code == 200


def test_spanish_translation_of_a_restricted_case_study_is_restricted(
    client, indexes, spanish_indexes, restricted_page, make_user
):
    page = CaseStudyPageFactory(parent=indexes["case_studies"], slug="secret")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(restricted_page.insiders)

    translated = translate_page(page, "es", {"secret": "secreto"})

    assert translated.get_view_restrictions().exists()
    assert client.get("/es/casos/secreto/").status_code in (302, 403, 404)
    assert client.get("/case-studies/secret/").status_code in (302, 403, 404)
    client.force_login(make_user(groups=[restricted_page.insiders]))
    assert client.get("/es/casos/secreto/").status_code == 200
    assert client.get("/es/casos/").status_code == 200
