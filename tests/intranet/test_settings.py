"""Deploy-specific settings come from the environment (each case in a fresh process)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "name": str(settings.DATABASES["default"]["NAME"]),
    "host": settings.DATABASES["default"].get("HOST", ""),
    "search": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "search_urls": settings.WAGTAILSEARCH_BACKENDS["default"].get("URLS"),
    "cache": settings.CACHES["default"]["BACKEND"],
    "debug": settings.DEBUG,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "gravatar": settings.WAGTAIL_GRAVATAR_PROVIDER_URL,
}))
"""

DEPLOY_VARIABLES = (
    "DATABASE_URL",
    "ELASTICSEARCH_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
)


def read_settings(module="intranet.settings.production", **env):
    environment = {
        key: value for key, value in os.environ.items() if key not in DEPLOY_VARIABLES
    }
    environment.update(DJANGO_SETTINGS_MODULE=module, SECRET_KEY="x" * 50, **env)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_are_sqlite_database_search_and_local_memory_cache():
    found = read_settings()
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"] == str(ROOT / "db.sqlite3")
    assert found["search"] == "wagtail.search.backends.database"
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["debug"] is False
    assert found["gravatar"] is None


def test_database_url_selects_postgresql():
    found = read_settings(DATABASE_URL="postgres://minka:secret@db.internal:5433/minka")
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["name"] == "minka"
    assert found["host"] == "db.internal"


def test_elasticsearch_url_selects_the_elasticsearch_backend():
    found = read_settings(ELASTICSEARCH_URL="http://search.internal:9200")
    assert found["search"] == "wagtail.search.backends.elasticsearch9"
    assert found["search_urls"] == ["http://search.internal:9200"]


def test_redis_url_selects_the_redis_cache():
    found = read_settings(REDIS_URL="redis://127.0.0.1:6379/3")
    # Django's Redis cache, made to answer as an empty cache while Redis is down.
    assert found["cache"] == "intranet.cache_backends.ResilientRedisCache"


def test_allowed_hosts_is_a_comma_separated_list():
    found = read_settings(ALLOWED_HOSTS="minka.example.org, www.minka.example.org")
    assert found["allowed_hosts"] == ["minka.example.org", "www.minka.example.org"]


def test_production_refuses_to_start_without_a_secret_key():
    environment = {
        key: value for key, value in os.environ.items() if key not in DEPLOY_VARIABLES
    }
    environment["DJANGO_SETTINGS_MODULE"] = "intranet.settings.production"
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("module", ["dev", "test", "production"])
def test_every_settings_module_loads(module):
    found = read_settings(module=f"intranet.settings.{module}")
    assert found["engine"]
