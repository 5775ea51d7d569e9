"""Moderators read the searches that found nothing in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from intranet.roles import MODERATORS
from search.models import ZeroResultQuery

LIST_URL = "/admin/zero_result_queries/"


def _admin_user(make_user, group_name):
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return make_user(groups=[group])


def test_moderators_see_searches_without_results(client, home, make_user):
    ZeroResultQuery.objects.create(query_text="tailings dam", locale="en", count=3)
    client.force_login(_admin_user(make_user, MODERATORS))

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert b"tailings dam" in response.content


def test_the_log_is_read_only(client, home, make_user):
    row = ZeroResultQuery.objects.create(query_text="tailings dam", locale="en")
    client.force_login(_admin_user(make_user, MODERATORS))

    delete_url = reverse("zero_result_queries:delete", args=[row.pk])
    edit_url = reverse("zero_result_queries:edit", args=[row.pk])

    assert client.get(delete_url).status_code in (302, 403)
    assert client.post(delete_url).status_code in (302, 403)
    assert client.post(edit_url, {"query_text": "x", "locale": "en"}).status_code in (
        302,
        403,
    )
    row.refresh_from_db()
    assert row.query_text == "tailings dam"


@pytest.mark.parametrize(
    # Only the permission opens the log, not a group called "… Moderators".
    "group_name",
    ["Editors", "Reading Circle Moderators"],
)
def test_groups_without_the_permission_do_not_see_the_log(
    client, home, make_user, group_name
):
    ZeroResultQuery.objects.create(query_text="tailings dam", locale="en")
    client.force_login(_admin_user(make_user, group_name))

    response = client.get(LIST_URL)

    assert response.status_code in (302, 403)
    assert b"tailings dam" not in response.content


def test_the_migration_grants_the_moderators_group(db):
    moderators = Group.objects.get(name=MODERATORS)

    assert moderators.permissions.filter(codename="view_zeroresultquery").exists()
