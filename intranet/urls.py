"""The project's URLconf. It imports no app: each app's URLs are included by
their dotted path, in the order they must be tried."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from intranet import admin_views, routing, views

urlpatterns = [
    # Reports narrowed to what the viewer may see, in place of the originals.
    *admin_views.urlpatterns,
    # Before the Wagtail admin's URLs, which route the same paths to its own
    # views: a members area's privacy dialog, the throttled password reset.
    path("admin/", include("communities.admin_urls")),
    path("admin/", include("accounts.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("resources.urls_media")),
    path("", include("intranet.urls_nonlocalized")),
]

urlpatterns += i18n_patterns(
    # Signing in and out, password reset and two-step verification, in the
    # reader's language.
    path("accounts/", include("accounts.urls")),
    path("search/", include("search.urls")),
    path("", include("engagement.urls")),
    path("", include("communities.urls")),
    path("", include("resources.urls")),
    # Wagtail's page view, finding the page in fewer queries (intranet.routing).
    re_path(r"^((?:[\w\-]+/)*)$", routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
