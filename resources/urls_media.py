"""Routes without a language prefix: image files and the sitemap."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "images/<int:image_id>/<str:filter_spec>/<str:filename>",
        views.serve_image,
        name="resources_image",
    ),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
