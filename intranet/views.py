"""Site-wide views: error pages in the reader's language, and robots.txt."""

from django.conf import settings
from django.http import (
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import reverse_lazy
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .reader_language import UNPREFIXED

# Where signing in or out leads by default: the home page, reversed at each
# request under the language LocaleMiddleware took from the URL.
home_in_reader_language = reverse_lazy("wagtail_serve", args=[""])


def reader_language(request):
    """The language of the page the person asked for: `/es/…` is Spanish,
    any other path without a language prefix is in the default language, but
    documents and images answer in the reader's own (`intranet.reader_language`).

    This is what LocaleMiddleware activates for the request; reading it from the
    URL again keeps an error page right when the failure came before the
    middleware ran, or after something else changed the active translation.
    """
    language = translation.get_language_from_path(request.path_info)
    if language is None and request.path_info.startswith(UNPREFIXED):
        # Documents and images: the language ReaderLanguageMiddleware chose.
        language = getattr(request, "LANGUAGE_CODE", None)
    return language or settings.LANGUAGE_CODE


def _error_page(request, template_name, response_class, *, with_request=True):
    language = reader_language(request)
    with translation.override(language):
        template = loader.get_template(template_name)
        html = template.render({}, request if with_request else None)
    response = response_class(html)
    response.headers["Content-Language"] = language
    return response


def permission_denied(request, exception=None):
    """403 in the reader's language. The exception's message is for the logs,
    never for the page: it may name what the person may not see."""
    return _error_page(request, "403.html", HttpResponseForbidden)


def page_not_found(request, exception=None):
    """404 in the reader's language."""
    return _error_page(request, "404.html", HttpResponseNotFound)


def server_error(request):
    """500 in the reader's language, rendered without the request's context: the
    failure may lie in a context processor or the database."""
    return _error_page(request, "500.html", HttpResponseServerError, with_request=False)


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    # Sign-in and password pages exist in every language, each under its prefix.
    accounts = [
        "/accounts/" if code == settings.LANGUAGE_CODE else f"/{code}/accounts/"
        for code, _name in settings.LANGUAGES
    ]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Disallow: {path}" for path in accounts),
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
