"""Routes that carry no language: machine-readable files."""

from django.urls import path

from intranet import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
