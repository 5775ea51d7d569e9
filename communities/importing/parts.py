"""What a page in a community's members area (a meeting, a work plan) shares."""

from ..models import CommunityPage
from .pages import TranslatedPageKind
from .references import check_community


class CommunityPartKind(TranslatedPageKind):
    """A page in a community's members area (a meeting, a work plan): found by
    its community (`community`: its slug, in every file of the page) and slug."""

    def label(self, item):
        return f"{self.noun} {item.locale}/{item.community}/{item.slug}"

    def planned_key(self, item, locale, slug):
        # Slugs are unique within a community's members area only.
        return (self.type, locale, f"{item.community}/{slug}")

    def community_in(self, item, locale):
        return CommunityPage.objects.filter(
            slug=item.community, locale__language_code=locale
        ).first()

    def find(self, item):
        community = self.community_in(item, item.locale)
        if community is None:
            return None
        return (
            self.model.objects.descendant_of(community)
            .filter(slug=item.slug)
            .order_by("pk")
            .first()
        )

    def find_source(self, item):
        for community in CommunityPage.objects.filter(slug=item.community).exclude(
            locale__language_code=item.locale
        ):
            page = (
                self.model.objects.descendant_of(community)
                .filter(slug=item.translation_of)
                .order_by("pk")
                .first()
            )
            if page is not None:
                return page
        return None

    def parent(self, item, run, locale):
        community = self.community_in(item, locale)
        area = community.members_area() if community is not None else None
        if area is None:
            raise ValueError(
                f"community '{item.community}' has no members area in {locale}"
            )
        return area

    def prepare(self, action, run):
        check_community(action.item, run)
        super().prepare(action, run)
