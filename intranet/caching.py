"""What everyone shares, read once and kept in the cache until content changes.

Menus, the translations of a page, the site's settings and topic labels look the
same to every reader; they are kept under a content version that any page, site,
setting or label write moves on, so a publish is seen on the next request. Nothing
here depends on who is asking: what a user may see is narrowed afterwards (the menu
filters its cached items through `intranet.access`).

The content version is a database row (`ContentVersion`), moved on inside the
transaction of the write, so it is never lost in a Redis outage and never goes
back when Redis restarts from an older snapshot: whatever that snapshot holds is
under older versions, which no one asks for again. Each thread reads the row at
most once every `MINKA_CONTENT_VERSION_REFRESH` seconds (one query by primary key)
and at once after a write of its own: other app servers see a publish within that
time, the one that made it on its next request.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from wagtail.models import BaseLogEntry

from .models import ContentVersion

SHARED_TIMEOUT = 60 * 60

# Per thread: a number read inside one thread's transaction is that thread's own
# until it commits.
_known = threading.local()
# Set while `migrate` runs (in its own process).
_migrating = threading.Event()


def content_version():
    """The current content version (a number that only grows)."""
    refresh = settings.MINKA_CONTENT_VERSION_REFRESH
    now = time.monotonic()
    number = getattr(_known, "number", None)
    if number is None or (refresh is not None and now - _known.read_at >= refresh):
        _known.number, _known.read_at = ContentVersion.current(), now
    _known.moved_for = None  # read: the next write moves it on again
    return _known.number


def forget_content_version():
    """Read the content version from the database on the next request (tests
    call this when their database rolls back)."""
    _known.number = _known.moved_for = None


# Writes that no page shows: sessions, login throttling, second factors, the task
# queue and the history of changes, and models that say so with
# `changes_no_shared_content = True` (one person's own records, such as their
# notifications). Any other write may change what a page shows.
UNSHOWN_APPS = frozenset(
    {"sessions", "axes", "otp_totp", "otp_static", "django_tasks_database"}
)


def content_changed(origin=None, **kwargs):
    """Content that shared fragments or cached pages show has changed.

    `origin` is what a deletion was called on: one deletion of many rows sends a
    signal for each, and one move of the version covers them all (unless the
    version was read in between)."""
    if _migrating.is_set():
        return  # the version's table may not exist yet; moved on once at the end
    if origin is not None and origin is getattr(_known, "moved_for", None):
        return
    ContentVersion.move_on()
    forget_content_version()
    _known.moved_for = origin


def migration_started(**kwargs):
    """Signal receiver (pre_migrate): data migrations' writes wait for the end."""
    _migrating.set()


def migration_finished(using="default", **kwargs):
    """Signal receiver (post_migrate): what the migrations changed is seen."""
    _migrating.clear()
    connection = connections[using]
    # Not after migrating back to before the version's table existed.
    if ContentVersion._meta.db_table in connection.introspection.table_names():
        ContentVersion.move_on()
        forget_content_version()


def _shown(model):
    return not (
        model._meta.app_label in UNSHOWN_APPS
        or issubclass(model, BaseLogEntry)
        or getattr(model, "changes_no_shared_content", False)
    )


def content_saved(sender, **kwargs):
    """Signal receiver (save, delete, many-to-many change, page moved)."""
    if "pk_set" in kwargs:
        if not kwargs["action"].startswith("post_"):
            return  # moved on once the change is made, not also before
        # A many-to-many change: the relation's own table, and the two sides.
        related = (sender, kwargs.get("model"), type(kwargs.get("instance")))
        if all(_shown(model) for model in related if model is not None):
            content_changed()
    elif _shown(sender):
        content_changed(origin=kwargs.get("origin"))


def shared(name, *parts, compute):
    """The value of `compute()` for everyone, kept under `name` and `parts` until
    the content changes."""
    key = ":".join(["minka", "shared", str(content_version()), name, *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, SHARED_TIMEOUT)
    return value
