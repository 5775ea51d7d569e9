"""RSS and Atom feeds of the public case studies and good practices of a locale.

Feeds are read by aggregators without a session, so they list what an anonymous
visitor may see, whoever asks.
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from intranet.access import visible_pages_for

from .models import CaseStudyPage, GoodPracticePage

FEED_LENGTH = 30
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _published(page):
    return page.first_published_at or page.latest_revision_created_at or EPOCH


def public_knowledge_items(locale, limit=FEED_LENGTH):
    """The newest public case studies and good practices in `locale`."""
    items = []
    for model in (CaseStudyPage, GoodPracticePage):
        pages = (
            visible_pages_for(AnonymousUser(), model.objects.filter(locale=locale))
            .defer_streamfields()
            .order_by("-first_published_at")[:limit]
        )
        items.extend(pages)
    items.sort(key=_published, reverse=True)
    return items[:limit]


class KnowledgeFeed(Feed):
    title = _("Minka: case studies and good practices")
    description = _(
        "New experiences and good practices of the communities of learning on "
        "mining governance."
    )

    def link(self):
        return "/"

    def items(self):
        return public_knowledge_items(Locale.get_active())

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        # Relative to the site; the feed framework adds the domain.
        return item.get_url()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item._meta.verbose_name]


class KnowledgeAtomFeed(KnowledgeFeed):
    feed_type = Atom1Feed
    subtitle = KnowledgeFeed.description
