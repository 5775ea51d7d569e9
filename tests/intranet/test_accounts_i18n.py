"""Logging in, out and resetting a password in the reader's language, and the
language switcher keeping what the reader filtered."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from intranet.factories import UserFactory
from resources.services import ensure_knowledge_indexes

pytestmark = pytest.mark.django_db

LANGUAGES = [("en", ""), ("es", "/es")]


def in_language(language, text):
    """`text` as the catalogue of `language` has it (the source text until a
    translator gets to it)."""
    with translation.override(language):
        return gettext(text)


def test_the_login_page_offers_the_sites_own_password_reset(client, spanish_home):
    spanish = client.get("/es/accounts/login/").content.decode()
    link = '<a href="/es/accounts/password/reset/">¿Olvidó su contraseña?</a>'
    assert link in spanish
    english = client.get("/accounts/login/").content.decode()
    link = '<a href="/accounts/password/reset/">Forgotten your password?</a>'
    assert link in english
    assert "/admin/" not in spanish.split("<main", 1)[1]


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_a_password_is_reset_in_the_language_it_was_asked_in(
    client, spanish_home, mailoutbox, language, prefix
):
    person = UserFactory(email="ana@example.org")

    form = client.get(f"{prefix}/accounts/password/reset/")
    assert form.status_code == 200
    html = form.content.decode()
    assert f'<html lang="{language}">' in html
    assert f'action="{prefix}/accounts/password/reset/"' in html
    assert in_language(language, "Reset your password") in html
    assert in_language(language, "Email") in html  # Django's own catalogue

    sent = client.post(f"{prefix}/accounts/password/reset/", {"email": person.email})
    assert sent.status_code == 302
    assert sent["Location"] == f"{prefix}/accounts/password/reset/sent/"
    done = client.get(sent["Location"]).content.decode()
    assert f'<html lang="{language}">' in done
    assert in_language(language, "Check your email") in done

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["ana@example.org"]
    assert email.subject == in_language(language, "Choose a new password for Minka")
    assert (
        in_language(
            language,
            "Someone asked to reset the password of your Minka account. To choose "
            "a new password, open this link:",
        )
        in email.body
    )
    link = re.search(
        rf"http://testserver({prefix}/accounts/password/reset/[^/\s]+/[^/\s]+/)",
        email.body,
    )
    assert link, email.body

    # The link leads to a form in the same language, which changes the password.
    opened = client.get(link.group(1))
    assert opened.status_code == 302
    assert opened["Location"].startswith(f"{prefix}/accounts/password/reset/")
    choose = client.get(opened["Location"]).content.decode()
    assert f'<html lang="{language}">' in choose
    assert in_language(language, "New password") in choose
    changed = client.post(
        opened["Location"],
        {"new_password1": "quechua-minka-2024", "new_password2": "quechua-minka-2024"},
    )
    assert changed["Location"] == f"{prefix}/accounts/password/reset/complete/"
    complete = client.get(changed["Location"]).content.decode()
    assert f'<html lang="{language}">' in complete
    assert f'href="{prefix}/accounts/login/"' in complete
    assert client.login(username=person.username, password="quechua-minka-2024")


def test_the_spanish_reset_pages_speak_spanish(client, spanish_home, mailoutbox):
    person = UserFactory()
    html = client.get("/es/accounts/password/reset/").content.decode()
    assert "Correo electrónico" in html and "Iniciar sesión" in html

    client.post("/es/accounts/password/reset/", {"email": person.email})
    path = re.search(r"http://testserver(\S+)", mailoutbox[0].body).group(1)
    choose = client.get(client.get(path)["Location"]).content.decode()
    assert "Contraseña nueva" in choose


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    client, spanish_home, mailoutbox
):
    response = client.post(
        "/es/accounts/password/reset/", {"email": "nobody@example.org"}
    )
    assert response["Location"] == "/es/accounts/password/reset/sent/"
    assert mailoutbox == []


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_a_spoilt_reset_link_says_so_and_offers_a_new_one(
    client, spanish_home, language, prefix
):
    response = client.get(f"{prefix}/accounts/password/reset/MQ/not-a-token/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert in_language(language, "Invalid password reset link") in html
    assert f'href="{prefix}/accounts/password/reset/"' in html
    assert "<form" not in html.split("<main", 1)[1]


def test_logging_out_returns_home_in_the_language_being_read(client, spanish_home):
    person = UserFactory()
    client.force_login(person)
    assert client.post("/es/accounts/logout/")["Location"] == "/es/"
    assert "_auth_user_id" not in client.session

    client.force_login(person)
    assert client.post("/accounts/logout/")["Location"] == "/"


def test_logging_in_without_a_destination_leads_home_in_that_language(
    client, spanish_home
):
    person = UserFactory()
    credentials = {"username": person.username, "password": "a-long-test-password"}
    assert client.post("/es/accounts/login/", credentials)["Location"] == "/es/"
    client.logout()
    assert client.post("/accounts/login/", credentials)["Location"] == "/"


def test_a_given_destination_still_wins_over_the_home_page(client, spanish_home):
    person = UserFactory()
    client.force_login(person)
    response = client.post("/es/accounts/logout/", {"next": "/es/search/"})
    assert response["Location"] == "/es/search/"
    client.force_login(person)
    response = client.post("/es/accounts/logout/", {"next": "https://evil.example/"})
    assert response["Location"] == "/es/"


def test_robots_txt_keeps_crawlers_out_of_the_accounts_pages_in_both_languages(
    client, db
):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /accounts/" in lines
    assert "Disallow: /es/accounts/" in lines


def test_switching_language_keeps_the_listing_filters(client, spanish_home):
    ensure_knowledge_indexes("en")
    ensure_knowledge_indexes("es")

    english = client.get("/case-studies/?topic=x&country=PE").content.decode()
    assert (
        '<a href="/es/casos/?topic=x&amp;country=PE" lang="es" hreflang="es">'
        in english
    )
    spanish = client.get("/es/casos/?topic=x&country=PE").content.decode()
    assert (
        '<a href="/case-studies/?topic=x&amp;country=PE" lang="en" hreflang="en">'
        in spanish
    )
    # Pages that are not Wagtail pages already carried it: it is not doubled.
    login = client.get("/es/accounts/login/?next=/es/casos/").content.decode()
    assert '<a href="/accounts/login/?next=/es/casos/" lang="en"' in login


def test_a_restricted_page_sends_each_reader_to_the_login_in_their_language(
    client, restricted_page, spanish_home
):
    from intranet.translation import translate_page

    spanish = translate_page(restricted_page, "es", {"Insiders only": "Solo socios"})

    english_login = client.get(restricted_page.url)["Location"]
    spanish_login = client.get(spanish.url)["Location"]

    assert english_login.startswith("/accounts/login/")
    assert spanish_login.startswith("/es/accounts/login/")
