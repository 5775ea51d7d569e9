"""Password guessing and password-reset flooding are throttled (django-axes and
a cache counter): per account at one address, per address, never fooled by a
forged X-Forwarded-For, with a clear page in the reader's language."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.throttling import client_address
from intranet.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # the factories' password
ACCOUNT_LIMIT = 5  # AXES_FAILURE_LIMIT
ADDRESS_LIMIT = 20  # MINKA_LOGIN_FAILURES_PER_ADDRESS


def in_language(language, text):
    with translation.override(language):
        return gettext(text)


@pytest.fixture(autouse=True)
def fresh_counters():
    """Reset counters live in the cache, which outlives a test's transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(db):
    return UserFactory(username="ana", email="ana@example.org")


def log_in(client, url, username, password, address="198.51.100.7", **headers):
    return client.post(
        url,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def guess(client, url, username, times, address="198.51.100.7", **headers):
    for _ in range(times):
        response = log_in(client, url, username, "wrong-guess", address, **headers)
        assert response.status_code in (200, 429)
    return response


@pytest.mark.parametrize(
    ("language", "url"), [("en", "/accounts/login/"), ("es", "/es/accounts/login/")]
)
def test_the_site_login_locks_an_account_after_five_wrong_passwords(
    client, spanish_home, person, language, url
):
    for _ in range(ACCOUNT_LIMIT - 1):
        assert log_in(client, url, "ana", "wrong-guess").status_code == 200

    locked = log_in(client, url, "ana", "wrong-guess")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert f'<html lang="{language}">' in html
    assert in_language(language, "Too many attempts") in html
    with translation.override(language):
        minutes = translation.ngettext(
            "Try again in %(minutes)s minute.", "Try again in %(minutes)s minutes.", 15
        ) % {"minutes": 15}
    assert minutes in html
    assert 'class="site-header"' in html  # the site's own layout

    # Even the right password is refused until the cool-off.
    refused = log_in(client, url, "ana", PASSWORD)
    assert refused.status_code == 429
    assert not logged_in(client)


def test_case_and_spaces_do_not_make_a_new_account_to_guess(client, person, home):
    for username in ("ana", "ANA", " Ana ", "aNa", "ana "):
        log_in(client, "/accounts/login/", username, "wrong-guess")
    assert log_in(client, "/accounts/login/", "ana", PASSWORD).status_code == 429


def test_the_admin_login_is_locked_the_same_way(client, home):
    UserFactory(username="boss", is_superuser=True, is_staff=True)
    for _ in range(ACCOUNT_LIMIT - 1):
        assert log_in(client, "/admin/login/", "boss", "wrong-guess").status_code == 200
    locked = log_in(client, "/admin/login/", "boss", "wrong-guess")
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    assert log_in(client, "/admin/login/", "boss", PASSWORD).status_code == 429
    assert not logged_in(client)


def test_a_locked_account_still_logs_in_from_its_owners_own_address(
    client, person, home
):
    guess(client, "/accounts/login/", "ana", ACCOUNT_LIMIT, address="203.0.113.9")
    response = log_in(client, "/accounts/login/", "ana", PASSWORD, "198.51.100.20")
    assert response.status_code == 302
    assert logged_in(client)


def test_logging_in_forgives_the_accounts_own_typos_but_not_the_addresss(
    client, person, home
):
    for _ in range(2):
        guess(client, "/accounts/login/", "ana", ACCOUNT_LIMIT - 1)
        assert log_in(client, "/accounts/login/", "ana", PASSWORD).status_code == 302
        client.post("/accounts/logout/")

    # A sprayer's own account does not clear what they tried on others.
    UserFactory(username="mallory")
    for number in range(ADDRESS_LIMIT - 1):
        log_in(client, "/accounts/login/", f"guess{number}", "Winter2024!")
    assert log_in(client, "/accounts/login/", "mallory", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    assert log_in(client, "/accounts/login/", "guess0", "x").status_code == 429


def test_spraying_many_accounts_from_one_address_locks_the_address(client, home):
    victims = [UserFactory() for _ in range(3)]
    answers = [
        # A different name each time: no single account reaches its own limit.
        log_in(client, "/accounts/login/", f"guess{n}", "Winter2024!").status_code
        for n in range(ADDRESS_LIMIT)
    ]
    assert answers == [200] * (ADDRESS_LIMIT - 1) + [429]
    for victim in victims:
        response = log_in(client, "/accounts/login/", victim.username, PASSWORD)
        assert response.status_code == 429
    assert not logged_in(client)

    # Other addresses are not affected.
    other = log_in(
        client, "/accounts/login/", victims[0].username, PASSWORD, "192.0.2.1"
    )
    assert other.status_code == 302


def test_a_forged_forwarded_for_header_does_not_reset_the_count(client, person, home):
    for number in range(ACCOUNT_LIMIT):
        log_in(
            client,
            "/accounts/login/",
            "ana",
            "wrong-guess",
            HTTP_X_FORWARDED_FOR=f"10.9.8.{number}",
        )
    forged = log_in(
        client, "/accounts/login/", "ana", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert forged.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "198.51.100.7"
    }


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_only_the_address_it_appended_counts(
    client, person, home
):
    # The proxy (REMOTE_ADDR 10.0.0.2) appends the client's address; whatever
    # the client wrote to the left of it is ignored.
    for number in range(ACCOUNT_LIMIT):
        log_in(
            client,
            "/accounts/login/",
            "ana",
            "wrong-guess",
            "10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"10.9.8.{number}, 203.0.113.50",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.50"
    }
    forged = log_in(
        client,
        "/accounts/login/",
        "ana",
        PASSWORD,
        "10.0.0.2",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.50",
    )
    assert forged.status_code == 429
    # Another client behind the same proxy is its own address.
    other = log_in(
        client,
        "/accounts/login/",
        "ana",
        PASSWORD,
        "10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.51",
    )
    assert other.status_code == 302


def test_after_the_cool_off_the_right_password_logs_in(client, person, home):
    guess(client, "/accounts/login/", "ana", ACCOUNT_LIMIT)
    assert log_in(client, "/accounts/login/", "ana", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(client, "/accounts/login/", "ana", PASSWORD).status_code == 302
    assert logged_in(client)


def test_axes_reset_lifts_the_lock(client, person, home, capsys):
    guess(client, "/es/accounts/login/", "ana", ACCOUNT_LIMIT)
    assert log_in(client, "/es/accounts/login/", "ana", PASSWORD).status_code == 429

    call_command("axes_reset")

    response = log_in(client, "/es/accounts/login/", "ana", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/es/"


# --- Password reset ---------------------------------------------------------------


def ask_reset(client, url, email, address="198.51.100.7"):
    return client.post(url, {"email": email}, REMOTE_ADDR=address)


@pytest.mark.parametrize(
    ("language", "url"),
    [("en", "/accounts/password/reset/"), ("es", "/es/accounts/password/reset/")],
)
def test_password_resets_are_limited_per_email_address(
    client, spanish_home, person, mailoutbox, language, url
):
    for number in range(3):
        response = ask_reset(client, url, "ana@example.org", f"192.0.2.{number}")
        assert response.status_code == 302
    assert len(mailoutbox) == 3

    # Whatever address the next request comes from, and however it is spelt.
    limited = ask_reset(client, url, " Ana@Example.org ", "192.0.2.200")
    assert limited.status_code == 429
    html = limited.content.decode()
    assert f'<html lang="{language}">' in html
    assert in_language(language, "Too many attempts") in html
    assert len(mailoutbox) == 3


def test_password_resets_are_limited_per_address_and_tell_nothing_about_accounts(
    client, person, home, mailoutbox
):
    answers = []
    for number in range(10):
        email = "ana@example.org" if number == 0 else f"nobody{number}@example.org"
        answers.append(
            ask_reset(client, "/accounts/password/reset/", email).status_code
        )
    assert answers == [302] * 10
    assert len(mailoutbox) == 1

    known = ask_reset(client, "/accounts/password/reset/", "ana@example.org")
    unknown = ask_reset(client, "/accounts/password/reset/", "nobody@example.org")
    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content
    assert len(mailoutbox) == 1

    # Another address is still served.
    other = ask_reset(
        client, "/accounts/password/reset/", "ana@example.org", "192.0.2.9"
    )
    assert other.status_code == 302


def test_the_admin_password_reset_is_limited_too(client, person, home, mailoutbox):
    for _ in range(3):
        response = ask_reset(client, "/admin/password_reset/", "ana@example.org")
        assert response.status_code == 302
    limited = ask_reset(client, "/admin/password_reset/", "ana@example.org")
    assert limited.status_code == 429
    assert "Too many attempts" in limited.content.decode()
    assert len(mailoutbox) == 3


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "203.0.113.1", "192.0.2.1"),
        (0, "not-an-address", "", None),
        (2, "10.0.0.2", "1.1.1.1, 203.0.113.1, 10.0.0.1", "203.0.113.1"),
        # Fewer entries than trusted proxies: the header was not written by them.
        (2, "10.0.0.2", "203.0.113.1", "10.0.0.2"),
        (1, "10.0.0.2", "not-an-address", None),
    ],
)
def test_the_client_address_trusts_only_our_own_proxies(
    rf, proxies, remote, forwarded, expected
):
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_address(request) == expected
