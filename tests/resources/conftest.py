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
