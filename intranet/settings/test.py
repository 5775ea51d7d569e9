"""Test runs: fast hashing, in-memory email, files in a temporary folder."""

import tempfile

from .base import *  # noqa: F403
from .base import os

SECRET_KEY = "test-only-not-secret-minka"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(
    prefix="minka-media-"
)
STATIC_ROOT = tempfile.mkdtemp(prefix="minka-static-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "minka-tests",
    }
}
# One process, which sees its own writes at once: the version is read again only
# after a write, so query counts do not depend on how long a test takes.
MINKA_CONTENT_VERSION_REFRESH = None
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# Tasks run at once, inside the request, so a test sees their effect; the tests
# of the worker switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
