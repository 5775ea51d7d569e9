"""Translations go through the workflow of their source: an editor submits a
Spanish good practice for review, a reviewer approves it or asks for changes,
and nothing an editor does puts a translation live around the workflow."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from wagtail.models import Locale, Workflow, WorkflowPage, WorkflowState
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from communities.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MeetingPageFactory,
    MembershipFactory,
)
from communities.models import Membership
from intranet.factories import StandardPageFactory
from intranet.roles import EDITORS, MODERATORS
from intranet.translation import translate_page
from resources.factories import GoodPracticePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_user):
    return make_user(groups=[Group.objects.get(name=EDITORS)])


@pytest.fixture
def reviewer(make_user):
    return make_user(groups=[Group.objects.get(name=MODERATORS)])


@pytest.fixture
def as_user(client, django_capture_on_commit_callbacks):
    """Requests by `user`, running what each request left to do on commit
    (wagtail-localize publishes on commit)."""

    class Session:
        def __init__(self, user):
            client.force_login(user)

        def get(self, url):
            return client.get(url)

        def post(self, url, data=None):
            with django_capture_on_commit_callbacks(execute=True):
                return client.post(url, data or {})

        def put(self, url, data):
            return client.put(
                url, encode_multipart(BOUNDARY, data), content_type=MULTIPART_CONTENT
            )

    return Session


@pytest.fixture
def practice(indexes, spanish_indexes):
    page = GoodPracticePageFactory(
        parent=indexes["good_practices"], title="Agree the rules", slug="rules"
    )
    page.save_revision().publish()
    return page


def spanish(page):
    return page.get_translation(Locale.objects.get(language_code="es")).specific


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def review_url(page):
    return f"/admin/translations/{page.pk}/submit/"


def approve_url(page):
    state = page.current_workflow_state.current_task_state
    return f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/"


def reject_url(page):
    state = page.current_workflow_state.current_task_state
    return f"/admin/pages/workflow/action/{page.pk}/reject/{state.pk}/"


def translate(session, page, locale="es"):
    """The page's "Translate" action, into `locale`."""
    target = Locale.objects.get(language_code=locale)
    url = f"/admin/localize/submit/page/{page.pk}/"
    response = session.post(url, {"locales": [target.pk]})
    assert response.status_code == 302
    return page.get_translation(target).specific


def translate_title(session, page, locale, title):
    """Type the translated title into the translation editor (its own API)."""
    source = TranslationSource.objects.get_for_instance(page)
    translation = Translation.objects.get(
        source=source, target_locale__language_code=locale
    )
    segment = StringSegment.objects.get(source=source, context__path="title")
    url = reverse(
        "wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]
    )
    assert session.put(url, {"value": title}).status_code in (200, 201)


def submit_for_review(session, page):
    """Follow the translation editor's "Submit for review" and confirm it."""
    editor_page = session.get(edit_url(page))
    assert editor_page.status_code == 200
    assert review_url(page) in editor_page.content.decode()
    confirmation = session.get(review_url(page))
    assert confirmation.status_code == 200
    assert "Submit for review" in confirmation.content.decode()
    response = session.post(review_url(page))
    assert response.status_code == 302
    assert response["Location"] == edit_url(page)


def refused(response):
    """403 or 404, or Wagtail's answer to a refusal: off to the dashboard or
    the login page."""
    if response.status_code == 302:
        return response["Location"].startswith(("/admin/?", "/admin/login/")) or (
            response["Location"] == "/admin/"
        )
    return response.status_code in (403, 404)


def awaiting_review(session):
    return session.get("/admin/").content.decode()


