"""Search fixtures: real pages in a real tree, described to the index.

Until a test needs a content app's own page types, `describe` writes an entry
for a real (standard) page through the same `store_entry` the signal handlers
use, so restrictions, locales, facets and ranking are exercised for real.
"""

import os

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from intranet.factories import StandardPageFactory
from intranet.search_entry import SearchEntryData
from search.engine import get_engine
from search.indexing import page_content_type, store_entry


@pytest.fixture(autouse=True)
def fresh_search_index(request):
    """Against a real Elasticsearch, every test starts from an empty index.

    The database backends live in the (rolled back) test database already.
    """
    if os.environ.get("ELASTICSEARCH_URL") and "db" in request.fixturenames:
        request.getfixturevalue("db")
        get_engine().reset()


def refresh_search_index():
    """Make just-indexed entries searchable (Elasticsearch refreshes lazily)."""
    get_engine().refresh()


def entry_data(title, **overrides):
    """A case study in English called `title`, unless `overrides` say otherwise."""
    defaults = {"kind": "case_study", "language": "en"}
    return SearchEntryData(**(defaults | overrides), title=title)


@pytest.fixture
def describe(home):
    """Make a real page under `parent` (default: home) and index it with `data`."""

    def make(title, parent=None, **data):
        page = StandardPageFactory(parent=parent or home, title=title)
        data = entry_data(title, **data)
        store_entry(
            page_content_type(),
            page.pk,
            data,
            locale=page.locale.language_code,
            url=page.get_url(),
            page_path=page.path,
        )
        refresh_search_index()
        return page

    return make


@pytest.fixture
def community_area(home):
    """A subtree only the "Cusco members" group may view, like a community's."""
    members = Group.objects.create(name="Cusco members")
    area = StandardPageFactory(parent=home, title="Cusco working group area")
    restriction = PageViewRestriction.objects.create(
        page=area, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    area.members = members
    return area
