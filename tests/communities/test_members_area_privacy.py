"""A members area's privacy follows the community's memberships: the admin's privacy
dialog explains it instead of changing it, and whatever else changes the restriction,
every language of the area ends restricted to the community's members and moderators.
"""

import pytest
from django.db import transaction
from wagtail.models import PageViewRestriction

from intranet.factories import StandardPageFactory
from intranet.translation import translate_page

pytestmark = pytest.mark.django_db

EXPLANATION = "only the community's members and moderators may view it"


@pytest.fixture
def area(community):
    return community.members_area()


@pytest.fixture
def spanish_area(spanish_home, community, area):
    translate_page(community.get_parent(), "es")
    translate_page(community, "es")
    return translate_page(area, "es")


def restriction_of(page):
    """The page's one restriction, as (type, password, group ids)."""
    (restriction,) = PageViewRestriction.objects.filter(page=page)
    groups = set(restriction.groups.values_list("pk", flat=True))
    return restriction.restriction_type, restriction.password, groups


def restriction_ids(*pages):
    restrictions = PageViewRestriction.objects.filter(page__in=pages).order_by("pk")
    return list(restrictions.values_list("pk", flat=True))


def community_rule(community):
    groups = {community.members_group_id, community.moderators_group_id}
    return PageViewRestriction.GROUPS, "", groups


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_privacy_dialog_explains_the_members_area_and_changes_nothing(
    client,
    community,
    area,
    spanish_area,
    moderator,
    member,
    language,
    method,
    django_capture_on_commit_callbacks,
):
    page = area if language == "en" else spanish_area
    before = restriction_ids(area, spanish_area)
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        send = getattr(client, method)
        response = send(
            f"/admin/pages/{page.pk}/privacy/", {"restriction_type": "none"}
        )

    assert response.status_code == 200
    html = response.json()["html"]
    assert EXPLANATION in html
    assert "<form" not in html
    assert "step" not in response.json()  # the dialog stays open on the text
    after = restriction_ids(area, spanish_area)
    assert after == before
    for translation in (area, spanish_area):
        assert restriction_of(translation) == community_rule(community)
    client.force_login(member)
    assert client.get(page.url).status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_privacy_dialog_post_as_on_the_demo(client, community, area, moderator, member):
    """Outside a test transaction each write commits at once, as on the demo."""
    client.force_login(moderator)

    response = client.post(
        f"/admin/pages/{area.pk}/privacy/", {"restriction_type": "none"}
    )

    assert response.status_code == 200
    assert restriction_of(area) == community_rule(community)
    client.force_login(member)
    assert client.get(area.url).status_code == 200


def delete(restriction, community):
    restriction.delete()


def protect_with_a_password(restriction, community):
    restriction.restriction_type = PageViewRestriction.PASSWORD
    restriction.password = "open sesame"
    restriction.save()


def clear_groups(restriction, community):
    restriction.groups.clear()


def take_out_of_the_members_group(restriction, community):
    community.members_group.pageviewrestriction_set.remove(restriction)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "change",
    [delete, protect_with_a_password, clear_groups, take_out_of_the_members_group],
)
def test_members_area_restriction_is_put_back_in_every_language(
    client, community, area, spanish_area, member, change, language
):
    """Each write commits at once (a shell, the admin): the check runs at once too.

    A test transaction would only queue the checks and run them one after the
    other, which is not how they run on a site.
    """
    page = area if language == "en" else spanish_area

    change(page.view_restrictions.get(), community)

    for translation in (area, spanish_area):
        assert restriction_of(translation) == community_rule(community)
    client.force_login(member)
    for translation in (area, spanish_area):
        assert client.get(translation.url).status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("language", ["en", "es"])
def test_members_area_restriction_deleted_in_a_transaction_is_put_back_on_commit(
    community, area, spanish_area, language
):
    page = area if language == "en" else spanish_area

    with transaction.atomic():
        page.view_restrictions.get().delete()
        assert not PageViewRestriction.objects.filter(page=page).exists()

    for translation in (area, spanish_area):
        assert restriction_of(translation) == community_rule(community)


def test_privacy_dialog_of_any_other_page_is_wagtails(
    client, home, spanish_home, admin_user
):
    page = StandardPageFactory(parent=home, title="Agenda", slug="agenda")
    spanish = translate_page(page, "es", {"Agenda": "Agenda"})
    client.force_login(admin_user)

    form = client.get(f"/admin/pages/{page.pk}/privacy/")
    response = client.post(
        f"/admin/pages/{page.pk}/privacy/", {"restriction_type": "login"}
    )

    assert form.json()["step"] == "set_privacy"
    assert "<form" in form.json()["html"]
    assert response.json() == {"step": "set_privacy_done", "is_public": False}
    assert restriction_of(page) == (PageViewRestriction.LOGIN, "", set())
    assert restriction_of(spanish) == (PageViewRestriction.LOGIN, "", set())
