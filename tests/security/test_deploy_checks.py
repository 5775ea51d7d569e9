"""Production settings pass Django's deployment checks with only the three
variables a deployment must set, and the admin runs under its own policy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_only_the_required_variables(tmp_path):
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "intranet.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "minka.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
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
