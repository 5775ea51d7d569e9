"""Response headers that every public response carries, and the per-request
memory of what the user may see."""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

from .access import access_cache


class SecurityHeadersMiddleware:
    """Content-Security-Policy on the site and in the admin (each its own), and
    no shared caching of anything shown to a logged-in person (it may be
    restricted)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            policy = settings.ADMIN_CONTENT_SECURITY_POLICY
        else:
            policy = settings.CONTENT_SECURITY_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
        return response


class AccessCacheMiddleware:
    """Work out what the user may not see once per request (see intranet.access)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with access_cache():
            return self.get_response(request)
