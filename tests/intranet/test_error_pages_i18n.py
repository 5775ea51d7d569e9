"""403, 404 and 500 pages in the language of the URL, through real requests."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation

from communities.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    MembershipFactory,
)
from communities.models import Membership
from intranet.factories import UserFactory
from intranet.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def lima_moderator_at_cusco(client, home):
    """A moderator of Lima and plenary member of Cusco, logged in, who may not
    review Cusco's applications (someone outside Cusco would get its 404)."""
    index = CommunityIndexPageFactory(parent=home)
    lima = CommunityPageFactory(parent=index, title="Lima", slug="lima")
    cusco = CommunityPageFactory(parent=index, title="Cusco", slug="cusco")
    person = UserFactory()
    MembershipFactory(
        community=lima, role=Membership.Role.COORDINATION, representatives=[person]
    )
    MembershipFactory(
        community=cusco, role=Membership.Role.PLENARY, representatives=[person]
    )
    client.force_login(person)
    return client


def assert_strict_csp_markup(html):
    assert "<script>" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert " style=" not in html


@pytest.mark.parametrize(
    ("prefix", "language", "texts"),
    [
        (
            "",
            "en",
            [
                "Access denied",
                "Your account cannot see that page.",
                "Go to the home page",
            ],
        ),
        (
            "/es",
            "es",
            [
                "Su cuenta no puede ver esa página.",
                "Ir a la página de inicio",
                "Iniciar sesión",
            ],
        ),
    ],
)
def test_a_refusal_is_a_styled_page_in_the_readers_language(
    lima_moderator_at_cusco, spanish_home, prefix, language, texts
):
    path = f"{prefix}/communities/cusco/applications/"
    response = lima_moderator_at_cusco.get(path)
    assert response.status_code == 403
    assert response["Content-Language"] == language
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and 'class="error-page"' in html
    for text in texts:
        assert text in html
    assert f'href="{prefix}/accounts/login/?next={path}"' in html
    assert f'href="{prefix}/"' in html
    assert "Forbidden" not in html
    assert_strict_csp_markup(html)


@pytest.mark.parametrize(
    ("error", "status", "text"),
    [
        (PermissionDenied, 403, "Ir a la página de inicio"),
        (Http404, 404, "Página no encontrada"),
        (RuntimeError, 500, "Algo salió mal"),
    ],
)
def test_the_url_decides_the_language_whatever_translation_is_left_active(
    client, spanish_home, monkeypatch, error, status, text
):
    # Code that writes to people in their own language (activate, send, raise)
    # can leave another translation active when it fails.
    def fail_in_english(self, request, *args, **kwargs):
        translation.activate("en")
        raise error

    monkeypatch.setattr(HomePage, "serve", fail_in_english)
    client.raise_request_exception = False
    response = client.get("/es/")
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert text in html
    assert response["Content-Language"] == "es"


class FailBeforeLocaleMiddleware:
    """Stands for a failure before LocaleMiddleware picks the request's language
    (a session store that is down, say)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise RuntimeError("the session store is down")


@pytest.mark.parametrize(
    ("path", "language", "text"),
    [("/es/casos/", "es", "Algo salió mal"), ("/case-studies/", "en", "Something")],
)
def test_a_failure_before_the_language_is_known_answers_in_the_urls_language(
    client, settings, path, language, text
):
    settings.MIDDLEWARE = [
        f"{__name__}.FailBeforeLocaleMiddleware",
        *settings.MIDDLEWARE,
    ]
    client.raise_request_exception = False
    # The thread still holds the other language from its previous request.
    translation.activate("es" if language == "en" else "en")
    response = client.get(path)
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert text in html
