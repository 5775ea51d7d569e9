"""Settings shared by every environment; safe for production on their own.

Every deploy-specific value is read from the environment in the section below and
nowhere else. `.env.example` lists each variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


# --- Environment -----------------------------------------------------------------

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX = os.environ.get("ELASTICSEARCH_INDEX", "minka")
REDIS_URL = os.environ.get("REDIS_URL", "")
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Minka <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
# "local" keeps media on disk; "s3" uses an S3-compatible private bucket.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local")
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY") or None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
# Secure cookies unless DEBUG: the demo runs over plain http on 127.0.0.1.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = 31536000 if env_bool("SECURE_HSTS", False) else 0
# How many proxies of ours append to X-Forwarded-For in front of Django; 0 (the
# default) means the client address is the connection's own (REMOTE_ADDR).
try:
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or 0)
except ValueError:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be a whole number.") from None

# --- Applications ----------------------------------------------------------------

INSTALLED_APPS = [
    "intranet",
    "accounts",
    "communities",
    "resources",
    "search",
    "engagement",
    "demo",  # last of the project apps: it may import all of them
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",  # its catalogues name countries in Spanish
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "intranet.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Early: a visitor without a session is anonymous, and a stored page skips
    # the rest (it was stored with every header the rest adds).
    "intranet.middleware.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "intranet.reader_language.ReaderLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "intranet.middleware.SecurityHeadersMiddleware",
    "intranet.middleware.AccessCacheMiddleware",
    "intranet.audit.AuditContextMiddleware",
    "intranet.access.admin_gate.AdminScopeMiddleware",
    "intranet.middleware.MalformedQueryMiddleware",
    "intranet.access.enumeration.NoEnumerationMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "intranet.urls"
WSGI_APPLICATION = "intranet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "engagement.context_processors.notifications",
            ],
        },
    },
]

# --- Data ------------------------------------------------------------------------

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Visitors' pages are cached whole only in a cache every app server shares.
MINKA_PAGE_CACHE = bool(REDIS_URL)

if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down is an empty cache, not an error (intranet/cache_backends.py):
            # one quick attempt per worker every RETRY_AFTER seconds meanwhile.
            "BACKEND": "intranet.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "minka",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 1,
                "RETRY_AFTER": 5,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "minka",
        }
    }
# Sessions live in the database only (Django's default engine, one query by key
# per signed-in request): a Redis outage or restart never signs anyone out, and a
# session ended (signing out) cannot come back from a copy left in Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Seconds a thread trusts the content version it read (intranet.caching): how long
# other app servers may take to see a publish.
MINKA_CONTENT_VERSION_REFRESH = 1

# --- Authentication --------------------------------------------------------------

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL  # a URL name: resolved in the reader's language
# Password guessing is throttled by django-axes (see accounts/throttling.py).
AUTHENTICATION_BACKENDS = [
    "accounts.throttling.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "accounts.throttling.AccountAndAddressHandler"
# Two locks: an account from one address, and an address whatever the accounts.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = 5  # wrong passwords for one account from one address
MINKA_LOGIN_FAILURES_PER_ADDRESS = 20  # wrong passwords from one address
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_address"
AXES_USERNAME_CALLABLE = "accounts.throttling.normalised_username"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_ENABLE_ADMIN = False  # no Django admin: the records are read with axes_* commands
AXES_VERBOSE = False
MINKA_PASSWORD_RESET_WINDOW = timedelta(hours=1)
MINKA_PASSWORD_RESETS_PER_ADDRESS = 10
MINKA_PASSWORD_RESETS_PER_EMAIL = 3
# Two-step verification before any admin page for site administrators,
# reviewers and community moderators (on in production; see accounts/two_factor.py).
MINKA_REQUIRE_2FA_FOR_STAFF = False
# Seconds between two moves of a session's expiry (none: only when it changes).
MINKA_SESSION_REFRESH = None
OTP_TOTP_ISSUER = "Minka"

# --- Languages -------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Lima"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_URL = "/static/"
# Media is never served by URL prefix: documents and images go through
# permission-checking views, so MEDIA_URL points at a path no view answers.
MEDIA_URL = "/media-not-served/"

if MEDIA_STORAGE == "s3":
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "region_name": AWS_S3_REGION_NAME,
            "access_key": AWS_ACCESS_KEY_ID,
            "secret_key": AWS_SECRET_ACCESS_KEY,
            # A private bucket: files are reached only through the serve views.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "local":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'local' or 's3'.")

STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail ---------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Minka"
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_DOCUMENT_MODEL = "resources.Document"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "resources.forms.DocumentForm"
WAGTAILIMAGES_IMAGE_MODEL = "resources.Image"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_MODERATION_ENABLED = True
# Background work (Wagtail's own and ours): queued in the database, run by
# `manage.py run_worker` beside the web server (see intranet.task_worker).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_FINDERS = []
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
# No request leaves the site: the admin does not ask wagtail.org for new releases.
WAGTAIL_ENABLE_UPDATE_CHECK = False

if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": f"{ELASTICSEARCH_INDEX}_",
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database"},
    }

# --- Security --------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
)

# The public site runs under this policy; the Wagtail admin has its own needs.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'"
)
# The strictest policy Wagtail 8's admin works under (checked in Chromium on the
# dashboard, explorer, page and snippet editors, translation editor, preview,
# documents, image upload, choosers and reports): its form widgets and inline
# panels still initialise with inline scripts carrying per-field values (so no
# hashes), wagtail-localize's editor sets inline styles, and image uploads are
# previewed from blob: URLs. Nothing is loaded from, sent to or framed by
# another origin.
ADMIN_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' blob:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "minka": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
