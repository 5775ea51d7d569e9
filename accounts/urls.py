"""Signing in and out, resetting a password and two-step verification, under
/accounts/ in each language.

They happen in the reader's language: each page, link and email follows the
URL's prefix, and both default redirects lead to the home page in that language.
"""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from intranet.views import home_in_reader_language

from . import views
from .throttling import throttle_password_reset

two_factor_patterns = [
    path("", views.manage, name="two_factor"),
    path("set-up/", views.setup, name="two_factor_setup"),
    path("verify/", views.verify, name="two_factor_verify"),
    path("recovery-codes/", views.new_recovery_codes, name="two_factor_recovery"),
    path("turn-off/", views.turn_off, name="two_factor_turn_off"),
]

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=False, next_page=home_in_reader_language
        ),
        name="login",
    ),
    path(
        "logout/",
        auth_views.LogoutView.as_view(next_page=home_in_reader_language),
        name="logout",
    ),
    path(
        "password/reset/",
        throttle_password_reset(
            auth_views.PasswordResetView.as_view(
                email_template_name="registration/password_reset_email.txt"
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("two-factor/", include(two_factor_patterns)),
]
