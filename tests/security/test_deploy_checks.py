"""Production settings pass Django's deployment checks with only the three
variables a deployment must set, and the admin runs under its own policy."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hsts": [settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS],
    "cookies_secure": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "frames": settings.X_FRAME_OPTIONS,
    "session": [settings.SESSION_COOKIE_AGE, settings.MINKA_SESSION_REFRESH],
}))
"""


def production_environment(tmp_path, **extra):
    """Only what a deployment must set (and PATH), nothing from this shell."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "intranet.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "minka.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        **extra,
    }


def production_settings(tmp_path, **extra):
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=production_environment(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_is_https_only_with_an_idle_timeout(tmp_path):
    found = production_settings(tmp_path)
    assert found["ssl_redirect"] is True
    assert found["hsts"] == [365 * 24 * 60 * 60, True]
    assert found["cookies_secure"] == [True, True]
    assert found["frames"] == "DENY"
    assert found["session"] == [8 * 60 * 60, 5 * 60]
    # X-Forwarded-Proto is a header anyone can send: not trusted by default.
    assert found["proxy_header"] is None


def test_a_tls_terminating_proxy_is_trusted_only_when_said(tmp_path):
    found = production_settings(tmp_path, BEHIND_TLS_PROXY="true")
    assert found["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_check_deploy_is_clean_with_only_the_required_variables(tmp_path):
    environment = production_environment(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output


def _directives(policy):
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_the_admin_policy_loads_nothing_from_another_origin():
    directives = _directives(settings.ADMIN_CONTENT_SECURITY_POLICY)
    assert directives["default-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["frame-ancestors"] == "'self'"
    for sources in directives.values():
        assert "http" not in sources and "*" not in sources
        assert "'unsafe-eval'" not in sources


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/admin/"])
def test_admin_pages_carry_the_admin_policy(client, admin_user, path):
    client.force_login(admin_user)
    response = client.get(path)
    assert response["Content-Security-Policy"] == (
        settings.ADMIN_CONTENT_SECURITY_POLICY
    )
