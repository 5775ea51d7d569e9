"""Translating never publishes past the editorial workflow: an editor's Spanish
translation is saved as a draft, or submitted for review where they meant to
publish it, whatever they tick or post, while a moderator still publishes; and
nobody translates or syncs a page they may not edit.

wagtail-localize publishes on commit, so every admin request runs its on-commit
callbacks (`posted`)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from wagtail.models import GroupPagePermission, Locale
from wagtail_localize.models import Translation, TranslationSource

from communities.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    MeetingPageFactory,
)
from intranet.factories import StandardPageFactory
from intranet.roles import EDITORS, MODERATORS
from intranet.translation import translate_page
from resources.factories import GoodPracticePageFactory
from resources.services import ensure_knowledge_indexes

pytestmark = pytest.mark.django_db

CREATED_AS_DRAFT = "The translation into Spanish was created as a draft."
SUBMITTED = "submitted for review"


@pytest.fixture
def good_practices(home):
    """The English good practice index (its Spanish one exists too)."""
    index = ensure_knowledge_indexes("en")["good_practices"]
    ensure_knowledge_indexes("es")
    return index


@pytest.fixture
def editor(make_user):
    return make_user(groups=[Group.objects.get(name=EDITORS)])


@pytest.fixture
def moderator(make_user):
    return make_user(groups=[Group.objects.get(name=MODERATORS)])


@pytest.fixture
def posted(client, django_capture_on_commit_callbacks):
    """POST as `user`, running what the request left to do on commit."""

    def post(user, url, data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


@pytest.fixture
def community(home):
    """A community (no editorial rights there) and its restricted meeting, each
    with a live Spanish translation."""
    community = CommunityPageFactory(
        parent=CommunityIndexPageFactory(parent=home), title="Lima", slug="lima"
    )
    meeting = MeetingPageFactory(
        parent=community.members_area(), title="Plenary", slug="plenary"
    )
    for page in (community, community.members_area(), meeting):
        translate_page(page, "es", {"Plenary": "Plenaria"})
    community.meeting = meeting
    return community


@pytest.fixture(params=["community", "restricted meeting"])
def not_editable(request, community):
    """A page the editor may not edit: one they may see, and one they may not."""
    if request.param == "community":
        return community
    assert community.meeting.get_view_restrictions().exists()
    return community.meeting


def good_practice(index, title, live):
    page = GoodPracticePageFactory(parent=index, title=title, live=live)
    if live:
        page.save_revision().publish()
    return page


def draft_in_spanish(page):
    """A Spanish draft translation of `page`, as wagtail-localize makes it."""
    source, _ = TranslationSource.get_or_create_from_instance(page)
    Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="es")
    ).save_target(publish=False)
    return spanish(page)


def spanish(page):
    return page.get_translation(Locale.objects.get(language_code="es")).specific


def submit_url(page):
    return f"/admin/localize/submit/page/{page.pk}/"


def sync_url(page):
    source = TranslationSource.objects.get_for_instance(page)
    return f"/admin/localize/update/{source.pk}/"


def to_spanish():
    return {"locales": [Locale.objects.get(language_code="es").pk]}


def latest_author(page):
    return page.get_latest_revision().user


def refused(response):
    """403 or 404, or Wagtail's answer to a refusal: back to the dashboard."""
    if response.status_code == 302:
        return response["Location"] == "/admin/"
    return response.status_code in (403, 404)


def said(response, text):
    return any(text in str(message) for message in get_messages(response.wsgi_request))


def test_sync_with_publish_submits_an_editors_translation_for_review(
    client, posted, good_practices, editor, moderator
):
    draft = good_practice(good_practices, "Agree the rules", live=False)
    assert posted(editor, submit_url(draft), to_spanish()).status_code == 302
    assert not spanish(draft).live
    client.get("/admin/")  # the translate view's messages, shown

    response = posted(editor, sync_url(draft), {"publish_translations": "on"})

    assert response.status_code == 302
    translation = spanish(draft)
    assert not translation.live
    assert translation.live_revision is None
    assert latest_author(translation) == editor
    assert translation.workflow_in_progress
    assert said(response, SUBMITTED)

    response = posted(moderator, sync_url(draft), {"publish_translations": "on"})

    assert response.status_code == 302
    translation = spanish(draft)
    assert translation.live
    assert translation.live_revision.user == moderator
    assert not translation.workflow_in_progress


