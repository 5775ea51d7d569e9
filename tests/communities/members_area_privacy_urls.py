"""The project's URLs with the members-area privacy dialog in front, as
intranet/urls.py is to include it."""

from communities.privacy import urlpatterns as privacy
from intranet.urls import handler404, handler500  # noqa: F401
from intranet.urls import urlpatterns as base

urlpatterns = privacy + base
