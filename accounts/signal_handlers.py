"""A person who has a second factor is asked for it after every login."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .two_factor import PENDING_SESSION_KEY, has_second_factor


@receiver(user_logged_in, dispatch_uid="accounts.second_factor_pending")
def ask_for_second_factor(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[PENDING_SESSION_KEY] = has_second_factor(user)
