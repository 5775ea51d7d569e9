"""Fixtures of the knowledge-base tests: the index pages in both languages."""

import pytest

from resources.services import ensure_knowledge_indexes


@pytest.fixture
def indexes(home):
    """English case study and good practice indexes and publications library."""
    return ensure_knowledge_indexes("en")


@pytest.fixture
def spanish_indexes(indexes):
    return ensure_knowledge_indexes("es")


@pytest.fixture(autouse=True)
def fresh_cache():
    """Wagtail caches renditions; a rendition of an earlier test's image (rolled
    back in the database) must not answer for this test's image of the same id."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
