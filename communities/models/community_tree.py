"""The community a page sits below, for the pages a community page lists.

A community page shows what lies below it (its members area, meetings, work
plans), so its module imports theirs; they in turn need their community. They
name its model by label, as Wagtail's `parent_page_types` and Django's lazy
foreign keys do, and so import nothing above them.
"""

from django.apps import apps

COMMUNITY_PAGE = "communities.CommunityPage"


def community_above(page, inclusive=False):
    """The community page `page` lies below (or is, with `inclusive`), or None."""
    community_page = apps.get_model(COMMUNITY_PAGE)
    return community_page.objects.ancestor_of(page, inclusive=inclusive).first()
