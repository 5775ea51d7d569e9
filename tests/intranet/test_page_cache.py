"""Caching with Redis never leaks: only visitors' public pages are stored whole,
and a publish is seen at once.

Runs against the real Redis at REDIS_TEST_URL (default: database 5 on
127.0.0.1), skipped when none answers.
"""

import os

import pytest
import redis

from communities.factories import MembershipFactory
from intranet.factories import StandardPageFactory, UserFactory

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture
def redis_cache(settings):
    try:
        redis.Redis.from_url(REDIS_TEST_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"No Redis at {REDIS_TEST_URL}")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": "minka-tests",
        }
    }
    settings.MINKA_PAGE_CACHE = True
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def test_a_visitor_gets_the_public_page_from_the_cache_and_a_publish_is_seen(
    client, home, redis_cache
):
    page = StandardPageFactory(parent=home, title="Our story", slug="story")
    first = client.get(page.url)
    second = client.get(page.url)
    assert first.status_code == second.status_code == 200
    assert "X-Minka-Cache" not in first
    assert second["X-Minka-Cache"] == "hit"
    assert b"Our story" in second.content
    # A stored page carries every header a fresh one does.
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language"):
        assert second[header] == first[header]

    page.title = "Our whole story"
    page.save_revision().publish()
    after = client.get(page.url)
    assert "X-Minka-Cache" not in after
    assert b"Our whole story" in after.content


def test_a_restricted_page_fetched_by_a_member_is_never_served_to_a_visitor(
    client, restricted_page, make_user, redis_cache
):
    insider = make_user(groups=[restricted_page.insiders])
    member_client = type(client)()
    member_client.force_login(insider)
    for _ in range(2):
        seen = member_client.get(restricted_page.url)
        assert seen.status_code == 200
        assert b"Insiders only" in seen.content
        assert "X-Minka-Cache" not in seen

    for _ in range(2):
        response = client.get(restricted_page.url)
        assert response.status_code == 302
        assert b"Insiders only" not in response.content
        assert "X-Minka-Cache" not in response


def test_what_a_signed_in_person_sees_is_never_shared(
    client, home, redis_cache, settings
):
    from communities.factories import CommunityIndexPageFactory, CommunityPageFactory

    index = CommunityIndexPageFactory(parent=home)
    community = CommunityPageFactory(parent=index, title="Lima group", slug="lima")
    person = UserFactory(first_name="Rosa", last_name="Quispe")
    MembershipFactory(community=community, representatives=[person])
    member_client = type(client)()
    member_client.force_login(person)

    # The member's home page shows "my communities" and their name, twice over.
    for _ in range(2):
        mine = member_client.get(home.url)
        assert b"Rosa Quispe" in mine.content
        assert "X-Minka-Cache" not in mine
        assert "private" in mine["Cache-Control"]

    for _ in range(2):
        visitor = client.get(home.url)
        assert visitor.status_code == 200
        assert b"Rosa Quispe" not in visitor.content
    assert client.get(home.url)["X-Minka-Cache"] == "hit"

    # A signed-in person is never given the visitors' copy either.
    shared_copy = member_client.get(home.url)
    assert "X-Minka-Cache" not in shared_copy
    assert b"Rosa Quispe" in shared_copy.content


def test_a_visitor_with_a_session_is_not_served_from_the_cache(
    client, home, redis_cache, settings
):
    client.get(home.url)
    assert client.get(home.url)["X-Minka-Cache"] == "hit"
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-of-their-own"
    assert "X-Minka-Cache" not in client.get(home.url)
