"""Template tags for the site-wide layout: menus, the language switcher, and
whether a reader may see what a block or page names."""

from django import template
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import Q
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page, Site

from intranet.access import can_view_media, hidden_page_paths
from intranet.access.rich_text import page_visible_to
from intranet.caching import shared
from intranet.models import SiteSettings
from intranet.routing import home_page_for
from intranet.taxonomy import topic_labels

register = template.Library()


@register.filter
def visible_to(target, user):
    """Whether `user` may see `target` (a page, document or image) named by a
    block or a page: `{% if value.page|visible_to:request.user %}`. Asks the
    request's cached answer of the access layer, never a query per item; no
    user known (no request in the context) counts as a visitor."""
    if not hasattr(user, "is_authenticated"):
        user = AnonymousUser()
    if target is None or target == "":
        return False
    if isinstance(target, Page):
        return page_visible_to(user, target)
    if hasattr(target, "collection_id"):
        return can_view_media(user, target)
    return False


@register.simple_tag(takes_context=True)
def home_page(context):
    """The home page in the active language (falls back to the default one)."""
    return home_page_for(context["request"])


def _menu_items(root, request):
    children = root.get_children().filter(show_in_menus=True, live=True)
    return [
        {"path": child.path, "title": child.title, "url": child.get_url(request)}
        for child in children
    ]


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """Children of the home page shown in menus that the user may view.

    The menu is the same for everyone until content changes (intranet.caching);
    what this user may not see is taken out of it afterwards.
    """
    request = context["request"]
    root = home_page_for(request)
    items = []
    if root is not None:
        site = Site.find_for_request(request)
        items = shared(
            "menu", site.pk, root.pk, compute=lambda: _menu_items(root, request)
        )
        hidden = hidden_page_paths(request.user)
        items = [
            item
            for item in items
            if not any(item["path"].startswith(path) for path in hidden)
        ]
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else ""
    return {
        "request": request,
        "items": [
            {**item, "active": current_path.startswith(item["path"])} for item in items
        ],
    }


def _translated_urls(page, request):
    """{language code: URL of `page` in that language, or of its nearest
    translated ancestor}, from one query over the translations of the page and
    its ancestors."""
    paths = [
        page.path[:end]
        for end in range(2 * page.steplen, len(page.path) + 1, page.steplen)
    ]
    keys = Page.objects.filter(path__in=paths).values("translation_key")
    rows = Page.objects.filter(translation_key__in=keys).select_related("locale")
    found = {}
    key_by_path = {page.path: page.translation_key}
    for row in rows:
        if row.path in paths:
            key_by_path[row.path] = row.translation_key
        if row.live:
            found[(row.translation_key, row.locale.language_code)] = row
    urls = {}
    for code, _name in settings.LANGUAGES:
        # Nearest first: the page, its parent, … up to the home page.
        for path in reversed(paths):
            translation = found.get((key_by_path.get(path), code))
            if translation is not None:
                urls[code] = translation.get_url(request)
                break
    return urls


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language, leading to the translation of what is on screen."""
    request = context["request"]
    page = context.get("page")
    current = get_language()
    translated = {}
    if isinstance(page, Page):
        site = Site.find_for_request(request)
        translated = shared(
            "translations",
            site.pk if site else None,
            page.pk,
            compute=lambda: _translated_urls(page, request),
        )
    links = []
    for code, _name in settings.LANGUAGES:
        url = translated.get(code)
        # A page's URL has no query string: filters and searches carry over.
        if url is not None and request.GET:
            url = f"{url}?{request.GET.urlencode()}"
        if url is None:
            url = translate_url(request.get_full_path(), code)
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "current": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def topic_label(context, tag):
    """The name of topic `tag` in the active language.

    The labels are read once per request and language, however many topics a
    page lists.
    """
    request = context.get("request")
    language = get_language()
    cache = getattr(request, "_topic_labels", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._topic_labels = cache
    if language not in cache:
        cache[language] = topic_labels(language)
    return cache[language].get(tag.name, tag.name)


@register.simple_tag(takes_context=True)
def site_settings(context):
    """The site's settings (convenor, contact), read once until they change."""
    site = Site.find_for_request(context["request"])
    if site is None:
        return None
    # Read, never created here: a page view writes nothing.
    return shared(
        "site-settings",
        site.pk,
        compute=lambda: SiteSettings.objects.filter(site=site).first() or "",
    )


@register.simple_tag(takes_context=True)
def opens_admin(context):
    """Whether the header offers the signed-in person a link to the admin (the
    admin checks for itself: this is only the link)."""
    user = context["request"].user
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.is_staff:
        return True
    # Kept for this person until content (groups, permissions) changes.
    return shared(
        "opens-admin",
        user.pk,
        compute=lambda: Permission.objects.filter(
            Q(user=user) | Q(group__user=user),
            content_type__app_label="wagtailadmin",
            codename="access_admin",
        ).exists(),
    )
