from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views import account as wagtailadmin_account
from wagtail.documents import urls as wagtaildocs_urls

from accounts.throttling import throttle_password_reset
from communities import privacy
from intranet import admin_views, routing, views

urlpatterns = [
    # Reports narrowed to what the viewer may see, in place of the originals.
    *admin_views.urlpatterns,
    # A members area's privacy follows its community: explained, not edited.
    *privacy.urlpatterns,
    # The admin's password reset, throttled like the site's.
    path(
        "admin/password_reset/",
        throttle_password_reset(wagtailadmin_account.PasswordResetView.as_view()),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("resources.urls_media")),
    path("", include("intranet.urls_nonlocalized")),
]

urlpatterns += i18n_patterns(
    # Signing in, out and resetting a password happen in the reader's language:
    # each page, link and email follows the URL's prefix, and both default
    # redirects lead to the home page in that language.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=False, next_page=views.home_in_reader_language
        ),
        name="login",
    ),
    path(
        "accounts/logout/",
        auth_views.LogoutView.as_view(next_page=views.home_in_reader_language),
        name="logout",
    ),
    path(
        "accounts/password/reset/",
        throttle_password_reset(
            auth_views.PasswordResetView.as_view(
                email_template_name="registration/password_reset_email.txt"
            )
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/two-factor/", include("accounts.urls")),
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
