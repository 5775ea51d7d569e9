"""Response headers that every public response carries, the per-request
memory of what the user may see, and the visitors' page cache."""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseBadRequest, QueryDict
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from .access import access_cache, reading_as
from .access.admin_gate import admin_prefix
from .caching import content_version
from .params import int_param

PAGE_TIMEOUT = 10 * 60
# Never cached whole: the admin, media behind permission checks, sign-in forms.
NOT_CACHED = ("/documents/", "/media/", "/images/")


class SecurityHeadersMiddleware:
    """Content-Security-Policy on the site and in the admin (each its own), and
    no shared caching of anything shown to a logged-in person (it may be
    restricted)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(admin_prefix()):
            policy = settings.ADMIN_CONTENT_SECURITY_POLICY
        else:
            policy = settings.CONTENT_SECURITY_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
        return response


# Query parameters Wagtail's admin views and admin API read with int() or
# compare with an integer column, and the other values each may take.
ADMIN_INTEGER_PARAMETERS = {
    "p": (),
    "page": (),
    "offset": (),
    "limit": (),
    "content_type": (re.compile(r"[a-z0-9_]+\.[a-z0-9_]+"),),  # or app.model
    "user": (),
    "id": (re.compile(r"all"),),
    "childOf": (),
    "child_of": (re.compile(r"root"),),
    "descendant_of": (),
    "parent_page_id": (),
    "collection_id": (),
    "collection": (),
    "group": (),
    "owner": (),
    "site": (),
    "edited_by": (),
    "locked_by": (),
    "last_published_by": (),
    "workflow": (),
}
ADMIN_SEARCH_PARAMETERS = ("q", "search")


def _well_formed(value, alternatives):
    return (
        value == ""
        or int_param(value, minimum=0) is not None
        or any(pattern.fullmatch(value) for pattern in alternatives)
    )


def _safe_search(value):
    """`value` without what breaks Wagtail's database search backend: NUL
    characters (PostgreSQL refuses them) and an unbalanced double quote, which
    SQLite's FTS5 reads as an open string (modelsearch quotes each term without
    escaping the quotes inside it). None when nothing is left to search for."""
    value = value.replace("\x00", " ")
    if value.count('"') % 2:
        value = value.replace('"', " ")
    return value if value.strip() else None


class MalformedQueryMiddleware:
    """In the admin, a number Wagtail would parse that is not ASCII digits or
    is beyond a 64-bit column answers a short 400, and search strings that
    would break the database search backend are made safe: Wagtail's own views
    otherwise answer both with a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(admin_prefix()):
            for name, alternatives in ADMIN_INTEGER_PARAMETERS.items():
                for value in request.GET.getlist(name):
                    if not _well_formed(value, alternatives):
                        return self._refusal(request, name)
            if any(name in request.GET for name in ADMIN_SEARCH_PARAMETERS):
                request.GET = self._safe_query(request.GET)
        return self.get_response(request)

    @staticmethod
    def _refusal(request, name):
        # In the admin's language for this person, as Wagtail's views are.
        profile = getattr(request.user, "wagtail_userprofile", None)
        language = profile.get_preferred_language() if profile else None
        with translation.override(language or translation.get_language()):
            message = _("The parameter “%(name)s” is not a valid number.") % {
                "name": name
            }
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")

    @staticmethod
    def _safe_query(params):
        query = params.copy()
        for name in ADMIN_SEARCH_PARAMETERS:
            if name in query:
                values = [_safe_search(value) for value in query.getlist(name)]
                values = [value for value in values if value is not None]
                if values:
                    query.setlist(name, values)
                else:
                    del query[name]
        return QueryDict(query.urlencode())


class SessionRefreshMiddleware:
    """Move a signed-in session's expiry on at most every MINKA_SESSION_REFRESH
    seconds: the idle timeout holds to within that, and reading pages writes the
    session once every few minutes instead of on every request."""

    KEY = "minka_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        interval = settings.MINKA_SESSION_REFRESH
        session = getattr(request, "session", None)
        if interval and session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= interval:
                session[self.KEY] = now  # marks it modified: saved, expiry moved
        return response


class AccessCacheMiddleware:
    """Work out what the user may not see once per request, and render the
    response for that user (see intranet.access: `current_reader`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with access_cache(), reading_as(getattr(request, "user", None)):
            return self.get_response(request)


class AnonymousPageCacheMiddleware:
    """Whole responses for visitors, shared by every app server (with Redis).

    Only what a visitor without a session gets is stored: a signed-in person's
    response (a members area, "my communities", anything restricted) never is,
    nor one that sets a cookie, asks not to be cached, or is not a plain 200.
    Responses are kept under the content version (`intranet.caching`), so a
    publish or any other content write is seen on the next request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._may_use_cache(request):
            return self.get_response(request)
        key = self._key(request)
        response = cache.get(key)
        if response is not None:
            response["X-Minka-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._may_store(request, response):
            cache.set(key, response, PAGE_TIMEOUT)
        return response

    def _may_use_cache(self, request):
        return (
            settings.MINKA_PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and not request.path.startswith((admin_prefix(), *NOT_CACHED))
            and "/accounts/" not in request.path
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    def _key(self, request):
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        return ":".join(
            [
                "minka",
                "page",
                str(content_version()),
                request.get_host(),
                translation.get_language(),
                request.method,
                address,
            ]
        )

    def _may_store(self, request, response):
        user = getattr(request, "user", None)
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and (user is None or not user.is_authenticated)
            and "private" not in cache_control
            and "no-cache" not in cache_control
            and "no-store" not in cache_control
        )
