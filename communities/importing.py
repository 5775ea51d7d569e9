"""Import kinds of the communities: institutions, the community index,
communities with their members area, memberships, meetings and work plans.

Files refer to each other by keys a person can read and write: a community by
its slug, an institution by any of its names or acronyms, a person by username,
a meeting by its slug. What an item refers to must be in the import (planned
before it: kinds run in their `order`) or already on the site.
"""

import datetime
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.models import Locale

from intranet.importing import (
    COMMUNITIES,
    INSTITUTIONS,
    MEMBERSHIPS,
    Action,
    CountryField,
    Kind,
    PageField,
    PageKind,
    fold_name,
    register,
    split_sections,
    to_html,
)
from intranet.importing.dates import read_day, read_moment
from intranet.models import HomePage
from intranet.taxonomy import Pillar
from intranet.translation import translate_page

from .models import (
    Activity,
    AttributedNote,
    CommunityIndexPage,
    CommunityPage,
    Institution,
    MeetingPage,
    Membership,
    WorkPlanPage,
)
from .services import delete_community_access

INSTITUTION_NAME_FIELDS = (
    "name",
    "acronym",
    "name_en",
    "acronym_en",
    "name_es",
    "acronym_es",
)
INSTITUTION_TEXT_FIELDS = (*INSTITUTION_NAME_FIELDS, "website")


def read_country(item, key="country"):
    """An ISO country code, from the code or the English name; "" if absent."""
    value = item.text(key)
    if not value:
        return ""
    code = value.upper() if value.upper() in countries else countries.by_name(value)
    if not code:
        raise item.problem(key, f"unknown country '{value}'")
    return code


# --- What files refer to ------------------------------------------------------


def source_community(slug):
    """The community page with this slug in the language it was written in (the
    page written first: its translations' source), or None."""
    return CommunityPage.objects.filter(slug=slug).order_by("pk").first()


def check_community(item, run, key="community"):
    """The community the key names: its source page, or None when it is only
    planned in this (dry) run; refuse a community that is nowhere."""
    slug = item.community
    community = source_community(slug)
    if community is None and run.find_planned("community", slug) is None:
        raise item.problem(key, f"unknown community '{slug}'")
    return community


def _institution_names_in_database():
    """{folded name or acronym: institution} of the institutions on the site."""
    names = {}
    for institution in Institution.objects.order_by("pk"):
        for field in INSTITUTION_NAME_FIELDS:
            value = getattr(institution, field)
            if value:
                names.setdefault(fold_name(value), institution)
    return names


def _institution_names(run):
    """{folded name or acronym: institution, or the action that creates it}."""

    def index():
        names = _institution_names_in_database()
        for (type_code, _locale, _slug), action in run.planned.items():
            if type_code == InstitutionKind.type and action.verb == "create":
                for field in INSTITUTION_NAME_FIELDS:
                    if action.values[field]:
                        names.setdefault(fold_name(action.values[field]), action)
        return names

    return run.memo("institution names", index)


def check_institution(item, run, key, name):
    """The institution `name` (any of its names or acronyms) stands for: the
    institution, or the action planned to create it; refuse an unknown one."""
    found = _institution_names(run).get(fold_name(name))
    if found is None:
        raise item.problem(key, f"unknown institution '{name}'")
    return found


def written(found):
    """What `check_institution` found, once written: the institution."""
    return found.existing if isinstance(found, Action) else found


def check_people(item, run, key, usernames):
    """The accounts `usernames` name ({username: user or None when only planned});
    refuse one that is nowhere."""
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=usernames)
    }
    for username in usernames:
        if username not in users:
            if run.find_planned("person", username) is None:
                raise item.problem(key, f"unknown person '{username}'")
            users[username] = None
    return users


# --- Institutions -------------------------------------------------------------


