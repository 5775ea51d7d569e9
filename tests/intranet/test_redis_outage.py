"""Redis is an optimisation, not a dependency.

With Redis unreachable (a closed port on this machine, no mock) every page is
served from the database and a publish goes through; sessions live in the
database, so nobody is signed out; and when Redis comes back, even from an older
snapshot, visitors get the current page. The real Redis is the one at
REDIS_OUTAGE_TEST_URL (default: database 9 on 127.0.0.1); the tests that need it
are skipped when none answers.
"""

import logging
import os
import socket
import threading

import pytest
import redis
from django.urls import reverse

from communities.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    MembershipFactory,
)
from communities.models import Membership
from intranet.caching import content_version, forget_content_version
from intranet.factories import StandardPageFactory, UserFactory
from intranet.models import ContentVersion
from resources.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory

REDIS_TEST_URL = os.environ.get("REDIS_OUTAGE_TEST_URL", "redis://127.0.0.1:6379/9")
# Nothing listens on port 1: connections are refused at once, as with a Redis
# that is stopped.
UNREACHABLE_URL = "redis://127.0.0.1:1/0"


def redis_cache_at(location):
    """The production cache settings (base.py with REDIS_URL), at `location`."""
    return {
        "default": {
            "BACKEND": "intranet.cache_backends.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "minka-tests",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 1,
                "RETRY_AFTER": 5,
            },
        }
    }


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_cache_at(UNREACHABLE_URL)
    settings.MINKA_PAGE_CACHE = True


@pytest.fixture
def real_redis(settings):
    """Redis database 9, emptied before and after; its raw client."""
    raw = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        raw.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"No Redis at {REDIS_TEST_URL}")
    raw.flushdb()
    settings.CACHES = redis_cache_at(REDIS_TEST_URL)
    settings.MINKA_PAGE_CACHE = True
    yield raw
    raw.flushdb()


@pytest.fixture
def pages(home):
    case_studies = CaseStudyIndexPageFactory(parent=home)
    case_study = CaseStudyPageFactory(
        parent=case_studies, title="Water tables in Cusco", slug="water"
    )
    community = CommunityPageFactory(
        parent=CommunityIndexPageFactory(parent=home), slug="lima"
    )
    member = UserFactory()
    MembershipFactory(
        community=community, role=Membership.Role.PLENARY, representatives=[member]
    )
    return {
        "home": home,
        "case_study": case_study,
        "members_area": community.members_area(),
        "member": member,
    }


def test_with_redis_down_every_kind_of_page_answers_and_a_publish_goes_through(
    client, pages, redis_down, django_user_model
):
    home, case_study = pages["home"], pages["case_study"]
    for _ in range(2):  # the second time too: nothing was stored, nothing is hit
        for url in (home.url, case_study.url, reverse("login")):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "X-Minka-Cache" not in response

    member = type(client)()
    member.force_login(pages["member"])
    members_area = member.get(pages["members_area"].url)
    assert members_area.status_code == 200
    assert pages["members_area"].title.encode() in members_area.content

    admin = type(client)()
    admin.force_login(
        django_user_model.objects.create_superuser("root", "root@example.org", "x")
    )
    assert admin.get("/admin/").status_code == 200

    case_study.title = "Water tables in Cusco, revisited"
    case_study.save_revision().publish()
    assert b"Water tables in Cusco, revisited" in client.get(case_study.url).content


def test_signing_in_works_with_redis_down(client, home, redis_down):
    person = UserFactory()
    credentials = {"username": person.username, "password": "a-long-test-password"}
    assert client.post("/accounts/login/", credentials)["Location"] == "/"
    assert client.session["_auth_user_id"] == str(person.pk)


def test_an_outage_is_logged_once_not_as_a_traceback_per_request(
    client, home, redis_down, caplog
):
    with caplog.at_level(logging.WARNING, logger="intranet.cache_backends"):
        for _ in range(10):
            assert client.get(home.url).status_code == 200
    outage = [r for r in caplog.records if r.name == "intranet.cache_backends"]
    assert len(outage) == 1
    assert "127.0.0.1:1" in outage[0].getMessage()
    assert outage[0].exc_info is None


@pytest.fixture
def hung_redis():
    """A port that accepts connections and never answers, as a Redis that hangs;
    the connections it accepted."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:  # closed: the test is over
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0", accepted
    listener.close()
    for connection in accepted:
        connection.close()


def test_a_hung_redis_costs_one_attempt_per_few_seconds_not_one_per_request(
    client, home, settings, hung_redis
):
    location, accepted = hung_redis
    hung = redis_cache_at(location)
    hung["default"]["OPTIONS"]["socket_timeout"] = 0.2  # a reply, given up on
    settings.CACHES = hung
    settings.MINKA_PAGE_CACHE = True
    for _ in range(5):
        assert client.get(home.url).status_code == 200
    # Each request asks the cache several times (the page, the menu, settings…).
    assert len(accepted) == 1


def test_a_member_stays_signed_in_across_an_outage(client, pages, real_redis, settings):
    client.force_login(pages["member"])
    url = pages["members_area"].url
    assert client.get(url).status_code == 200

    settings.CACHES = redis_cache_at(UNREACHABLE_URL)
    during = client.get(url)
    assert during.status_code == 200
    assert pages["members_area"].title.encode() in during.content

    settings.CACHES = redis_cache_at(REDIS_TEST_URL)
    after = client.get(url)
    assert after.status_code == 200
    assert after.wsgi_request.user == pages["member"]


def test_what_was_published_during_an_outage_is_seen_when_redis_returns(
    client, home, real_redis, settings
):
    page = StandardPageFactory(parent=home, title="Our story", slug="story")
    client.get(page.url)
    assert client.get(page.url)["X-Minka-Cache"] == "hit"

    settings.CACHES = redis_cache_at(UNREACHABLE_URL)
    page.title = "Our whole story"
    page.save_revision().publish()
    assert b"Our whole story" in client.get(page.url).content

    # Redis is back, still holding the page as it was before the outage.
    settings.CACHES = redis_cache_at(REDIS_TEST_URL)
    after = client.get(page.url)
    assert "X-Minka-Cache" not in after
    assert b"Our whole story" in after.content
    assert b"Our story<" not in after.content


def test_after_redis_restarts_from_an_older_snapshot_visitors_get_the_current_page(
    client, home, real_redis
):
    page = StandardPageFactory(parent=home, title="Our story", slug="story")
    client.get(page.url)
    assert client.get(page.url)["X-Minka-Cache"] == "hit"
    # The snapshot Redis will restart from: every key, as Redis persists it.
    snapshot = [(key, real_redis.dump(key)) for key in real_redis.scan_iter()]
    assert snapshot

    page.title = "Our whole story"
    page.save_revision().publish()
    assert b"Our whole story" in client.get(page.url).content
    page.unpublish()

    # Redis restarts from the older snapshot: the old page and fragments are back.
    real_redis.flushdb()
    for key, dumped in snapshot:
        real_redis.restore(key, 0, dumped)
    for reader in ("this process", "a process started after the restart"):
        if reader != "this process":
            forget_content_version()
        response = client.get(page.url)
        assert response.status_code == 404, reader
        assert b"Our story" not in response.content, reader


def test_the_content_version_never_goes_back_even_if_its_row_does(home):
    """A database restored from an older backup brings an older number back:
    the next write moves past every number handed out before it."""
    before = content_version()
    ContentVersion.objects.update(number=1)
    StandardPageFactory(parent=home)
    assert content_version() > before
