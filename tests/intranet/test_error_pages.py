"""404 and 500 pages in both languages."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from intranet import views

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "language", "heading"),
    [
        ("/no-such-page/", "en", "Page not found"),
        ("/es/no-such-page/", "es", "Página no encontrada"),
    ],
)
def test_not_found_page_speaks_the_visitors_language(
    client, spanish_home, url, language, heading
):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Something went wrong"), ("es", "Algo salió mal")],
)
def test_server_error_page_renders_without_a_database(language, text):
    request = RequestFactory().get(f"/{language}/")
    with translation.override(language):
        response = views.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert text in html
    assert f'<html lang="{language}">' in html


def test_an_exception_in_a_view_answers_with_the_500_page(client, monkeypatch, home):
    from intranet.models import HomePage

    def explode(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomePage, "serve", explode)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
