"""Response headers that every public response carries, the per-request
memory of what the user may see, and the visitors' page cache."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from .access import access_cache, reading_as
from .access.admin_gate import admin_prefix
from .caching import content_version

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