def test_an_editors_translation_goes_live_once_a_reviewer_approves_it(
    client, as_user, practice, editor, reviewer
):
    as_editor = as_user(editor)
    translated = translate(as_editor, practice)
    assert not translated.live
    translate_title(as_editor, practice, "es", "Acordar las reglas")

    submit_for_review(as_editor, translated)

    translated = spanish(practice)
    assert not translated.live
    assert translated.workflow_in_progress
    assert translated.current_workflow_state.workflow.name == "Editorial review"
    assert translated.current_workflow_state.requested_by == editor
    assert "Awaiting your review" not in awaiting_review(as_editor)

    as_reviewer = as_user(reviewer)
    dashboard = awaiting_review(as_reviewer)
    assert "Awaiting your review" in dashboard
    assert edit_url(translated) in dashboard
    assert approve_url(translated) in dashboard

    response = as_reviewer.post(approve_url(translated), {"comment": ""})

    assert response.status_code in (200, 302)
    translated = spanish(practice)
    assert translated.live
    assert translated.title == "Acordar las reglas"
    assert not translated.workflow_in_progress
    assert edit_url(translated) not in awaiting_review(as_reviewer)
    client.logout()
    assert "Acordar las reglas" in client.get(translated.url).content.decode()


def test_a_reviewer_asks_for_changes_and_the_editor_submits_again(
    client, as_user, practice, editor, reviewer
):
    as_editor = as_user(editor)
    translated = translate(as_editor, practice)
    submit_for_review(as_editor, translated)
    as_reviewer = as_user(reviewer)
    as_reviewer.post(reject_url(spanish(practice)), {"comment": "Translate the title"})

    translated = spanish(practice)
    assert translated.current_workflow_state.status == (
        WorkflowState.STATUS_NEEDS_CHANGES
    )
    assert not translated.live

    as_editor = as_user(editor)
    assert (
        "Changes were requested" in as_editor.get(edit_url(translated)).content.decode()
    )
    translate_title(as_editor, practice, "es", "Acordar las reglas")
    submit_for_review(as_editor, translated)

    translated = spanish(practice)
    assert translated.workflow_in_progress
    assert not translated.live
    as_reviewer = as_user(reviewer)
    as_reviewer.post(approve_url(translated), {"comment": ""})
    translated = spanish(practice)
    assert translated.live
    assert translated.title == "Acordar las reglas"


def test_an_editors_publish_submits_the_translation_for_review(
    client, as_user, practice, editor, reviewer
):
    as_editor = as_user(editor)
    translated = translate(as_editor, practice)
    translate_title(as_editor, practice, "es", "Acordar las reglas")

    response = as_editor.post(edit_url(translated), {"action": "publish"})

    assert response.status_code == 302
    translated = spanish(practice)
    assert not translated.live
    assert translated.workflow_in_progress
    assert translated.get_latest_revision().as_object().title == "Acordar las reglas"

    # Under review the translation is locked: publishing again saves nothing.
    revisions = translated.revisions.count()
    as_editor.post(edit_url(translated), {"action": "publish"})
    sync_url = (
        f"/admin/localize/update/"
        f"{TranslationSource.objects.get_for_instance(practice).pk}/"
    )
    as_editor.post(sync_url, {"publish_translations": "on"})
    translated = spanish(practice)
    assert not translated.live
    assert translated.revisions.count() == revisions
    client.logout()
    assert client.get("/es/buenas-practicas/rules/").status_code == 404

    # A reviewer, who may publish, still publishes directly; the review ends.
    as_reviewer = as_user(reviewer)
    as_reviewer.post(edit_url(translated), {"action": "publish"})
    translated = spanish(practice)
    assert translated.live
    assert not translated.workflow_in_progress


def test_an_editors_sync_with_publish_submits_a_live_translation_for_review(
    client, as_user, practice, editor, reviewer
):
    translate_page(practice, "es", {"Agree the rules": "Acordar las reglas"})
    practice.title = "Agree the rules first"
    practice.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(practice)

    as_user(editor).post(
        f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"}
    )

    translated = spanish(practice)
    assert translated.title == "Acordar las reglas"
    assert translated.workflow_in_progress
    client.logout()
    assert "Acordar las reglas" in client.get(translated.url).content.decode()

    as_user(reviewer).post(approve_url(translated), {"comment": ""})
    assert spanish(practice).title == "Agree the rules first"


