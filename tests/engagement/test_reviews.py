"""Case studies and good practices have an owner and a review date: owners are
reminded in their digest before it passes, editors find overdue ones in the
admin."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from intranet.factories import UserFactory
from intranet.roles import EDITORS
from resources.factories import (
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    GoodPracticeIndexPageFactory,
    GoodPracticePageFactory,
)

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/overdue-reviews/"


@pytest.fixture
def editor(db):
    person = UserFactory(username="lucia")
    person.groups.add(Group.objects.get(name=EDITORS))
    return person


@pytest.fixture
def knowledge(home, editor):
    today = timezone.localdate()
    cases = CaseStudyIndexPageFactory(parent=home)
    practices = GoodPracticeIndexPageFactory(parent=home)
    return {
        "overdue": CaseStudyPageFactory(
            parent=cases,
            title="Police and communities in Espinar",
            content_owner=editor,
            review_on=today - timedelta(days=3),
        ),
        "soon": GoodPracticePageFactory(
            parent=practices,
            title="Agree the working rules first",
            content_owner=editor,
            review_on=today + timedelta(days=10),
        ),
        "later": GoodPracticePageFactory(
            parent=practices,
            title="Invite the police early",
            content_owner=editor,
            review_on=today + timedelta(days=200),
        ),
        "draft": CaseStudyPageFactory(
            parent=cases,
            title="Unpublished study of Moquegua",
            live=False,
            review_on=today - timedelta(days=40),
        ),
    }


def test_owners_are_reminded_in_their_digest(knowledge, editor):
    out = StringIO()

    call_command("send_digests", "--dry-run", stdout=out)

    printed = out.getvalue().split(f"To: {editor.email}")[1].split("\n[")[0]
    assert "Your pages to review" in printed
    assert "Police and communities in Espinar" in printed
    assert "Agree the working rules first" in printed
    assert "Invite the police early" not in printed  # months away
    assert f"/admin/pages/{knowledge['overdue'].pk}/edit/" in printed


def test_editors_find_overdue_pages_in_the_admin(client, knowledge, editor):
    client.force_login(editor)

    report = client.get(REPORT)

    assert report.status_code == 200
    text = report.content.decode()
    assert "Police and communities in Espinar" in text
    assert "Unpublished study of Moquegua" in text  # a draft they may edit
    assert "Agree the working rules first" not in text  # not yet due
    results = client.get(REPORT + "results/")
    assert results.status_code == 200
    assert "Police and communities in Espinar" in results.content.decode()


def test_a_community_moderator_sees_no_one_elses_drafts(client, knowledge, moderator):
    client.force_login(moderator)

    report = client.get(REPORT)

    assert report.status_code == 200
    text = report.content.decode()
    assert "Police and communities in Espinar" in text  # public
    assert "Unpublished study of Moquegua" not in text


def test_people_without_the_admin_do_not_get_the_report(client, knowledge, outsider):
    assert client.get(REPORT).status_code == 302  # to the admin's login

    client.force_login(outsider)
    response = client.get(REPORT)

    assert response.status_code in (302, 403)
    assert "Espinar" not in response.content.decode()


def test_the_editor_sets_owner_and_date_in_the_editor(client, knowledge, editor):
    client.force_login(editor)

    form = client.get(f"/admin/pages/{knowledge['soon'].pk}/edit/").content.decode()

    assert 'name="content_owner"' in form
    assert 'name="review_on"' in form
