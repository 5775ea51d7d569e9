"""A page restricted to one group never shows through any channel to visitors or
outsiders; each test also checks that a group member does get it (so that an
empty answer means "hidden", not "broken")."""

import json

import pytest
from django.test import Client
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from intranet.factories import StandardPageFactory
from intranet.models import StandardPage
from intranet.translation import translate_page

pytestmark = pytest.mark.django_db

SECRET = "Insiders only"


@pytest.fixture
def people(restricted_page, make_user):
    """A visitor, an outsider (signed in, no group) and an insider."""
    visitor = Client()
    outsider = Client()
    outsider.force_login(make_user())
    insider = Client()
    insider.force_login(make_user(groups=[restricted_page.insiders]))
    return visitor, outsider, insider


@pytest.fixture
def published_secret(restricted_page):
    restricted_page.show_in_menus = True
    restricted_page.intro = "Quarterly dialogue on tailings"
    restricted_page.save_revision().publish()
    restricted_page.refresh_from_db()
    return restricted_page


def refused(response):
    return response.status_code in (302, 403, 404) and SECRET.encode() not in (
        response.content
    )


def test_the_page_itself(people, published_secret):
    visitor, outsider, insider = people
    url = published_secret.url
    assert refused(visitor.get(url))
    response = visitor.get(url)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")
    assert refused(outsider.get(url))
    assert SECRET in insider.get(url).content.decode()


def test_the_main_menu(people, published_secret, home):
    StandardPageFactory(parent=home, title="Open page", show_in_menus=True)
    visitor, outsider, insider = people
    for client in (visitor, outsider):
        html = client.get("/").content.decode()
        assert "Open page" in html
        assert SECRET not in html
        assert published_secret.url not in html
    assert SECRET in insider.get("/").content.decode()


@pytest.mark.parametrize("word", ["Insiders", "insiders", "tailings", "Insid"])
def test_search_results_and_suggestions(people, published_secret, home, word):
    open_page = StandardPageFactory(parent=home, title="Insiders open letter")
    open_page.save_revision().publish()
    visitor, outsider, insider = people
    for client in (visitor, outsider):
        html = client.get("/search/", {"q": word}).content.decode()
        assert SECRET not in html
        assert published_secret.url not in html
        json_answer = client.get("/search/", {"q": word, "format": "json"})
        if json_answer.status_code == 200:
            assert SECRET not in json_answer.content.decode()
        suggest = client.get("/search/suggest/", {"q": word})
        assert suggest.status_code == 200
        body = json.loads(suggest.content)
        assert SECRET not in json.dumps(body)
        assert published_secret.url not in json.dumps(body)

    if hasattr(StandardPage, "search_entry_data") and word == "Insiders":
        # The control: the same search does find what may be seen.
        assert SECRET in insider.get("/search/", {"q": word}).content.decode()
        assert (
            "Insiders open letter"
            in visitor.get("/search/", {"q": word}).content.decode()
        )


def test_the_spanish_translation(people, published_secret, spanish_home):
    spanish = translate_page(
        published_secret,
        "es",
        {SECRET: "Solo para miembros", "insiders": "miembros"},
    )
    assert PageViewRestriction.objects.filter(page=spanish).exists()
    visitor, outsider, insider = people
    url = spanish.url
    assert url.startswith("/es/")
    for client in (visitor, outsider):
        response = client.get(url)
        assert response.status_code in (302, 403, 404)
        assert b"Solo para miembros" not in response.content
        assert b"Solo para miembros" not in client.get("/es/").content
        suggest = client.get("/es/search/suggest/", {"q": "Solo"})
        assert b"Solo para miembros" not in suggest.content
    assert "Solo para miembros" in insider.get(url).content.decode()


def test_previews_of_drafts(people, published_secret):
    published_secret.title = "Insiders only, draft"
    published_secret.save_revision()
    visitor, outsider, _insider = people
    url = f"/admin/pages/{published_secret.pk}/view_draft/"
    for client in (visitor, outsider):
        response = client.get(url)
        assert response.status_code in (302, 403, 404)
        assert SECRET.encode() not in response.content
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]


def test_wagtail_password_view_does_not_open_a_group_restriction(
    people, published_secret
):
    restriction = PageViewRestriction.objects.get(page=published_secret)
    url = f"/_util/authenticate_with_password/{restriction.pk}/{published_secret.pk}/"
    visitor, outsider, _insider = people
    for client in (visitor, outsider):
        for password in ("", "password", "insiders"):
            response = client.post(
                url, {"password": password, "return_url": published_secret.url}
            )
            assert SECRET.encode() not in response.content
            after = client.get(published_secret.url)
            assert refused(after)


def test_redirects_lead_to_the_login_not_the_page(people, published_secret, home):
    Redirect.objects.create(
        old_path="/old-insiders", redirect_page=published_secret, is_permanent=False
    )
    visitor, outsider, insider = people
    for client in (visitor, outsider):
        response = client.get("/old-insiders/", follow=True)
        assert SECRET.encode() not in response.content
        assert response.status_code in (200, 403, 404)
        if response.status_code == 200:
            assert response.request["PATH_INFO"].endswith("/accounts/login/")
    assert SECRET in insider.get("/old-insiders/", follow=True).content.decode()
