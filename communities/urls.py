from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path(
        "communities/calendar/reset/",
        views.reset_calendar_token,
        name="reset_calendar_token",
    ),
    path(
        "communities/meetings/<int:pk>.ics",
        views.meeting_ics,
        name="meeting_ics",
    ),
    path("communities/<slug:slug>/apply/", views.apply, name="apply"),
    path("communities/<slug:slug>/nominate/", views.nominate, name="nominate"),
    path(
        "communities/<slug:slug>/applications/",
        views.applications,
        name="applications",
    ),
    path("communities/<slug:slug>/directory/", views.directory, name="directory"),
    path("communities/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path(
        "communities/<slug:slug>/dashboard.csv",
        views.dashboard_csv,
        name="dashboard_csv",
    ),
    path(
        "communities/<slug:slug>/ical/<str:token>/",
        views.ical_feed,
        name="ical",
    ),
]
