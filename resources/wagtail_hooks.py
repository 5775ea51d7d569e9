"""The knowledge base on the home page: the latest case studies and good practices."""

from django.utils.translation import get_language
from wagtail import hooks

from intranet.access import visible_pages_for
from intranet.models import HOME_PANELS_HOOK

from .models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    GoodPracticeIndexPage,
    GoodPracticePage,
)

LATEST = 3


def _latest(model, user, language):
    return list(
        visible_pages_for(user, model.objects.filter(locale__language_code=language))
        .order_by("-first_published_at", "-pk")
        .only("title", "url_path", "summary", "first_published_at", "locale")[:LATEST]
    )


def _index(model, user, language):
    return visible_pages_for(
        user, model.objects.filter(locale__language_code=language)
    ).first()


def _panel(request, model, index_model, kind):
    language = get_language()
    items = _latest(model, request.user, language)
    if not items:
        return None
    return (
        "resources/panels/latest.html",
        {
            "kind": kind,
            "items": items,
            "index": _index(index_model, request.user, language),
        },
    )


# What others already tried: shown to everyone, narrowed to what they may see.
@hooks.register(HOME_PANELS_HOOK)
def case_studies_panel(request):
    return _panel(request, CaseStudyPage, CaseStudyIndexPage, "case_studies")


@hooks.register(HOME_PANELS_HOOK)
def good_practices_panel(request):
    return _panel(request, GoodPracticePage, GoodPracticeIndexPage, "good_practices")
