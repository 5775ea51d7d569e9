"""What everyone shares, read once and kept in the cache until content changes.

Menus, the translations of a page, the site's settings and topic labels look the
same to every reader; they are kept under a content version that any page, site,
setting or label write moves on, so a publish is seen on the next request. Nothing
here depends on who is asking: what a user may see is narrowed afterwards (the menu
filters its cached items through `intranet.access`).

With Redis (`REDIS_URL`) every app server shares the cache and one version. With
the local-memory cache each process keeps its own: a write counts at once in the
process that made it, and within `LOCAL_TIMEOUT` seconds in the others.
"""

from django.conf import settings
from django.core.cache import cache
from wagtail.models import BaseLogEntry

VERSION_KEY = "minka:content-version"
SHARED_TIMEOUT = 60 * 60
LOCAL_TIMEOUT = 60


def _timeout():
    backend = settings.CACHES["default"]["BACKEND"]
    return LOCAL_TIMEOUT if backend.endswith("LocMemCache") else SHARED_TIMEOUT


def content_version():
    """The current content version (a number that only grows)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


# Writes that no page shows: sessions, login throttling, second factors, the task
# queue and the history of changes, and models that say so with
# `changes_no_shared_content = True` (one person's own records, such as their
# notifications). Any other write may change what a page shows.
UNSHOWN_APPS = frozenset(
    {"sessions", "axes", "otp_totp", "otp_static", "django_tasks_database"}
)


def content_changed(**kwargs):
    """Content that shared fragments or cached pages show has changed."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def _shown(model):
    return not (
        model._meta.app_label in UNSHOWN_APPS
        or issubclass(model, BaseLogEntry)
        or getattr(model, "changes_no_shared_content", False)
    )


def content_saved(sender, **kwargs):
    """Signal receiver (save, delete, many-to-many change, page moved)."""
    if "pk_set" in kwargs:
        # A many-to-many change: the relation's own table, and the two sides.
        related = (sender, kwargs.get("model"), type(kwargs.get("instance")))
        if all(_shown(model) for model in related if model is not None):
            content_changed()
    elif _shown(sender):
        content_changed()


def shared(name, *parts, compute):
    """The value of `compute()` for everyone, kept under `name` and `parts` until
    the content changes."""
    key = ":".join(["minka", "shared", str(content_version()), name, *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, _timeout())
    return value
