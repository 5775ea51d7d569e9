"""Fixtures shared by every suite: the site tree in both languages and people."""

import pytest
from wagtail.models import PageViewRestriction

from intranet.factories import StandardPageFactory, UserFactory
from intranet.models import english_home
from intranet.translation import translate_page


@pytest.fixture
def home(db):
    """The English home page (created by the data migration)."""
    return english_home()


@pytest.fixture
def spanish_home(home):
    return translate_page(home, "es", {"Minka": "Minka"})


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def make_user(db):
    def make(**kwargs):
        groups = kwargs.pop("groups", ())
        person = UserFactory(**kwargs)
        person.groups.add(*groups)
        return person

    return make


@pytest.fixture
def restricted_page(home, django_user_model):
    """A page only the "Insiders" group may view."""
    from django.contrib.auth.models import Group

    insiders = Group.objects.create(name="Insiders")
    page = StandardPageFactory(parent=home, title="Insiders only", slug="insiders")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(insiders)
    page.insiders = insiders
    return page


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: shared fragments and cached pages
    never outlive the database rows they were made from."""
    from django.core.cache import cache

    from intranet.caching import forget_content_version

    cache.clear()
    forget_content_version()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request to a `/es/`
    address leaves Spanish active in the thread, which would otherwise carry
    over into the next test's emails and notifications."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
