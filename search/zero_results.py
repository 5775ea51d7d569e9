"""The log of searches that found nothing: gaps in the knowledge base, read by
moderators in the admin (search.wagtail_hooks). No user identity is kept."""

from django.db.models import F
from wagtail.search.utils import normalise_query_string

from intranet.access import sees_group_restricted_content
from search.models import ZeroResultQuery


def record_zero_results(request):
    """Count a query that found nothing (no user identity is kept)."""
    text = normalise_query_string(request.query)[:200]
    if not text:
        return
    updated = ZeroResultQuery.objects.filter(
        query_text=text, locale=request.language
    ).update(count=F("count") + 1)
    if not updated:
        ZeroResultQuery.objects.get_or_create(query_text=text, locale=request.language)


def log_if_unanswered(user, request, total):
    """Record `request` when it found nothing and may be shown to moderators."""
    # The log is read by moderators of every community: a query typed by someone
    # who reads a community's restricted pages may echo them, so it is not kept.
    if (
        request.query
        and not request.filters
        and total == 0
        and not sees_group_restricted_content(user)
    ):
        record_zero_results(request)
