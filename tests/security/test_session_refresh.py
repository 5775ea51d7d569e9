"""The idle timeout moves on with use, without writing the session on every page."""

import pytest
from django.contrib.sessions.models import Session

from intranet.middleware import SessionRefreshMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshing(settings):
    settings.SESSION_COOKIE_AGE = 8 * 60 * 60
    settings.SESSION_SAVE_EVERY_REQUEST = False
    settings.MINKA_SESSION_REFRESH = 300


def stored(client):
    key = client.cookies["sessionid"].value
    return Session.objects.get(session_key=key)


def test_reading_pages_writes_the_session_once_per_interval(
    client, home, user, refreshing
):
    client.force_login(user)
    client.get(home.url)
    first = stored(client)
    assert SessionRefreshMiddleware.KEY in first.get_decoded()

    client.get(home.url)
    client.get(home.url)
    assert stored(client).expire_date == first.expire_date


def test_after_the_interval_the_expiry_moves_on(client, home, user, refreshing):
    client.force_login(user)
    client.get(home.url)
    session = client.session
    session[SessionRefreshMiddleware.KEY] -= 301
    session.save()
    before = stored(client).expire_date

    client.get(home.url)
    assert stored(client).expire_date > before


def test_a_visitor_gets_no_session(client, home, refreshing):
    client.get(home.url)
    assert "sessionid" not in client.cookies
    assert not Session.objects.exists()