@register
class InstitutionKind(Kind):
    """An institution, found again by its own name."""

    type = "institution"
    noun = "institution"
    verbose_name = _("institution")
    order = INSTITUTIONS
    keys = frozenset({*INSTITUTION_TEXT_FIELDS, "pillar", "country"})

    def label(self, item):
        return f"{self.noun} {item.slug}"

    def identity(self, item):
        return (self.type, item.slug)

    def read(self, item):
        item.values = {}
        for name in INSTITUTION_TEXT_FIELDS:
            field = Institution._meta.get_field(name)
            item.values[name] = item.text(
                name, required=name == "name", max_length=field.max_length
            )
        item.slug = item.title = item.values["name"]
        item.values["pillar"] = item.choice("pillar", Pillar)
        if not item.values["pillar"]:
            raise item.problem("pillar", "missing pillar")
        item.values["country"] = read_country(item)

    def plan(self, item, run):
        institution = Institution.objects.filter(name=item.slug).first()
        action = Action(item, existing=institution, values=item.values)
        if institution is not None:
            current = {key: getattr(institution, key) for key in item.values}
            current["country"] = institution.country.code or ""
            action.compare(current)
        return action

    def remove(self, item):
        Institution.objects.filter(name=item.slug).delete()

    def write(self, action, run):
        institution = action.existing or Institution()
        for key, value in action.values.items():
            setattr(institution, key, value)
        institution.full_clean(exclude=["logo"])
        institution.save()
        action.existing = institution


# --- Memberships --------------------------------------------------------------


@register
class MembershipKind(Kind):
    """An institution's membership of a community, with its representatives."""

    type = "membership"
    noun = "membership"
    verbose_name = _("membership")
    order = MEMBERSHIPS
    keys = frozenset(
        {
            "community",
            "institution",
            "role",
            "status",
            "start_date",
            "end_date",
            "representatives",
        }
    )

    def label(self, item):
        return f"{self.noun} {item.slug}"

    def identity(self, item):
        return (self.type, item.community, fold_name(item.institution))

    def read(self, item):
        item.community = item.slug_value("community")
        item.institution = item.text("institution", required=True)
        item.slug = f"{item.community}/{item.institution}"
        item.title = item.institution
        item.values = {
            "role": item.choice("role", Membership.Role, Membership.Role.PLENARY),
            "status": item.choice(
                "status", Membership.Status, Membership.Status.ACTIVE
            ),
            "start_date": read_day(item, "start_date"),
            "end_date": read_day(item, "end_date"),
        }
        item.representatives = item.words("representatives")

    def plan(self, item, run):
        community = check_community(item, run)
        institution = check_institution(item, run, "institution", item.institution)
        check_people(item, run, "representatives", item.representatives)
        action = Action(item, values=item.values)
        action.extra["institution"] = institution
        if community is None or isinstance(institution, Action):
            return action
        membership = Membership.objects.filter(
            community__translation_key=community.translation_key,
            institution=institution,
        ).first()
        action.existing = membership
        if membership is None:
            return action
        action.compare({key: getattr(membership, key) for key in item.values})
        held = set(membership.representatives.values_list("username", flat=True))
        if set(item.representatives) - held:
            action.changed.append("representatives")
            action.verb = "update"
        return action

    def remove(self, item):
        community = source_community(item.community)
        institution = _institution_names_in_database().get(fold_name(item.institution))
        if community is not None and institution is not None:
            Membership.objects.filter(
                community__translation_key=community.translation_key,
                institution=institution,
            ).delete()

    def write(self, action, run):
        item = action.item
        membership = action.existing
        if membership is None:
            membership = Membership(
                community=source_community(item.community),
                institution=written(action.extra["institution"]),
            )
        for key, value in action.values.items():
            setattr(membership, key, value)
        membership.save()
        users = get_user_model().objects.filter(username__in=item.representatives)
        # Added, never removed: representatives also come from the site's own
        # requests, which the file does not know of.
        membership.representatives.add(*users)
        action.existing = membership


# --- Pages --------------------------------------------------------------------

