from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from communities import privacy
from intranet import admin_views, views

urlpatterns = [
    # Reports narrowed to what the viewer may see, in place of the originals.
    *admin_views.urlpatterns,
    # A members area's privacy follows its community: explained, not edited.
    *privacy.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("resources.urls_media")),
    path("", include("intranet.urls_nonlocalized")),
]

urlpatterns += i18n_patterns(
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=False),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("search/", include("search.urls")),
    path("", include("communities.urls")),
    path("", include("resources.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = views.page_not_found
handler500 = views.server_error
