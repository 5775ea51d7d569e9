"""Finding the page for an address in a few queries.

Wagtail walks the tree one level at a time (a query for each child and another for
its specific type) and asks for a page's view restrictions once per check. Here
the page is fetched by its `url_path` below the site's root in the reader's
language (the root paths come from Wagtail's cache), and what the reader does not
pass of its view restrictions is worked out once and kept on the page.
Whatever this shortcut cannot answer exactly (a page type with its own `route`, a
root translation that is not live, an address with no page) goes the way Wagtail goes.
"""

from django.db.models import F
from django.db.models.functions import Coalesce
from django.http.request import split_domain_port
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from .access import can_view_page, unmet_restrictions
from .caching import shared


def _root_path(site, language):
    """The `url_path` of `site`'s root page in `language`, if Wagtail knows it."""
    for root in Site.get_site_root_paths():
        if root.site_id == site.pk and root.language_code == language:
            return root.root_path
    return None


def find_site(request):
    """Wagtail's site for `request`, shared until sites change (Wagtail reads it
    from the database on every request)."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        request._wagtail_site = shared(
            "site",
            hostname,
            request.get_port(),
            compute=lambda: Site._find_for_request(request),
        )
    return request._wagtail_site


def route_by_path(request, path):
    """Wagtail's route for `request` at `path`, as a RouteResult, or None when only
    Wagtail's own walk down the tree can tell."""
    site = find_site(request)
    if site is None:
        return None
    root_path = _root_path(site, translation.get_language())
    if root_path is None:
        return None
    components = [component for component in path.split("/") if component]
    url_path = root_path + "".join(f"{component}/" for component in components)
    found = {
        page.url_path: page
        for page in Page.objects.filter(url_path__in={root_path, url_path})
    }
    root = found.get(root_path)
    page = found.get(url_path)
    if root is None or not root.live or root.specific_class.route is not Page.route:
        return None
    request.minka_home = root
    if page is None or page.specific_class.route is not Page.route:
        # Either no such page (Wagtail's walk answers 404 too), or a page
        # routing by itself: only the walk knows.
        return None
    if not page.live:
        return None
    page = page.specific
    keep_view_restrictions(page, request.user)
    return RouteResult(page)


def view_restrictions(page):
    """The view restrictions on `page` and its ancestors (an alias answers for
    its original), in one query."""
    ancestor_paths = [
        page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)
    ]
    sources = (
        Page.objects.filter(path__in=ancestor_paths)
        .annotate(source=Coalesce(F("alias_of_id"), F("id")))
        .values("source")
    )
    return PageViewRestriction.objects.filter(page_id__in=sources)


def keep_view_restrictions(page, user):
    """Work out once which of `page`'s view restrictions `user` does not pass.

    Wagtail's check and ours both ask the page for its restrictions, and Wagtail
    asks each group restriction for its groups and the user's: here the page
    answers with the unmet ones only. When the user may see the page (known from
    the access layer's answer, which the menu needs anyway) there are none, and
    no query is made; a password restriction is never met here, so Wagtail still
    asks for the password.
    """
    if page.alias_of_id is None and can_view_page(user, page):
        unmet = []
    else:
        unmet = unmet_restrictions(user, view_restrictions(page))
    page.unmet_view_restrictions = unmet
    # An instance attribute in front of the method: this page object lives for
    # one request, and what the user passes does not change within it.
    page.get_view_restrictions = lambda: unmet


def home_page_for(request):
    """The home page in the reader's language (the default one's when that
    language has none), read once per request."""
    if not hasattr(request, "minka_home"):
        site = find_site(request)
        request.minka_home = site.root_page.localized if site is not None else None
    return request.minka_home


def serve(request, path):
    """Wagtail's page view, with the page found by `route_by_path` when it can."""
    if not hasattr(request, "_wagtail_route_for_request"):
        result = route_by_path(request, path)
        if result is not None:
            request._wagtail_route_for_request = result
    return wagtail_views.serve(request, path)
