"""Template tags for the site-wide layout: menus and the language switcher."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Locale, Page, Site

from intranet.access import visible_pages_for
from intranet.taxonomy import topic_labels

register = template.Library()


def _localized_root(request):
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized.specific_deferred


@register.simple_tag(takes_context=True)
def home_page(context):
    """The home page in the active language (falls back to the default one)."""
    return _localized_root(context["request"])


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """Children of the home page shown in menus that the user may view."""
    request = context["request"]
    root = _localized_root(request)
    items = []
    if root is not None:
        children = root.get_children().filter(show_in_menus=True)
        items = list(visible_pages_for(request.user, children).specific(defer=True))
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else ""
    return {
        "request": request,
        "items": [
            {"page": item, "active": current_path.startswith(item.path)}
            for item in items
        ],
    }


def _translated_url(page, language_code, request):
    """URL of `page` in `language_code`, or of its nearest translated ancestor."""
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        return None
    candidates = [page, *page.get_ancestors(inclusive=False).reverse()]
    for candidate in candidates:
        if candidate.depth < 2:
            break
        translation = (
            candidate.get_translations(inclusive=True)
            .filter(locale=locale, live=True)
            .first()
        )
        if translation is not None:
            return translation.get_url(request)
    return None


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language, leading to the translation of what is on screen."""
    request = context["request"]
    page = context.get("page")
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = None
        if isinstance(page, Page):
            url = _translated_url(page, code, request)
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
