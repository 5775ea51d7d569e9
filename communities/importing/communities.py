"""Import kinds for the community index and the communities (with their
members area)."""

from django.utils.translation import gettext_lazy as _

from intranet.importing import (
    COMMUNITIES,
    CountryField,
    PageField,
    fold_name,
    register,
)
from intranet.importing.dates import read_day
from intranet.translation import translate_page

from ..models import (
    CommunityIndexPage,
    CommunityPage,
)
from ..services import delete_community_access, set_up_coordination
from .pages import (
    PAGE_KEYS,
    TranslatedPageKind,
    home_in,
    read_count,
    read_page_keys,
    read_sections,
    refuse_on_translation,
    rich_text,
)
from .references import read_country


@register
class CommunityIndexKind(TranslatedPageKind):
    """The page that lists the communities; its body is the introduction."""

    type = "community_index"
    noun = "community index"
    verbose_name = _("community index page")
    # Before the communities, which it holds.
    order = COMMUNITIES - 5
    keys = PAGE_KEYS | {"show_in_menus"}
    model = CommunityIndexPage
    fields = (PageField("intro"), PageField("show_in_menus"))
    shared = ("show_in_menus",)
    texts = ("intro",)

    def read(self, item):
        read_page_keys(item)
        refuse_on_translation(item, ["show_in_menus"])
        item.show_in_menus = item.flag("show_in_menus")
        item.intro = rich_text(item.markdown) or None
        if item.intro is None and not item.translation_of:
            item.intro = ""

    def parent(self, item, run, locale):
        return run.memo(("home", locale), lambda: home_in(locale))


def community_index_in(run, locale):
    """The community index page in `locale` (None if there is none)."""
    return run.memo(
        ("community index", locale),
        lambda: (
            CommunityIndexPage.objects.filter(locale__language_code=locale)
            .order_by("pk")
            .first()
        ),
    )


COMMUNITY_SECTIONS = {
    fold_name(heading): attribute
    for attribute, headings in {
        "purpose": (
            "Purpose",
            "Purpose and long-term objectives",
            "Propósito",
            "Propósito y objetivos de largo plazo",
            "Propósito y objetivos a largo plazo",
        ),
        "principles": ("Principles", "Principios"),
        "working_rules": ("Working rules", "Reglas de funcionamiento"),
        "management_levels": ("Management levels", "Niveles de gestión"),
    }.items()
    for heading in headings
}
COMMUNITY_FACTS = (
    "community_kind",
    "country",
    "founded_on",
    "confidentiality_rule",
    "meeting_duration_minutes",
)
COMMUNITY_TEXTS = ("region", "summary", "meeting_cadence")


class MembersAreaField(PageField):
    """The members area's title and slug, compared; written by the kind once
    the community exists (it is created with the community)."""

    def __init__(self):
        super().__init__("members_area", default=None)

    def current(self, page):
        area = page.members_area()
        return (area.title, area.slug) if area is not None else None

    def write(self, page, item, action):
        pass


@register
class CommunityKind(TranslatedPageKind):
    """A community page with its members area, groups, collection and minutes
    workflow (made with it by `communities.services.set_up_community`)."""

    type = "community"
    noun = "community"
    verbose_name = _("community")
    order = COMMUNITIES
    keys = PAGE_KEYS | {"kind", *COMMUNITY_FACTS[1:], *COMMUNITY_TEXTS, "members_area"}
    model = CommunityPage
    fields = (
        PageField("kind", source="community_kind"),
        CountryField("country"),
        PageField("founded_on"),
        PageField("confidentiality_rule"),
        PageField("meeting_duration_minutes"),
        *(PageField(name) for name in COMMUNITY_TEXTS),
        *(PageField(name) for name in dict.fromkeys(COMMUNITY_SECTIONS.values())),
        MembersAreaField(),
    )
    shared = COMMUNITY_FACTS
    texts = (*COMMUNITY_TEXTS, *dict.fromkeys(COMMUNITY_SECTIONS.values()))

    def read(self, item):
        read_page_keys(item)
        refuse_on_translation(item, ["kind", *COMMUNITY_FACTS[1:]])
        # `item.kind` is the import kind: the community's kind goes by another name.
        kind = CommunityPage._meta.get_field("kind")
        item.community_kind = item.choice("kind", kind, kind.default)
        rule = CommunityPage._meta.get_field("confidentiality_rule")
        item.confidentiality_rule = item.choice(
            "confidentiality_rule", rule, rule.default
        )
        item.country = read_country(item)
        item.founded_on = read_day(item, "founded_on")
        item.meeting_duration_minutes = read_count(item, "meeting_duration_minutes")
        for name in COMMUNITY_TEXTS:
            field = CommunityPage._meta.get_field(name)
            given = name in item.data or not item.translation_of
            value = item.text(name, max_length=field.max_length)
            setattr(item, name, value if given else None)
        read_sections(item, COMMUNITY_SECTIONS)
        if not item.translation_of:
            for name in dict.fromkeys(COMMUNITY_SECTIONS.values()):
                setattr(item, name, getattr(item, name) or "")
        item.members_area = None
        if "members_area" in item.data:
            area = item.data["members_area"]
            if not isinstance(area, dict) or set(area) != {"title", "slug"}:
                raise item.problem("members_area", "members_area needs title and slug")
            item.members_area = (str(area["title"]).strip(), str(area["slug"]).strip())

    def attributes_of(self, page):
        attributes = {
            name: getattr(page, name) for name in (*COMMUNITY_FACTS[1:], *self.texts)
        }
        attributes["community_kind"] = page.kind
        attributes["country"] = page.country.code or ""
        return attributes

    def values(self, item, action):
        values = super().values(item, action)
        if item.members_area is None:
            del values["members_area"]  # left as it is
        return values

    def remove(self, item):
        """The community's pages (and with them its memberships, meetings and
        work plans), groups, collection and workflow."""
        page = self.find(item)
        if page is None:
            return  # removed with its source or translation
        # Every translation holds the groups and collection they share.
        delete_community_access(page)
        for translation in page.get_translations(inclusive=True):
            translation.delete()

    def parent(self, item, run, locale):
        index = community_index_in(run, locale)
        if index is None:
            raise ValueError(f"there is no community index page in {locale}")
        return index

    def write(self, action, run):
        super().write(action, run)
        wanted = action.item.members_area
        if wanted is None:
            return
        page = action.existing
        area = page.members_area()
        if area is None and action.item.translation_of:
            original = self.source_of(action).members_area()
            strings = {original.title: wanted[0], original.slug: wanted[1]}
            area = translate_page(original, action.item.locale, strings)
        if area is not None and (area.title, area.slug) != wanted:
            area = area.get_latest_revision_as_object()
            area.title, area.slug = wanted
            area.draft_title = area.title
            area.save_revision().publish()
        # The coordination area of a members area translated just now.
        set_up_coordination(page)
