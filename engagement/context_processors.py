"""The header's link to the inbox, with its unread count."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .services import unread_count


def notifications(request):
    """`notifications_unread` for the header: counted only if a template shows
    it, in one query (see `services.unread_count`)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notifications_url": reverse("engagement:inbox"),
        "notifications_unread": SimpleLazyObject(lambda: unread_count(user)),
    }
