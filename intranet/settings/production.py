"""Production: everything from the environment, nothing insecure by default."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")

DEBUG = False
# Site administrators, reviewers and moderators verify a second factor for the admin.
MINKA_REQUIRE_2FA_FOR_STAFF = True

# --- HTTPS -----------------------------------------------------------------------

# Every request over TLS. Behind a proxy that terminates TLS, set BEHIND_TLS_PROXY
# so that its X-Forwarded-Proto is trusted (base.py): only then, or anyone could
# claim a request was secure.
SECURE_SSL_REDIRECT = True
# A year of HSTS for this host and its subdomains. "preload" only allows the
# domain on browsers' preload lists; submitting it there is a separate decision.
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# No page is framed by another site, nor by this one: Wagtail's preview panel
# sets SAMEORIGIN on its own responses.
X_FRAME_OPTIONS = "DENY"

# --- Sessions --------------------------------------------------------------------

# Signed out after 8 hours without activity: a request moves the expiry on, at
# most once every MINKA_SESSION_REFRESH seconds (SessionRefreshMiddleware), so
# that reading pages does not write the session on every request.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = False
MINKA_SESSION_REFRESH = 5 * 60
