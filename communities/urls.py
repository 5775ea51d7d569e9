from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("communities/<slug:slug>/apply/", views.apply, name="apply"),
    path("communities/<slug:slug>/nominate/", views.nominate, name="nominate"),
    path(
        "communities/<slug:slug>/applications/",
        views.applications,
        name="applications",
    ),
]
