"""Fixtures shared by every suite: the site tree in both languages and people."""

import signal
import subprocess
import sys

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from intranet.factories import StandardPageFactory, UserFactory
from intranet.models import english_home
from intranet.task_worker import this_worker_id
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


@pytest.fixture
def database_tasks(settings):
    """Tasks queued in the database, as in production, for the worker to run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def run_worker():
    """Run the worker (`run_worker --batch`) until no task is ready; the test
    process keeps its own signal handlers (the worker installs its own for a
    clean stop)."""
    worker_signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {number: signal.getsignal(number) for number in worker_signals}

    def run():
        try:
            call_command(
                "run_worker", batch=True, startup_delay=False, interval=0, verbosity=0
            )
        finally:
            for number, handler in saved.items():
                signal.signal(number, handler)

    return run


@pytest.fixture
def dead_worker_id():
    """Make the id a worker of this machine had (as `run_worker` names its
    workers), whose process has ended since."""

    def make():
        ended = subprocess.Popen([sys.executable, "-c", "pass"])
        ended.wait()
        host = this_worker_id().rsplit(":", 2)[0]
        return f"{host}:{ended.pid}:ended"

    return make