PAGE_KEYS = frozenset({"slug", "title", "locale", "translation_of"})


def read_page_keys(item):
    """The keys every page shares: title, slug, locale, translation_of."""
    item.title = item.text("title", required=True, max_length=255)
    item.slug = item.slug_value()
    item.locale = item.locale_value()
    item.translation_of = item.text("translation_of")


def refuse_on_translation(item, keys):
    """A translation shares its source's facts: it may not give them."""
    if item.translation_of:
        for key in keys:
            if key in item.data:
                raise item.problem(
                    key, f"a translation shares {key} with its source: leave it out"
                )


def read_lines(item, key):
    """A list of lines (or text with one per line) as text, one per line."""
    value = item.data.get(key)
    if isinstance(value, list):
        return "\n".join(item.words(key))
    return item.text(key)


def read_count(item, key):
    """A whole number of at least zero, or None."""
    value = item.data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise item.problem(key, f"bad {key} '{value}': give a whole number")
    return value


def read_sections(item, sections):
    """Fill the item's rich-text attributes from `## ` sections of the body;
    {heading folded: attribute}. Attributes without a section are None."""
    for attribute in set(sections.values()):
        setattr(item, attribute, None)
    lead, found = split_sections(item.markdown, item.markdown_line)
    if lead:
        raise item.problem_at(
            item.markdown_line, "text before the first ## heading belongs to none"
        )
    for heading, line, text in found:
        attribute = sections.get(fold_name(heading))
        if attribute is None:
            names = sorted({name.capitalize() for name in sections})
            raise item.problem_at(
                line, f"unknown section '{heading}' (one of: {', '.join(names)})"
            )
        if getattr(item, attribute) is not None:
            raise item.problem_at(line, f"section '{heading}' is given twice")
        setattr(item, attribute, rich_text(text))


def rich_text(markdown):
    """Markdown as rich text, its blocks joined as the editor joins them (no
    line break between `</p>` and `<p>`)."""
    return re.sub(r">\n+<", "><", to_html(markdown))


def home_in(language_code):
    """The home page in `language_code`: the English one, or its translation
    (made now if there is none yet)."""
    english = HomePage.objects.get(depth=2, locale__language_code="en")
    if language_code == "en":
        return english
    locale = Locale.objects.get(language_code=language_code)
    home = english.get_translation_or_none(locale)
    return (home or translate_page(english, language_code)).specific


class TranslatedPageKind(PageKind):
    """A page kind whose translations give only what they translate.

    `shared` names the attributes a translation always takes from its source
    (facts: a date, a country); `texts` those it may leave out, showing the
    source's text until someone translates it. Pages are written one by one so
    that what their creation sets off (a community's groups and members area,
    a meeting's notices) happens as when an editor publishes them.
    """

    shared = ()
    texts = ()

    def writes_in_bulk(self, action):
        return False

    def prepare(self, action, run):
        item = action.item
        if not item.translation_of:
            return
        source = self.source_attributes(item, run)
        if source is None:
            return  # reported by the planning of translations
        for name in self.shared:
            setattr(item, name, source[name])
        for name in self.texts:
            if getattr(item, name) is None:
                setattr(item, name, source[name])

    def planned_source(self, item, run):
        """The item a translation translates, when it is in this import."""
        for language, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            key = self.planned_key(item, language, item.translation_of)
            if language != item.locale and key in run.planned:
                return run.planned[key].item
        return None

    def source_attributes(self, item, run):
        source = self.planned_source(item, run)
        if source is not None:
            return {name: getattr(source, name) for name in (*self.shared, *self.texts)}
        page = self.find_source(item)
        if page is None:
            return None
        return self.attributes_of(page.get_latest_revision_as_object())

    def attributes_of(self, page):
        """The shared and text attributes of an item, as `page` holds them."""
        return {name: getattr(page, name) for name in (*self.shared, *self.texts)}


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


