"""Editors' picks (Wagtail search promotions) shown above the results."""

from django.db.models import Q
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from intranet.access import visible_pages_for

MAX_PROMOTIONS = 5


def promotions_for(user, request):
    """Editors' picks for this exact query that the user may see."""
    if not request.query:
        return []
    visible = visible_pages_for(user)
    if not request.all_languages:
        visible = visible.filter(locale__language_code=request.language)
    return list(
        SearchPromotion.objects.filter(
            query__query_string=normalise_query_string(request.query)[:255]
        )
        .filter(Q(page__isnull=True) | Q(page__in=visible.values("pk")))
        .select_related("page")
        .order_by("sort_order")[:MAX_PROMOTIONS]
    )
