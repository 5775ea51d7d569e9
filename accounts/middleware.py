"""Sends a half-logged-in person (password given, second factor not yet) to the
verification page, and staff who must have a second factor to set it up (or
verify it in this session) before any admin page and any of the site's
moderator views (`intranet.access.stepup`)."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from intranet.access.admin_gate import admin_prefix
from intranet.access.stepup import is_moderator_power

from .two_factor import PENDING_SESSION_KEY, has_second_factor, requires_second_factor

# Pages a person may reach before giving their second factor.
OPEN_URL_NAMES = {
    "login",
    "logout",
    "two_factor_setup",
    "two_factor_verify",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "robots_txt",
}


def _send_to(url_name, request):
    url = reverse(url_name)
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


class SecondFactorMiddleware:
    """Needs django_otp's OTPMiddleware before it (it provides `is_verified`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_URL_NAMES:
            return None
        if request.session.get(PENDING_SESSION_KEY):
            return _send_to("two_factor_verify", request)
        guarded = request.path.startswith(admin_prefix()) or is_moderator_power(
            view_func
        )
        if guarded and requires_second_factor(user):
            if has_second_factor(user):
                return _send_to("two_factor_verify", request)
            return _send_to("two_factor_setup", request)
        return None
