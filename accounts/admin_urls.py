"""The admin's account pages that differ from Wagtail's, included by the
project's URLconf under /admin/ before Wagtail's own."""

from django.urls import path
from wagtail.admin.views import account as wagtailadmin_account

from .throttling import throttle_password_reset

urlpatterns = [
    # The admin's password reset, throttled like the site's.
    path(
        "password_reset/",
        throttle_password_reset(wagtailadmin_account.PasswordResetView.as_view()),
        name="wagtailadmin_password_reset",
    ),
]
