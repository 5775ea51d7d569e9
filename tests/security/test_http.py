"""Caching, the admin, media, robots.txt, logout and CSRF."""

import pickle
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client

pytestmark = pytest.mark.django_db


def test_signed_in_responses_are_private_and_vary_on_the_cookie(client, home, user):
    client.force_login(user)
    response = client.get("/")
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert "private" in directives
    assert "public" not in directives
    assert "Cookie" in response["Vary"]


def test_a_restricted_page_never_lands_in_the_shared_cache(
    client, restricted_page, user
):
    cache = caches["default"]
    cache.clear()
    user.groups.add(restricted_page.insiders)
    client.force_login(user)
    response = client.get(restricted_page.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert (
        "max-age" not in response["Cache-Control"]
        or "max-age=0" in response["Cache-Control"]
    )

    # Django's cache (locmem in tests) holds nothing of the page.
    stored = b"".join(pickle.dumps(value) for value in cache._cache.values())
    assert b"Insiders only" not in stored

    visitor = Client()
    answer = visitor.get(restricted_page.url)
    assert b"Insiders only" not in answer.content


def test_the_admin_requires_a_login(client, home, user):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")

    client.force_login(user)  # signed in, but no admin access
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert b"Dashboard" not in response.content


def test_media_files_are_never_served_by_url(client, home):
    relative = Path("original_images") / "secret-map.png"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"\x89PNG\r\n\x1a\n")
    documents = Path(settings.MEDIA_ROOT) / "documents" / "minutes.pdf"
    documents.parent.mkdir(parents=True, exist_ok=True)
    documents.write_bytes(b"%PDF-1.4 minutes")

    for path in (
        f"{settings.MEDIA_URL}{relative.as_posix()}",
        f"{settings.MEDIA_URL}documents/minutes.pdf",
        f"/es{settings.MEDIA_URL}documents/minutes.pdf",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"%PDF" not in response.content


def test_robots_txt_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /admin/" in response.content.decode().splitlines()


def test_logout_needs_a_post(client, home, user):
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session

    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_enforces_csrf(home, user):
    browser = Client(enforce_csrf_checks=True)
    credentials = {"username": user.username, "password": "a-long-test-password"}
    assert browser.post("/accounts/login/", credentials).status_code == 403
    assert "_auth_user_id" not in browser.session

    form = browser.get("/accounts/login/")
    token = form.context["csrf_token"]
    response = browser.post(
        "/accounts/login/", {**credentials, "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(user.pk)
