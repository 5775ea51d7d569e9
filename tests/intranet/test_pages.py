"""The home page, the layout and the language switcher, through real requests."""

import re

import pytest

from intranet.factories import StandardPageFactory
from intranet.translation import translate_page

pytestmark = pytest.mark.django_db


def test_home_admin_login_and_spanish_home_answer(client, spanish_home):
    assert client.get("/").status_code == 200
    assert client.get("/es/").status_code == 200
    assert client.get("/admin/login/").status_code == 200


def test_layout_has_landmarks_skip_link_and_search(client, home):
    html = client.get("/").content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    for landmark in ("<header", "<nav", "<footer"):
        assert landmark in html
    assert 'role="search"' in html
    assert re.search(r'<label[^>]+for="site-search-q"', html)


def test_site_icon_is_a_local_file(client, home):
    html = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    assert icon.startswith("/static/")
    from django.contrib.staticfiles import finders

    assert finders.find(icon.removeprefix("/static/"))


def test_no_request_leaves_the_site(client, home):
    html = client.get("/").content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert [url for url in external if "testserver" not in url] == []


def test_pages_are_served_under_a_strict_content_security_policy(client, home):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    html = response.content.decode()
    assert "<script>" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert " style=" not in html


def test_language_switcher_leads_to_the_spanish_translation(client, spanish_home, home):
    about = StandardPageFactory(parent=home, title="About us", slug="about")
    translate_page(about, "es", {"About us": "Quiénes somos", "about": "quienes-somos"})

    html = client.get("/about/").content.decode()
    link = re.search(r'<a href="([^"]+)" lang="es" hreflang="es"', html)
    assert link, "the English page offers no Spanish link"
    assert link.group(1) == "/es/quienes-somos/"

    spanish = client.get(link.group(1))
    assert spanish.status_code == 200
    body = spanish.content.decode()
    assert '<html lang="es">' in body
    assert "Quiénes somos" in body
    assert 'href="/about/" lang="en"' in body


def test_switcher_falls_back_to_the_nearest_translated_page(client, spanish_home, home):
    StandardPageFactory(parent=home, title="Only in English", slug="english-only")
    html = client.get("/english-only/").content.decode()
    assert 'href="/es/" lang="es"' in html


def test_login_and_logout(client, user):
    response = client.post(
        "/accounts/login/",
        {"username": user.username, "password": "a-long-test-password"},
    )
    assert response.status_code == 302
    assert user.username in client.get("/").content.decode()
    assert client.post("/accounts/logout/").status_code == 302


def test_wrong_password_re_renders_the_form_with_a_message(client, user):
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert (
        'class="form-errors' in response.content.decode()
        or response.context["form"].errors
    )


def test_pages_for_logged_in_people_are_never_shared_caches(client, user, home):
    client.force_login(user)
    response = client.get("/")
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
