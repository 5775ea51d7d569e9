"""The community pages' own admin URLs, included by the project's URLconf under
/admin/ before Wagtail's, which route the same paths to its own views."""

from django.urls import path

from . import privacy

urlpatterns = [
    # A members area's privacy follows its community: explained, not edited.
    path("pages/<int:page_id>/privacy/", privacy.set_privacy),
]