def test_sync_with_publish_leaves_a_live_translation_as_it_was(
    client, posted, good_practices, editor, moderator
):
    page = good_practice(good_practices, "Agree the rules", live=True)
    translate_page(page, "es", {"Agree the rules": "Acordar las reglas"})
    live_revision = spanish(page).live_revision
    page.title = "Agree the rules first"
    page.save_revision().publish()

    response = posted(editor, sync_url(page), {"publish_translations": "on"})

    assert response.status_code == 302
    translation = spanish(page)
    assert translation.title == "Acordar las reglas"
    assert translation.live_revision == live_revision
    assert translation.has_unpublished_changes
    draft = translation.get_latest_revision()
    assert draft.user == editor
    assert draft.as_object().title == "Agree the rules first"
    client.logout()
    public = client.get(translation.url).content.decode()
    assert "Acordar las reglas" in public
    assert "Agree the rules first" not in public

    posted(moderator, sync_url(page), {"publish_translations": "on"})

    translation = spanish(page)
    assert translation.title == "Agree the rules first"
    assert translation.live_revision.user == moderator


def test_translating_a_live_page_saves_an_editors_translation_as_a_draft(
    posted, good_practices, editor, moderator
):
    page = good_practice(good_practices, "Agree the rules", live=True)

    response = posted(editor, submit_url(page), to_spanish())

    assert response.status_code == 302
    translation = spanish(page)
    assert not translation.live
    assert latest_author(translation) == editor
    # One message (the editor's banner then offers the review).
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert len(told) == 1 and CREATED_AS_DRAFT in told[0]

    other = good_practice(good_practices, "Share the minutes", live=True)
    assert posted(moderator, submit_url(other), to_spanish()).status_code == 302
    assert spanish(other).live


def test_translating_a_subtree_saves_an_editors_translations_as_drafts(
    posted, good_practices, editor
):
    # An editor who may draft, not publish, a live section of the site.
    home = good_practices.get_parent()
    section = StandardPageFactory(parent=home, title="Guides", slug="guides")
    guide = StandardPageFactory(parent=section, title="First steps", slug="steps")
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=Group.objects.get(name=EDITORS),
            page=section,
            permission=Permission.objects.get(codename=codename),
        )
    assert section.live and guide.live

    data = {**to_spanish(), "include_subtree": "on"}
    response = posted(editor, submit_url(section), data)

    assert response.status_code == 302
    for page in (section, guide):
        translation = spanish(page)
        assert not translation.live
        assert latest_author(translation) == editor


def test_the_translation_editor_submits_an_editors_translation_for_review(
    posted, good_practices, editor, moderator
):
    page = good_practice(good_practices, "Agree the rules", live=True)
    edit_url = f"/admin/pages/{draft_in_spanish(page).pk}/edit/"
    revisions = spanish(page).revisions.count()

    response = posted(editor, edit_url, {"action": "publish"})

    assert response.status_code == 302
    translation = spanish(page)
    assert not translation.live
    assert translation.revisions.count() == revisions + 1
    assert latest_author(translation) == editor
    assert translation.workflow_in_progress
    assert said(response, SUBMITTED)

    assert posted(moderator, edit_url, {"action": "publish"}).status_code == 302
    translation = spanish(page)
    assert translation.live
    assert translation.live_revision.user == moderator


def test_nobody_translates_a_page_they_may_not_edit(
    client, posted, good_practices, not_editable, editor
):
    page = good_practice(good_practices, "Agree the rules", live=True)
    client.force_login(editor)
    assert client.get(submit_url(page)).status_code == 200
    spanish(not_editable).delete()

    assert refused(client.get(submit_url(not_editable)))
    response = posted(editor, submit_url(not_editable), to_spanish())

    assert refused(response)
    assert not not_editable.get_translations().exists()


def test_nobody_syncs_a_page_they_may_not_edit(client, posted, not_editable, editor):
    translation = spanish(not_editable)
    live_revision = translation.live_revision
    client.force_login(editor)

    assert refused(client.get(sync_url(not_editable)))
    for data in ({"publish_translations": "on"}, {}):
        response = posted(editor, sync_url(not_editable), data)
        assert refused(response)

    translation = spanish(not_editable)
    assert translation.live_revision == live_revision
    assert not translation.revisions.filter(user=editor).exists()


def test_only_a_publisher_converts_a_draft_translation_to_a_live_alias(
    posted, good_practices, editor, moderator
):
    page = good_practice(good_practices, "Map the actors", live=True)
    url = f"/admin/localize/page/{draft_in_spanish(page).pk}/convert_to_alias/"

    assert refused(posted(editor, url, {}))
    assert not spanish(page).live

    assert posted(moderator, url, {}).status_code == 302
    assert spanish(page).live
