from django.urls import path

from . import views

app_name = "engagement"

urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/<int:pk>/", views.open_notification, name="open"),
    path("notifications/<int:pk>/read/", views.toggle_read, name="toggle_read"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="unsubscribe",
    ),
    path("communities/<slug:slug>/progress/", views.progress, name="progress"),
    path(
        "communities/<slug:slug>/progress/edit/",
        views.edit_progress,
        name="edit_progress",
    ),
]