# Meetings and work plans come before the document library (a knowledge kind) in
# their members area, which lists its pages in the order they were made.
MEMBERS_AREA_PAGES = MEMBERSHIPS + 5  # below KNOWLEDGE


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


class AttendanceField(PageField):
    """The institutions present, compared by id."""

    def __init__(self):
        super().__init__("attended_by")

    def wanted(self, item, action):
        found = action.extra["attended_by"]
        return sorted(getattr(written(entry), "pk", None) or 0 for entry in found)

    def current(self, page):
        return sorted(institution.pk for institution in page.attended_by.all())

    def write(self, page, item, action):
        page.attended_by = [written(entry) for entry in action.extra["attended_by"]]


def _speaker(found):
    """How notes are compared: the speaking institution's id as text ("" for
    none, "new" for one only planned in a dry run)."""
    if found is None:
        return ""
    institution = written(found)
    return "new" if institution is None else str(institution.pk)


class NotesField(PageField):
    """Attributed notes (who said what), compared; written once the meeting
    has an id (see `MeetingKind.write`)."""

    def __init__(self):
        super().__init__("notes")

    def wanted(self, item, action):
        return sorted(
            (_speaker(found), name, text) for found, name, text in action.extra["notes"]
        )

    def current(self, page):
        notes = AttributedNote.objects.filter(meeting_id=page.pk).values_list(
            "speaker_institution_id", "speaker_name", "text"
        )
        return sorted(
            ("" if pk is None else str(pk), name, text) for pk, name, text in notes
        )

    def write(self, page, item, action):
        pass


MEETING_FACTS = ("starts_at", "duration_minutes", "venue", "attended_by")
DEFAULT_MEETING_MINUTES = 120


@register
class MeetingKind(CommunityPartKind):
    """A meeting in a community's members area: date, venue, attendance,
    agenda, guests, minutes (the body) and attributed notes."""

    type = "meeting"
    noun = "meeting"
    verbose_name = _("meeting")
    order = MEMBERS_AREA_PAGES
    keys = PAGE_KEYS | {"community", *MEETING_FACTS, "agenda", "guests", "notes"}
    model = MeetingPage
    fields = (
        PageField("starts_at"),
        PageField("duration_minutes"),
        PageField("venue"),
        AttendanceField(),
        PageField("agenda"),
        PageField("guests"),
        PageField("minutes"),
        NotesField(),
    )
    shared = MEETING_FACTS
    texts = ("agenda", "guests", "minutes")

    def read(self, item):
        read_page_keys(item)
        item.community = item.slug_value("community")
        refuse_on_translation(item, [*MEETING_FACTS, "notes"])
        item.starts_at = read_moment(
            item, "starts_at", required=not item.translation_of
        )
        item.duration_minutes = read_count(item, "duration_minutes")
        item.venue = item.text("venue", max_length=255)
        item.attended_by = item.words("attended_by")
        for name in ("agenda", "guests"):
            given = name in item.data or not item.translation_of
            setattr(item, name, read_lines(item, name) if given else None)
        item.minutes = rich_text(item.markdown)
        if not item.minutes and item.translation_of:
            item.minutes = None
        item.notes = []
        for entry in item.entries("notes"):
            unknown = set(entry) - {"speaker_institution", "speaker_name", "text"}
            if unknown or not str(entry.get("text") or "").strip():
                raise item.problem(
                    "notes",
                    "each note needs text, and a speaker_institution or speaker_name",
                )
            item.notes.append(
                (
                    str(entry.get("speaker_institution") or "").strip(),
                    str(entry.get("speaker_name") or "").strip(),
                    str(entry["text"]).strip(),
                )
            )

    def attributes_of(self, page):
        attributes = super().attributes_of(page)
        attributes["attended_by"] = [i.name for i in page.attended_by.all()]
        return attributes

    def prepare(self, action, run):
        super().prepare(action, run)
        item = action.item
        if item.duration_minutes is None:
            item.duration_minutes = self.community_duration(item, run)
        action.extra["attended_by"] = [
            check_institution(item, run, "attended_by", name)
            for name in item.attended_by
        ]
        action.extra["notes"] = [
            (
                check_institution(item, run, "notes", institution)
                if institution
                else None,
                name,
                text,
            )
            for institution, name, text in item.notes
        ]

    def values(self, item, action):
        values = super().values(item, action)
        if item.translation_of:
            del values["notes"]  # kept with the meeting's source
        return values

    def community_duration(self, item, run):
        """The fixed duration of the community's meetings (or two hours)."""
        community = source_community(item.community)
        if community is not None:
            return community.meeting_duration_minutes or DEFAULT_MEETING_MINUTES
        planned = run.find_planned(CommunityKind.type, item.community)
        minutes = planned.item.meeting_duration_minutes if planned else None
        return minutes or DEFAULT_MEETING_MINUTES

    def write(self, action, run):
        super().write(action, run)
        meeting = action.existing
        held = set(NotesField().current(meeting))
        for found, name, text in action.extra["notes"]:
            if (_speaker(found), name, text) not in held:
                AttributedNote.objects.create(
                    meeting=meeting,
                    speaker_institution=written(found) if found else None,
                    speaker_name=name,
                    text=text,
                )


