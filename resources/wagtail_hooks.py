"""The knowledge base on the home page: the latest case studies and good practices."""

from wagtail import hooks
from wagtail.models import Locale

from intranet.access import visible_pages_for
from intranet.models import HOME_PANELS_HOOK

from .pages import (
    CaseStudyIndexPage,
    CaseStudyPage,
    GoodPracticeIndexPage,
    GoodPracticePage,
)

LATEST = 3


def _latest(model, user, locale):
    return list(
        visible_pages_for(user, model.objects.filter(locale=locale))
        .order_by("-first_published_at", "-pk")
        .only("title", "url_path", "summary", "first_published_at", "locale")[:LATEST]
    )


def _index(model, user, locale):
    return visible_pages_for(user, model.objects.filter(locale=locale)).first()


def _panel(request, model, index_model, kind):
    locale = Locale.get_active()
    items = _latest(model, request.user, locale)
    if not items:
        return None
    return (
        "resources/panels/latest.html",
        {
            "kind": kind,
            "items": items,
            "index": _index(index_model, request.user, locale),
        },
    )


# What others already tried: shown to everyone, narrowed to what they may see.
@hooks.register(HOME_PANELS_HOOK)
def case_studies_panel(request):
    return _panel(request, CaseStudyPage, CaseStudyIndexPage, "case_studies")


@hooks.register(HOME_PANELS_HOOK)
def good_practices_panel(request):
    return _panel(request, GoodPracticePage, GoodPracticeIndexPage, "good_practices")
