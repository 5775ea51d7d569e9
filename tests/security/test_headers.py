"""Every HTML page type carries the strict CSP, the security headers, and markup
that needs nothing the policy forbids (no inline scripts, handlers or styles)."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from intranet.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    "/",
    "/es/",
    "/about/",
    "/search/",
    "/search/?q=mining",
    "/accounts/login/",
    "/es/accounts/login/",
    "/no-such-page/",
    "/es/no-such-page/",
]


@pytest.fixture
def site_pages(home, spanish_home):
    StandardPageFactory(parent=home, title="About us", slug="about", show_in_menus=True)


def policy_breaches(html):
    """What in `html` the Content-Security-Policy would block."""
    soup = BeautifulSoup(html, "lxml")
    breaches = []
    for script in soup.find_all("script"):
        data_only = script.get("type") in ("application/json", "application/ld+json")
        if not script.get("src") and not data_only:
            breaches.append(f"inline script: {script}"[:120])
    breaches.extend(
        f"<style> element: {style}"[:120] for style in soup.find_all("style")
    )
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                breaches.append(f"{element.name} has handler {name}")
            if name.lower() == "style":
                breaches.append(f"{element.name} has style={value!r}")
            if name in ("href", "src", "action") and str(
                value
            ).strip().lower().startswith("javascript:"):
                breaches.append(f"{element.name} has a javascript: URL")
    return breaches


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_visitor_pages_carry_the_policy_and_respect_it(client, site_pages, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    assert policy_breaches(response.content.decode()) == []


@pytest.mark.parametrize("path", ["/", "/about/", "/search/?q=mining", "/no-such/"])
def test_signed_in_pages_respect_the_policy_too(client, site_pages, user, path):
    client.force_login(user)
    response = client.get(path)
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert policy_breaches(response.content.decode()) == []


def test_the_policy_allows_nothing_inline_or_foreign():
    directives = dict(
        part.strip().split(" ", 1)
        for part in settings.CONTENT_SECURITY_POLICY.split(";")
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "frame-ancestors" in directives


def test_the_breach_finder_finds_breaches():
    html = (
        '<p style="color:red" onclick="x()">a</p><script>alert(1)</script>'
        '<style>p{}</style><a href="javascript:x()">b</a>'
        '<script type="application/json">{}</script><script src="/s.js"></script>'
    )
    assert len(policy_breaches(html)) == 5
