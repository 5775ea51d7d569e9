"""Several app servers: the production settings with every scale-out variable set
wire each part to a shared service, and nothing to an app server's own disk.

Loaded in a fresh process, as a deployment would; no service is contacted.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCALE_OUT = {
    "DJANGO_SETTINGS_MODULE": "intranet.settings.production",
    "SECRET_KEY": "scale-out-test-secret-key-not-used-anywhere",
    "ALLOWED_HOSTS": "minka.example.org",
    "DATABASE_URL": "postgres://minka:secret@db.internal:5432/minka",
    "ELASTICSEARCH_URL": "https://search.internal:9200",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "minka-media",
    "AWS_S3_ENDPOINT_URL": "https://objects.internal",
    "AWS_S3_REGION_NAME": "eu-west-1",
    "AWS_ACCESS_KEY_ID": "minka",
    "AWS_SECRET_ACCESS_KEY": "not-a-real-key",
    "EMAIL_HOST": "smtp.internal",
    "EMAIL_PORT": "587",
    "EMAIL_USE_TLS": "true",
    "BEHIND_TLS_PROXY": "true",
    "TRUSTED_PROXY_COUNT": "1",
}

PROBE = """
import json, logging, django
from django.conf import settings
django.setup()
from django.core.files.storage import storages
from django.core.cache import caches
from django.contrib.sessions.backends.base import SessionBase
from importlib import import_module
from django_tasks import task_backends

media = storages["default"]
handlers = [
    handler.__class__.__name__
    for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for handler in getattr(logger, "handlers", [])
]
print(json.dumps({
    "database": [settings.DATABASES["default"]["ENGINE"],
                 settings.DATABASES["default"]["HOST"]],
    "search": [settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
               settings.WAGTAILSEARCH_BACKENDS["default"].get("URLS")],
    "cache": [caches["default"].__class__.__name__,
              settings.CACHES["default"]["LOCATION"]],
    "page_cache": settings.MINKA_PAGE_CACHE,
    "sessions": settings.SESSION_ENGINE,
    "media": [media.__class__.__name__, media.bucket_name, media.endpoint_url,
              media.default_acl, media.querystring_auth],
    "tasks": task_backends["default"].__class__.__name__,
    "email": [settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT,
              settings.EMAIL_USE_TLS],
    "log_handlers": sorted(set(handlers)),
    "proxy_ssl_header": settings.SECURE_PROXY_SSL_HEADER,
}))
"""


def production_settings():
    env = {**os.environ, **SCALE_OUT}
    for name in ("DEBUG", "MEDIA_ROOT", "EMAIL_BACKEND"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_part_is_wired_to_a_shared_service_and_nothing_to_local_disk():
    wired = production_settings()

    assert wired["database"] == ["django.db.backends.postgresql", "db.internal"]
    assert wired["search"] == [
        "wagtail.search.backends.elasticsearch9",
        ["https://search.internal:9200"],
    ]
    # Redis through the backend that treats an outage as an empty cache.
    assert wired["cache"] == ["ResilientRedisCache", "redis://cache.internal:6379/0"]
    assert wired["page_cache"] is True
    # Sessions live in the database alone: any server answers, Redis or not.
    assert wired["sessions"] == "django.contrib.sessions.backends.db"
    # Media in a private S3-compatible bucket, reached only through signed URLs.
    assert wired["media"] == [
        "S3Storage",
        "minka-media",
        "https://objects.internal",
        "private",
        True,
    ]
    # Background work is queued in the database for separate `db_worker`s.
    assert wired["tasks"] == "DatabaseBackend"
    assert wired["email"] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.internal",
        587,
        True,
    ]
    # Logs go to the console (collected by the process manager), never a file.
    assert "FileHandler" not in " ".join(wired["log_handlers"])
    assert wired["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