SECTORS = tuple(
    name.removeprefix("participants_")
    for name in (field.name for field in Activity._meta.get_fields())
    if name.startswith("participants_")
)
ACTIVITY_KEYS = frozenset(
    {
        "title",
        "activity_type",
        "date",
        "status",
        "description",
        "participants",
        "assigned_institutions",
    }
)
TRANSLATED_ACTIVITY_KEYS = frozenset({"title", "description"})


def _activity_key(row, institution_ids):
    return (
        row.title,
        row.activity_type,
        row.date,
        row.status,
        row.description,
        tuple(getattr(row, f"participants_{sector}") for sector in SECTORS),
        tuple(sorted(institution_ids)),
    )


class ActivitiesField(PageField):
    """A work plan's activities, in order; rows already there are updated in
    place, so that a translation's rows keep their source's translation keys."""

    def __init__(self):
        super().__init__("activities")

    def wanted(self, item, action):
        return [
            _activity_key(
                Activity(**row["fields"]),
                [getattr(written(x), "pk", None) or 0 for x in row["institutions"]],
            )
            for row in action.extra["activities"]
        ]

    def current(self, page):
        return [
            _activity_key(row, [i.pk for i in row.assigned_institutions.all()])
            for row in page.activities.all()
        ]

    def write(self, page, item, action):
        rows = list(page.activities.all())
        for position, wanted in enumerate(action.extra["activities"]):
            if position == len(rows):
                rows.append(Activity(locale=page.locale))
            row = rows[position]
            for name, value in wanted["fields"].items():
                setattr(row, name, value)
            row.sort_order = position
            row.assigned_institutions = [written(x) for x in wanted["institutions"]]
        page.activities = rows[: len(action.extra["activities"])]


