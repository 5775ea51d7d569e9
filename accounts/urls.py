"""Two-step verification pages, under /accounts/two-factor/ in each language."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.manage, name="two_factor"),
    path("set-up/", views.setup, name="two_factor_setup"),
    path("verify/", views.verify, name="two_factor_verify"),
    path("recovery-codes/", views.new_recovery_codes, name="two_factor_recovery"),
    path("turn-off/", views.turn_off, name="two_factor_turn_off"),
]
