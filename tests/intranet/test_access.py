"""The one access layer, and view restrictions kept on every translation."""

import pytest
from wagtail.models import Page, PageViewRestriction

from intranet.access import can_view_page, visible_pages_for
from intranet.translation import translate_page

pytestmark = pytest.mark.django_db


def test_restricted_page_is_hidden_from_visitors_and_outsiders(
    client, restricted_page, user, django_user_model
):
    from django.contrib.auth.models import AnonymousUser

    for person in (AnonymousUser(), user):
        assert not visible_pages_for(person).filter(pk=restricted_page.pk).exists()
        assert not can_view_page(person, restricted_page)

    client.force_login(user)
    assert client.get("/insiders/").status_code in (302, 403, 404)


def test_group_member_sees_the_restricted_page_and_loses_it_at_once(
    client, restricted_page, user
):
    user.groups.add(restricted_page.insiders)
    assert visible_pages_for(user).filter(pk=restricted_page.pk).exists()
    client.force_login(user)
    assert client.get("/insiders/").status_code == 200

    user.groups.remove(restricted_page.insiders)
    assert not visible_pages_for(user).filter(pk=restricted_page.pk).exists()
    assert client.get("/insiders/").status_code != 200


def test_visible_pages_query_count_does_not_grow_with_restrictions(
    restricted_page, user, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        list(visible_pages_for(user))


def test_spanish_translation_inherits_the_restriction(
    client, restricted_page, spanish_home
):
    spanish = translate_page(restricted_page, "es", {"Insiders only": "Solo miembros"})
    restriction = spanish.view_restrictions.get()
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert list(restriction.groups.all()) == [restricted_page.insiders]
    assert client.get(spanish.url).status_code != 200


def test_a_restriction_added_later_reaches_existing_translations(home, spanish_home):
    english = Page.objects.get(pk=home.pk)
    from intranet.factories import StandardPageFactory

    page = StandardPageFactory(parent=english, title="Later", slug="later")
    spanish = translate_page(page, "es", {"Later": "Después"})
    assert not spanish.view_restrictions.exists()

    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert spanish.view_restrictions.get().restriction_type == "login"

    restriction.delete()
    assert not spanish.view_restrictions.exists()


def test_one_request_works_out_hidden_paths_once(
    restricted_page, user, django_assert_num_queries
):
    from intranet.access import access_cache, hidden_page_paths

    with access_cache():
        first = hidden_page_paths(user)
        with django_assert_num_queries(0):
            assert hidden_page_paths(user) == first
            assert not can_view_page(user, restricted_page)


def test_a_write_within_the_request_is_seen_at_once(restricted_page, user):
    from intranet.access import access_cache

    with access_cache():
        assert not can_view_page(user, restricted_page)
        user.groups.add(restricted_page.insiders)
        assert can_view_page(user, restricted_page)
        restricted_page.view_restrictions.first().groups.clear()
        assert not can_view_page(user, restricted_page)


def test_each_user_gets_their_own_answer_within_a_request(
    restricted_page, user, make_user
):
    from django.contrib.auth.models import AnonymousUser

    from intranet.access import access_cache

    insider = make_user(groups=[restricted_page.insiders])
    with access_cache():
        assert can_view_page(insider, restricted_page)
        assert not can_view_page(user, restricted_page)
        assert not can_view_page(AnonymousUser(), restricted_page)


def test_pages_remember_the_answer_for_one_request_only(client, restricted_page, user):
    restricted_page.show_in_menus = True
    restricted_page.save_revision().publish()
    client.force_login(user)

    def menu_lists_it():
        return "Insiders only" in client.get("/").content.decode()

    assert not menu_lists_it()
    user.groups.add(restricted_page.insiders)
    assert menu_lists_it()
    user.groups.remove(restricted_page.insiders)
    assert not menu_lists_it()