@register
class WorkPlanKind(CommunityPartKind):
    """A community's work plan: its period, objectives (the body) and
    activities; a translation gives each activity's title (and description)
    in the same order."""

    type = "work_plan"
    noun = "work plan"
    verbose_name = _("work plan")
    order = MEMBERS_AREA_PAGES
    keys = PAGE_KEYS | {"community", "starts_on", "ends_on", "activities"}
    model = WorkPlanPage
    fields = (
        PageField("starts_on"),
        PageField("ends_on"),
        PageField("objectives"),
        ActivitiesField(),
    )
    shared = ("starts_on", "ends_on")
    texts = ("objectives",)

    def read(self, item):
        read_page_keys(item)
        item.community = item.slug_value("community")
        refuse_on_translation(item, ["starts_on", "ends_on"])
        item.starts_on = read_day(item, "starts_on")
        item.ends_on = read_day(item, "ends_on")
        if not item.translation_of:
            for key in ("starts_on", "ends_on"):
                if getattr(item, key) is None:
                    raise item.problem(key, f"missing {key}")
            if item.ends_on < item.starts_on:
                raise item.problem("ends_on", "ends_on is before starts_on")
        item.objectives = rich_text(item.markdown)
        if not item.objectives and item.translation_of:
            item.objectives = None
        allowed = TRANSLATED_ACTIVITY_KEYS if item.translation_of else ACTIVITY_KEYS
        item.activities = []
        for entry in item.entries("activities"):
            unknown = sorted(set(entry) - allowed)
            if unknown:
                where = "a translated activity" if item.translation_of else "activity"
                raise item.problem(
                    "activities", f"unknown key '{unknown[0]}' in {where}"
                )
            item.activities.append(self.read_activity(item, entry))

    def read_activity(self, item, entry):
        title = str(entry.get("title") or "").strip()
        if not title:
            raise item.problem("activities", "an activity without a title")
        fields = {"title": title, "description": str(entry.get("description") or "")}
        if item.translation_of:
            return {"fields": fields, "institutions": []}
        for name in ("activity_type", "status"):
            field = Activity._meta.get_field(name)
            value = entry.get(name)
            fields[name] = (
                item.code("activities", str(value), field.choices, noun=name)
                if value
                else field.default
            )
        day = entry.get("date")
        if day is not None and not isinstance(day, datetime.date):
            try:
                day = datetime.date.fromisoformat(str(day))
            except ValueError:
                raise item.problem(
                    "activities", f"bad date '{day}' in '{title}': use YYYY-MM-DD"
                ) from None
        fields["date"] = day
        participants = entry.get("participants") or {}
        if not isinstance(participants, dict):
            raise item.problem("activities", "participants must be sector: number")
        for sector in SECTORS:
            fields[f"participants_{sector}"] = 0
        for sector, count in participants.items():
            if sector not in SECTORS:
                raise item.problem(
                    "activities",
                    f"unknown sector '{sector}' (one of: {', '.join(SECTORS)})",
                )
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise item.problem("activities", f"bad number of {sector}: {count}")
            fields[f"participants_{sector}"] = count
        names = entry.get("assigned_institutions") or []
        if not isinstance(names, list):
            names = [names]
        return {"fields": fields, "names": [str(name) for name in names]}

    def attributes_of(self, page):
        attributes = super().attributes_of(page)
        attributes["activities"] = [
            {
                "fields": {
                    "title": row.title,
                    "description": row.description,
                    "activity_type": row.activity_type,
                    "status": row.status,
                    "date": row.date,
                    **{
                        f"participants_{sector}": getattr(row, f"participants_{sector}")
                        for sector in SECTORS
                    },
                },
                "names": [i.name for i in row.assigned_institutions.all()],
            }
            for row in page.activities.all()
        ]
        return attributes

    def prepare(self, action, run):
        super().prepare(action, run)
        item = action.item
        rows = item.activities
        action.extra["activities"] = []
        if item.translation_of:
            source = self.source_attributes(item, run)
            if source is None:
                return  # reported by the planning of translations
            if len(source["activities"]) != len(rows):
                raise item.problem(
                    "activities",
                    f"{len(rows)} activities, but the source has "
                    f"{len(source['activities'])}: translate each, in order",
                )
            rows = [
                {
                    "fields": {**original["fields"], **translated["fields"]},
                    "names": original["names"],
                }
                for original, translated in zip(source["activities"], rows, strict=True)
            ]
        action.extra["activities"] = [
            {
                "fields": row["fields"],
                "institutions": [
                    check_institution(item, run, "activities", name)
                    for name in row["names"]
                ],
            }
            for row in rows
        ]

    def source_attributes(self, item, run):
        attributes = super().source_attributes(item, run)
        source = self.planned_source(item, run)
        if source is not None:
            attributes["activities"] = source.activities
        return attributes
