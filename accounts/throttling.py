"""Throttling of password guessing and password-reset requests.

django-axes counts failed logins of every login form (the site's, in each
language, and the Wagtail admin's) through Django's own authentication signals.
Two locks apply (settings `AXES_LOCKOUT_PARAMETERS`):

- an account from one address, after `AXES_FAILURE_LIMIT` failures: stops
  guessing one person's password;
- an address, after `MINKA_LOGIN_FAILURES_PER_ADDRESS` failures on any accounts:
  stops spraying a common password over many accounts.

The address is the connection's own (REMOTE_ADDR), never a header the client
can write, unless `TRUSTED_PROXY_COUNT` says how many proxies of ours stand in
front and append to X-Forwarded-For.
"""

import ipaddress
import math
from functools import wraps

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.shortcuts import render
from django.utils.crypto import salted_hmac

LOCKED_OUT_TEMPLATE = "accounts/locked_out.html"


def client_address(request):
    """The address a request came from, as far as our own infrastructure can
    vouch for it."""
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        # Each trusted proxy appends the address it was reached from, so the
        # client is the last entry the outermost proxy wrote; entries further
        # left were written by the client and prove nothing.
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return None  # no address (Django's test client, scripts): one "none" bucket


def normalised_username(request, credentials):
    """One account, one count, whatever case or spaces the guesser types."""
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username", "")
    return str(username).strip().lower()


class AccountAndAddressHandler(AxesDatabaseHandler):
    """Axes' database handler with its own limit for each of the two locks."""

    def get_failures(self, request, credentials=None):
        per_account, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if per_address >= settings.MINKA_LOGIN_FAILURES_PER_ADDRESS:
            return max(per_account, settings.AXES_FAILURE_LIMIT)
        return per_account

    def user_logged_in(self, sender, request, user, **kwargs):
        """Forgive the account's own typos at this address once it logs in.

        Only that account's failures go (axes' AXES_RESET_ON_SUCCESS would also
        clear the address's count, letting a sprayer reset it by logging in to
        an account of their own)."""
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(
            username=user.get_username().strip().lower(),
            ip_address=request.axes_ip_address,
        ).delete()


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses any login while the account or the address is locked out.

    Authentication without a request (scripts, Django's test client) has no
    client to count, so only the password backends decide it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def _minutes(delta):
    return max(1, math.ceil(delta.total_seconds() / 60))


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out person sees, in their language (AXES_LOCKOUT_CALLABLE)."""
    return render(
        request,
        LOCKED_OUT_TEMPLATE,
        {"reason": "login", "minutes": _minutes(get_cool_off(request))},
        status=429,
    )


def _count(kind, value):
    """Add one request to `kind`/`value` in the current window; return the total."""
    digest = salted_hmac("minka.password-reset", f"{kind}:{value}").hexdigest()
    key = f"password-reset:{kind}:{digest}"
    window = int(settings.MINKA_PASSWORD_RESET_WINDOW.total_seconds())
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def throttle_password_reset(view):
    """Wrap a password-reset view: past a few requests per address or per email
    address in the window, answer with the lockout page instead of sending mail.

    Requests are counted whether or not the email address has an account, so
    the answer never tells which addresses do."""

    @wraps(view)
    def throttled(request, *args, **kwargs):
        if request.method == "POST":
            email = request.POST.get("email", "").strip().lower()
            per_address = _count("address", client_address(request))
            per_email = _count("email", email) if email else 0
            if (
                per_address > settings.MINKA_PASSWORD_RESETS_PER_ADDRESS
                or per_email > settings.MINKA_PASSWORD_RESETS_PER_EMAIL
            ):
                minutes = _minutes(settings.MINKA_PASSWORD_RESET_WINDOW)
                return render(
                    request,
                    LOCKED_OUT_TEMPLATE,
                    {"reason": "password_reset", "minutes": minutes},
                    status=429,
                )
        return view(request, *args, **kwargs)

    return throttled
