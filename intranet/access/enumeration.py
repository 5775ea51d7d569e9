"""No guessing what a members area holds from how the site answers.

Wagtail answers a restricted page with the login redirect and a missing one with
404, so a visitor could try `/communities/lima/members/<slug>/` until a redirect
says a page is there; and a logged-in outsider got the same redirect again (as if
signing in would help). Documents behaved alike. Here, whether a page or document
exists never changes the answer:

- a visitor gets the login redirect for any address under a page they may not
  view (existing or not) and for any document address that is not served to them
  (`NoEnumerationMiddleware`);
- someone logged in who may not view it gets the site's 404, the same as for an
  address that leads nowhere (the `before_serve_page` and `before_serve_document`
  hooks below, which run before Wagtail's own restriction check).

Password restrictions keep Wagtail's password form. The admin's addresses are
not pages: there `intranet.admin_access` answers an object the person may not
meet exactly as Wagtail answers one that does not exist.
"""

import re

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from wagtail import hooks
from wagtail.models import Page, Site

from .admin_gate import admin_prefix
from .visibility import LOGIN_RESTRICTIONS, turned_away

DOCUMENT_ADDRESS = re.compile(r"^/documents/\d+/[^/]+/?$")
SLUG = re.compile(r"^[\w-]+$")
MAX_DEPTH = 32  # path segments looked at; deeper addresses are no pages
NOT_PAGES = ("/documents/", "/static/", "/media/", "/images/")


def login_redirect(request):
    """Wagtail's answer to a visitor at a restricted page, for any address."""
    response = redirect_to_login(
        request.get_full_path(), settings.WAGTAIL_FRONTEND_LOGIN_URL
    )
    add_never_cache_headers(response)
    return response


def nearest_page(request):
    """The deepest page whose address starts the requested one (None when the
    address cannot lead to a page of this site)."""
    path = request.path_info
    if path.startswith(NOT_PAGES) or request.path.startswith(admin_prefix()):
        return None
    language = translation.get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        path = path[len(language) + 1 :]
    segments = []
    for segment in path.strip("/").split("/")[:MAX_DEPTH]:
        if not SLUG.match(segment):
            break
        segments.append(segment)
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page.localized
    addresses = [
        root.url_path + "".join(f"{each}/" for each in segments[:length])
        for length in range(len(segments), -1, -1)
    ]
    return (
        Page.objects.filter(url_path__in=addresses, path__startswith=root.path)
        .order_by("-depth")
        .first()
    )


def hides_something(request):
    """Whether a 404 at this address might stand for something restricted."""
    if DOCUMENT_ADDRESS.match(request.path_info):
        return True
    page = nearest_page(request)
    return page is not None and turned_away(request.user, page.get_view_restrictions())


class NoEnumerationMiddleware:
    """A visitor's 404 under a restricted page, or at a document address, becomes
    the login redirect that an existing restricted page or document gives."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and not request.user.is_authenticated
            and hides_something(request)
        ):
            return login_redirect(request)
        return response


@hooks.register("before_serve_page", order=-1)
def hide_restricted_page(page, request, serve_args, serve_kwargs):
    """Logged in but not allowed: the 404 of a page that does not exist."""
    unmet = getattr(page, "unmet_view_restrictions", None)
    if unmet is not None:
        # Worked out by intranet.routing: what the user does not pass.
        if request.user.is_authenticated and any(
            restriction.restriction_type in LOGIN_RESTRICTIONS for restriction in unmet
        ):
            raise Http404
        return None
    if request.user.is_authenticated:
        if turned_away(request.user, page.get_view_restrictions()):
            raise Http404


@hooks.register("before_serve_document", order=-1)
def hide_restricted_document(document, request):
    """Logged in but not allowed: the 404 of a document that does not exist."""
    restrictions = document.collection.get_view_restrictions()
    if request.user.is_authenticated and turned_away(request.user, restrictions):
        raise Http404
