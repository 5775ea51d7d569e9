"""Local development: the embedded defaults (SQLite, database search, local files)."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, os

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-minka"
ALLOWED_HOSTS = ["*"]
# The demo is served over plain http on 127.0.0.1.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# Emails (application decisions, password resets) are printed on the console,
# unless EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
