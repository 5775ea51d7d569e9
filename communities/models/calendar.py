"""Calendar tokens: the secret in a person's calendar feed address."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _new_token():
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """A person's secret for calendar feeds: calendar apps cannot log in.

    The feed still checks membership on every request; resetting the token
    invalidates every copied feed address at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar token")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        return cls.objects.get_or_create(user=user)[0]

    def reset(self):
        self.token = _new_token()
        self.save()