def test_only_a_synced_translation_that_may_be_submitted_is_offered_for_review(
    as_user, practice, editor, make_user
):
    translated = translate(as_user(editor), practice)
    as_editor = as_user(editor)
    # The source is no translation; a page under review is not submitted twice.
    assert refused(as_editor.get(review_url(practice)))
    submit_for_review(as_editor, translated)
    assert (
        review_url(translated)
        not in as_editor.get(edit_url(translated)).content.decode()
    )
    response = as_editor.post(review_url(translated))
    assert response.status_code == 302
    assert spanish(practice).current_workflow_state.task_states.count() == 1
    # Someone who may not edit it submits nothing.
    outsider = make_user()
    assert refused(as_user(outsider).post(review_url(translated)))
    assert spanish(practice).current_workflow_state.requested_by == editor


def test_translated_minutes_go_through_the_communitys_approval(
    client, as_user, home, make_user
):
    community = CommunityPageFactory(
        parent=CommunityIndexPageFactory(parent=home), title="Lima", slug="lima"
    )
    meeting = MeetingPageFactory(
        parent=community.members_area(), title="Plenary", slug="plenary"
    )
    for page in (community, community.members_area(), meeting):
        translate_page(page, "es", {"Plenary": "Plenaria"})
    secretary, coordinator = make_user(), make_user()
    for person, role in (
        (secretary, Membership.Role.SECRETARIAT),
        (coordinator, Membership.Role.COORDINATION),
    ):
        MembershipFactory(
            community=community,
            institution=InstitutionFactory(),
            role=role,
            representatives=[person],
        )
    as_secretary = as_user(secretary)
    translate_title(as_secretary, meeting, "es", "Plenaria de junio")

    submit_for_review(as_secretary, spanish(meeting))

    translated = spanish(meeting)
    workflow = translated.current_workflow_state.workflow
    assert workflow == meeting.get_workflow()
    assert workflow.name.startswith("Minutes approval")
    assert translated.title == "Plenaria"
    as_coordinator = as_user(coordinator)
    assert edit_url(translated) in awaiting_review(as_coordinator)
    as_coordinator.post(approve_url(translated), {"comment": ""})
    assert spanish(meeting).title == "Plenaria de junio"


# Which workflow a translation follows


@pytest.fixture
def guides_review(db):
    return Workflow.objects.create(name="Guides review")


@pytest.fixture
def guides(home, spanish_home):
    section = StandardPageFactory(parent=home, title="Guides", slug="guides")
    StandardPageFactory(parent=section, title="First steps", slug="steps")
    return section


def test_a_translation_follows_the_workflow_of_its_source(guides, guides_review):
    WorkflowPage.objects.create(page=guides, workflow=guides_review)

    translated = translate_page(guides, "es")
    guide = translate_page(guides.get_children().get().specific, "es")

    assert translated.get_workflow() == guides_review
    assert guide.get_workflow() == guides_review


def test_a_spanish_first_page_shares_its_workflow_with_its_english_translation(
    home, spanish_home, guides_review
):
    page = StandardPageFactory(parent=spanish_home, title="Guías", slug="guias")
    WorkflowPage.objects.create(page=page, workflow=guides_review)

    english = translate_page(page, "en", {"Guías": "Guides"})

    assert english.locale.language_code == "en"
    assert english.get_workflow() == guides_review


def test_assigning_a_workflow_assigns_it_to_the_translations(guides, guides_review):
    translate_page(guides, "es")
    assert spanish(guides).get_workflow() != guides_review

    assignment = WorkflowPage.objects.create(page=guides, workflow=guides_review)
    assert spanish(guides).get_workflow() == guides_review

    other = Workflow.objects.create(name="Other review")
    assignment.workflow = other
    assignment.save()
    assert spanish(guides).get_workflow() == other


def test_the_data_migration_shares_workflows_with_existing_translations(
    guides, guides_review
):
    translated = translate_page(guides, "es")
    # As assigned before: no signals, so the Spanish page is left out.
    WorkflowPage.objects.bulk_create(
        [WorkflowPage(page=guides, workflow=guides_review)]
    )
    assert spanish(guides).get_workflow() != guides_review

    migration = importlib.import_module(
        "intranet.migrations.0005_translations_share_workflows"
    )
    migration.share_workflows_with_translations(apps, None)
    migration.share_workflows_with_translations(apps, None)  # twice: no change

    assert spanish(guides).get_workflow() == guides_review
    assert WorkflowPage.objects.filter(page=translated).count() == 1
