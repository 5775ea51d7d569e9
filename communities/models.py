"""Communities of learning and practice: institutions, community pages, memberships.

A membership (institution × community) is the single source of truth for access:
each community owns a members group and a moderators group, kept in sync from its
memberships by `communities.services`; Wagtail's page view restrictions and
collection privacy use those groups.
"""

import re
import secrets
import unicodedata
from datetime import timedelta
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    Collection,
    Orderable,
    Page,
    Revision,
    TranslatableMixin,
)
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index
from wagtail_localize.fields import BaseTranslatableField
from wagtail_localize.models import TranslationSource

from intranet.models import IntroducedPage
from intranet.signals import pages_updated
from intranet.taxonomy import Pillar


class Institution(models.Model):
    """An organisation that takes part; people represent it, not themselves.

    It has one name as it calls itself (`name`, `acronym`, in its own language:
    "Ministerio de Energía y Minas", "Ghana Chamber of Mines") and, where readers
    of another language know it by another, a name per language (`name_en`,
    `name_es`...). Everyone reads the name in their own language:
    `display_name`, `display_acronym` and `str()` follow the active language.
    """

    name = models.CharField(
        max_length=255,
        unique=True,
        verbose_name=_("name"),
        help_text=_("As the institution calls itself, in its own language."),
    )
    acronym = models.CharField(max_length=40, blank=True, verbose_name=_("acronym"))
    name_en = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("name in English"),
        help_text=_("Leave empty when English readers know it by its own name."),
    )
    acronym_en = models.CharField(
        max_length=40, blank=True, verbose_name=_("acronym in English")
    )
    name_es = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("name in Spanish"),
        help_text=_("Leave empty when Spanish readers know it by its own name."),
    )
    acronym_es = models.CharField(
        max_length=40, blank=True, verbose_name=_("acronym in Spanish")
    )
    pillar = models.CharField(
        max_length=20, choices=Pillar.choices, verbose_name=_("pillar")
    )
    country = CountryField(blank=True, verbose_name=_("country"))
    website = models.URLField(blank=True, verbose_name=_("website"))
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("acronym")],
            heading=_("Own name"),
        ),
        MultiFieldPanel(
            [FieldPanel("name_en"), FieldPanel("acronym_en")],
            heading=_("In English"),
        ),
        MultiFieldPanel(
            [FieldPanel("name_es"), FieldPanel("acronym_es")],
            heading=_("In Spanish"),
        ),
        FieldPanel("pillar"),
        FieldPanel("country"),
        FieldPanel("website"),
        FieldPanel("logo"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        """Name and acronym in the reader's language, the acronym only where the
        name does not already show it ("SUCAMEC", "Las Bambas (MMG)",
        "Instituto de Defensa Legal (IDL)")."""
        name, acronym = self.display_name, self.display_acronym.strip()
        if not acronym or re.search(
            rf"(?<!\w){re.escape(acronym)}(?!\w)", name, flags=re.IGNORECASE
        ):
            return name
        return f"{name} ({acronym})"

    def name_in(self, language):
        """The name readers of `language` know the institution by."""
        return getattr(self, f"name_{_base_language(language)}", "") or self.name

    def acronym_in(self, language):
        """Its acronym for readers of `language`; a translated name without an
        acronym of its own keeps the institution's ("Ministry of Energy and
        Mines (MINEM)")."""
        translated = getattr(self, f"acronym_{_base_language(language)}", "")
        return translated or self.acronym

    @property
    def display_name(self):
        return self.name_in(get_language())

    @property
    def display_acronym(self):
        return self.acronym_in(get_language())

    @property
    def short_name(self):
        """The acronym where there is one, else the name (tables, charts)."""
        return self.display_acronym or self.display_name

    def clean(self):
        super().clean()
        self.name = " ".join(self.name.split())
        for code, _label in settings.LANGUAGES:
            field = f"name_{code}"
            if hasattr(self, field):
                setattr(self, field, " ".join(getattr(self, field).split()))


def reading_order(institution):
    """Sort key: alphabetical by the name the reader reads, accents aside."""
    return _folded(institution.display_name)


def _folded(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _base_language(language):
    return (language or settings.LANGUAGE_CODE).split("-")[0].lower()


# Other apps add panels to a community page and to its members area through
# these Wagtail hooks: each function takes the request and the community and
# returns a `(template_name, context)` pair, or None to show nothing.
COMMUNITY_PANELS_HOOK = "minka_community_panels"
MEMBERS_AREA_PANELS_HOOK = "minka_members_area_panels"


def _panels(hook_name, request, community):
    panels = []
    for panel_function in hooks.get_hooks(hook_name):
        panel = panel_function(request, community)
        if panel:
            panels.append(panel)
    return panels


class CommunityIndexPage(IntroducedPage):
    """Lists the communities (their public overviews)."""

    parent_page_types = ["intranet.HomePage"]
    subpage_types = ["communities.CommunityPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("community index page")

    def get_context(self, request, *args, **kwargs):
        from intranet.access import visible_pages_for

        context = super().get_context(request, *args, **kwargs)
        communities = CommunityPage.objects.child_of(self).order_by("title")
        context["communities"] = visible_pages_for(request.user, communities)
        return context


# "founded in" agrees with the kind's gender in Spanish (una comunidad fundada,
# un grupo fundado): one message per kind.
FOUNDED_IN = {
    "community_of_learning": pgettext_lazy(
        "community of learning", "founded in %(date)s"
    ),
    "working_group": pgettext_lazy("working group", "founded in %(date)s"),
    "learning_and_leadership_group": pgettext_lazy(
        "learning and leadership group", "founded in %(date)s"
    ),
    "dialogue": pgettext_lazy("dialogue process", "founded in %(date)s"),
}


class CommunityKind(models.TextChoices):
    COMMUNITY_OF_LEARNING = "community_of_learning", _("Community of learning")
    WORKING_GROUP = "working_group", _("Working group")
    LEARNING_AND_LEADERSHIP_GROUP = (
        "learning_and_leadership_group",
        _("Learning and leadership group"),
    )
    DIALOGUE = "dialogue", _("Dialogue process")


class ConfidentialityRule(models.TextChoices):
    NONE = "none", _("No special rule")
    CHATHAM_HOUSE = "chatham_house", _("Chatham House Rule")


def _managed_link(model):
    """A link the community keeps itself: not editable, cleared if the target goes."""
    return models.ForeignKey(
        model,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def _as_sentence(text):
    text = text.strip()
    return text if not text or text[-1] in ".!?…:;" else f"{text}."


class CommunityPage(Page):
    """A community's public overview; its member-only sections live below it.

    Creating one creates its members and moderators groups, its private document
    collection, its members area and its minutes workflow (`services`).
    """

    kind = models.CharField(
        max_length=40,
        choices=CommunityKind.choices,
        default=CommunityKind.COMMUNITY_OF_LEARNING,
        verbose_name=_("kind"),
    )
    country = CountryField(blank=True, verbose_name=_("country"))
    region = models.CharField(max_length=120, blank=True, verbose_name=_("region"))
    founded_on = models.DateField(null=True, blank=True, verbose_name=_("founded on"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    purpose = RichTextField(
        blank=True, verbose_name=_("purpose and long-term objectives")
    )
    principles = RichTextField(blank=True, verbose_name=_("principles"))
    meeting_cadence = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("meeting cadence"),
        help_text=_("For example: quarterly, and whenever members ask."),
    )
    meeting_duration_minutes = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("fixed meeting duration (minutes)")
    )
    confidentiality_rule = models.CharField(
        max_length=20,
        choices=ConfidentialityRule.choices,
        default=ConfidentialityRule.NONE,
        verbose_name=_("confidentiality rule"),
    )
    working_rules = RichTextField(blank=True, verbose_name=_("working rules"))
    management_levels = RichTextField(blank=True, verbose_name=_("management levels"))

    # Created with the community and shared by its translations.
    members_group = _managed_link(Group)
    moderators_group = _managed_link(Group)
    collection = _managed_link(Collection)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("country"),
                FieldPanel("region"),
                FieldPanel("founded_on"),
            ],
            heading=_("Identity"),
        ),
        FieldPanel("purpose"),
        FieldPanel("principles"),
        MultiFieldPanel(
            [
                FieldPanel("meeting_cadence"),
                FieldPanel("meeting_duration_minutes"),
                FieldPanel("confidentiality_rule"),
                FieldPanel("working_rules"),
            ],
            heading=_("Working rules"),
        ),
        FieldPanel("management_levels"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("purpose"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["communities.CommunityIndexPage"]
    subpage_types = ["communities.MembersAreaPage"]
    # A copy must get its own groups; translations share them (see services).
    exclude_fields_in_copy = ["members_group", "moderators_group", "collection"]

    class Meta:
        verbose_name = _("community page")

    @property
    def follows_chatham_house_rule(self):
        return self.confidentiality_rule == ConfidentialityRule.CHATHAM_HOUSE

    def with_content_json(self, content):
        # A revision must never undo the community's groups and collection.
        obj = super().with_content_json(content)
        obj.members_group_id = self.members_group_id
        obj.moderators_group_id = self.moderators_group_id
        obj.collection_id = self.collection_id
        return obj

    def memberships(self):
        """Memberships of this community, whichever translation they point to."""
        return Membership.objects.filter(
            community__translation_key=self.translation_key
        )

    def members_area(self):
        return MembersAreaPage.objects.child_of(self).first()

    def founded_phrase(self):
        """ "founded in August 2017", in the active language and agreeing with
        the community's kind."""
        if not self.founded_on:
            return ""
        phrase = FOUNDED_IN.get(self.kind, FOUNDED_IN["community_of_learning"])
        return phrase % {"date": date_format(self.founded_on, "YEAR_MONTH_FORMAT")}

    def get_context(self, request, *args, **kwargs):
        from .access import is_member, is_moderator

        context = super().get_context(request, *args, **kwargs)
        context["is_member"] = is_member(request.user, self)
        context["is_moderator"] = is_moderator(request.user, self)
        context["pillar_counts"] = pillar_counts(self)
        context["totals"] = activity_totals(self)
        context["members_area"] = self.members_area() if context["is_member"] else None
        context["community_panels"] = _panels(COMMUNITY_PANELS_HOOK, request, self)
        return context

    def search_entry_data(self):
        # Each field reads as its own sentence in a snippet ("Quarterly. Follows…").
        text = " ".join(
            _as_sentence(get_text_for_indexing(value))
            for value in (
                self.summary,
                self.purpose,
                self.principles,
                self.meeting_cadence,
                self.working_rules,
                self.management_levels,
            )
            if value
        )
        year = self.founded_on.year if self.founded_on else None
        pillars = sorted(
            self.memberships()
            .filter(status=Membership.Status.ACTIVE)
            .values_list("institution__pillar", flat=True)
            .distinct()
        )
        return {
            "kind": "community",
            "title": self.title,
            "summary": self.summary or get_text_for_indexing(self.purpose)[:300],
            "body": text,
            "date": self.founded_on,
            "country": self.country.code or "",
            "region": self.region,
            "years": [year] if year else [],
            "pillars": pillars,
            "topics": [],
            "community": self.pk,
            "language": self.locale.language_code,
        }


def pillar_counts(community):
    """Active member institutions per pillar, in the pillars' order (public)."""
    counts = dict(
        community.memberships()
        .filter(status=Membership.Status.ACTIVE)
        .values_list("institution__pillar")
        .annotate(total=models.Count("institution", distinct=True))
    )
    return [(label, counts.get(value, 0)) for value, label in Pillar.choices]


class MembersAreaPage(IntroducedPage):
    """Everything members-only of one community lives below this page.

    It is created with the community and restricted to the community's members
    and moderators groups; translations copy the restriction.
    """

    parent_page_types = ["communities.CommunityPage"]
    subpage_types = [
        "communities.MeetingPage",
        "communities.WorkPlanPage",
        "resources.DocumentLibraryPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("members area")

    @cached_property
    def community(self):
        return CommunityPage.objects.get(path=self.path[: -self.steplen])

    def get_context(self, request, *args, **kwargs):
        from .access import is_moderator

        context = super().get_context(request, *args, **kwargs)
        community = self.community
        context["community"] = community
        context["is_moderator"] = is_moderator(request.user, community)
        # Meetings with their own fields, other sections by title: a query each,
        # however many meetings there are.
        meetings = list(MeetingPage.objects.child_of(self).live().defer_streamfields())
        children = self.get_children().live().not_type(MeetingPage)
        now = timezone.now()
        # The next meeting first, then the record from the most recent back.
        context["upcoming_meetings"] = sorted(
            (meeting for meeting in meetings if meeting.starts_at >= now),
            key=lambda meeting: meeting.starts_at,
        )
        context["past_meetings"] = sorted(
            (meeting for meeting in meetings if meeting.starts_at < now),
            key=lambda meeting: meeting.starts_at,
            reverse=True,
        )
        context["sections"] = [
            child for child in children if not isinstance(child, MeetingPage)
        ]
        context["area_panels"] = _panels(MEMBERS_AREA_PANELS_HOOK, request, community)
        if request.user.is_authenticated:
            token = CalendarToken.for_user(request.user).token
            context["calendar_path"] = reverse(
                "communities:ical", args=[community.slug, token]
            )
        return context


class MembershipRole(models.TextChoices):
    PLENARY = "plenary", _("Plenary member")
    COORDINATION = "coordination", _("Coordination group")
    SECRETARIAT = "secretariat", _("Secretariat")
    OBSERVER = "observer", _("Observer")
    GUEST = "guest", _("Guest")


MODERATOR_ROLES = (MembershipRole.COORDINATION, MembershipRole.SECRETARIAT)


class Membership(models.Model):
    """An institution's place in a community: the source of truth for access."""

    Role = MembershipRole

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        NOMINATED = "nominated", _("Nominated")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        LEFT = "left", _("Left")
        DECLINED = "declined", _("Declined")

    community = models.ForeignKey(
        CommunityPage,
        on_delete=models.CASCADE,
        related_name="membership_set",
        verbose_name=_("community"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("institution"),
    )
    role = models.CharField(
        max_length=20,
        choices=MembershipRole.choices,
        default=MembershipRole.PLENARY,
        verbose_name=_("role"),
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.APPLIED,
        verbose_name=_("status"),
    )
    start_date = models.DateField(null=True, blank=True, verbose_name=_("start date"))
    end_date = models.DateField(null=True, blank=True, verbose_name=_("end date"))
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="community_memberships",
        verbose_name=_("representatives"),
    )

    # An application (by the institution) or nomination (by a member).
    letter = models.TextField(blank=True, verbose_name=_("letter"))
    motivation = models.TextField(blank=True, verbose_name=_("why it wants to join"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, verbose_name=_("reason"))

    class Meta:
        ordering = ["institution__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "institution"],
                name="one_membership_per_institution",
            )
        ]

    def __str__(self):
        return f"{self.institution} · {self.community}"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def is_pending(self):
        return self.status in (self.Status.APPLIED, self.Status.NOMINATED)

    def approve(self, by, reason=""):
        from .services import decide

        decide(self, approved=True, by=by, reason=reason)

    def decline(self, by, reason):
        from .services import decide

        decide(self, approved=False, by=by, reason=reason)


class RepresentationRequest(models.Model):
    """Someone asks to represent an institution that is already a member of the
    community, or already waits for a decision there.

    Recorded and decided like an application, so the person learns nothing of
    the institution's standing from the answer: their page shows the request
    waiting, as it would a new application. Approving it makes them one of the
    institution's representatives.
    """

    class Status(models.TextChoices):
        # The values of `Membership.Status`, so both read alike in templates.
        APPLIED = "applied", _("Waiting")
        ACTIVE = "active", _("Approved")
        DECLINED = "declined", _("Declined")

    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="representation_requests",
        verbose_name=_("membership"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representation_requests",
        verbose_name=_("person"),
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.APPLIED,
        verbose_name=_("status"),
    )
    letter = models.TextField(blank=True, verbose_name=_("letter"))
    motivation = models.TextField(blank=True, verbose_name=_("why it wants to join"))
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, verbose_name=_("reason"))

    class Meta:
        verbose_name = _("request to represent a member")
        verbose_name_plural = _("requests to represent a member")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "person"],
                condition=models.Q(status="applied"),
                name="one_waiting_representation_request",
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.membership}"

    @property
    def institution(self):
        return self.membership.institution

    @property
    def submitted_by(self):
        return self.person

    @property
    def is_pending(self):
        return self.status == self.Status.APPLIED


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# What happened at a meeting, whatever the language it is read in.
SHARED_FIELDS = ("starts_at", "duration_minutes", "venue")
SHARED_FACTS = (*SHARED_FIELDS, "attended_by")


class CirculatedMinutes(NamedTuple):
    """Minutes as members read them on one translation of a meeting."""

    text: str
    language_code: str
    untranslated: bool  # shown in the language they were written in


class MeetingPageForm(WagtailAdminPageForm):
    """The attendance checklist offers the community's active member
    institutions, in the reader's alphabetical order, and keeps any institution
    recorded as present before it left (a fact is never dropped by editing)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("attended_by")
        if field is None:
            return
        anchor = self.instance if self.instance.pk else self.parent_page
        community = (
            CommunityPage.objects.ancestor_of(anchor, inclusive=True).first()
            if anchor is not None
            else None
        )
        offered = Q(pk__in=[])
        if community is not None:
            offered = Q(
                memberships__community__translation_key=community.translation_key,
                memberships__status=Membership.Status.ACTIVE,
            )
        if self.instance.pk:
            offered |= Q(pk__in=[i.pk for i in self.instance.attended_by.all()])
        field.queryset = Institution.objects.filter(offered).distinct()
        field.choices = sorted(
            ((institution.pk, str(institution)) for institution in field.queryset),
            key=lambda choice: _folded(choice[1]),
        )


class MeetingPage(Page):
    """A meeting of one community, below its members area (members only).

    Minutes go through the community's workflow (drafted by the secretariat,
    approved by the coordination group). Under the Chatham House Rule, who said
    what is kept apart in `AttributedNote`, never on the page or its revisions.

    A meeting is one record in every language. Its facts (`SHARED_FACTS`: date,
    duration, venue, institutions present) are the same on all its translations
    (the pages sharing its `translation_key`), wherever they are recorded:

    - saving a translation with its facts (publishing it, in either language's
      admin) writes the facts it changed to every other translation, and to their
      drafts awaiting approval unless a draft changed that fact itself, so
      approving an older draft never undoes what was recorded meanwhile;
    - a new translation starts from the facts its translation group recorded;
    - wagtail-localize neither translates nor copies them: it would copy them
      from its snapshot of the source page, which may be older.

    The minutes are text, translated like the rest: see `circulated_minutes`.
    """

    starts_at = models.DateTimeField(verbose_name=_("date and time"))
    duration_minutes = models.PositiveIntegerField(
        default=120, verbose_name=_("fixed duration (minutes)")
    )
    venue = models.CharField(max_length=255, blank=True, verbose_name=_("venue"))
    agenda = models.TextField(
        blank=True, verbose_name=_("agenda"), help_text=_("One topic per line.")
    )
    guests = models.TextField(
        blank=True,
        verbose_name=_("invited guests and speakers"),
        help_text=_("One person or institution per line."),
    )
    attended_by = ParentalManyToManyField(
        Institution,
        blank=True,
        related_name="meetings_attended",
        verbose_name=_("institutions present"),
    )
    minutes = RichTextField(
        blank=True,
        verbose_name=_("minutes"),
        help_text=_(
            "What was said, without saying who said it when the community follows "
            "the Chatham House Rule (attributed notes are kept apart)."
        ),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("starts_at"),
                FieldPanel("duration_minutes"),
                FieldPanel("venue"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("agenda"),
        FieldPanel("guests"),
        FieldPanel("attended_by", widget=forms.CheckboxSelectMultiple),
        FieldPanel("minutes"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("agenda"),
        index.SearchField("minutes"),
        index.FilterField("starts_at"),
    ]
    # Neither translated nor synchronised by wagtail-localize: shared by `save`.
    override_translatable_fields = [
        BaseTranslatableField(name) for name in SHARED_FIELDS
    ]

    base_form_class = MeetingPageForm
    parent_page_types = ["communities.MembersAreaPage"]
    subpage_types = []

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self._state.adding:
            self._take_recorded_facts()
            return super().save(*args, **kwargs)
        # Saving a draft revision updates other columns only.
        records_facts = update_fields is None or not set(update_fields).isdisjoint(
            SHARED_FACTS
        )
        before = self._stored_facts() if records_facts else None
        result = super().save(*args, **kwargs)
        if before is not None:
            self._share_changed_facts(before)
        return result

    @property
    def agenda_topics(self):
        return _lines(self.agenda)

    @property
    def guest_list(self):
        return _lines(self.guests)

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def community(self):
        return CommunityPage.objects.ancestor_of(self).first()

    def attributed_notes(self):
        """Who said what (moderators only: callers check `is_moderator`)."""
        return AttributedNote.objects.filter(
            meeting__translation_key=self.translation_key
        ).select_related("speaker_institution")

    def other_translations(self):
        return MeetingPage.objects.filter(translation_key=self.translation_key).exclude(
            pk=self.pk
        )

    def circulated_minutes(self):
        """The minutes members read on this page, or None before any circulate.

        Minutes circulate once they are approved and published in some language:
        a live translation carries them. This page shows its own minutes once
        they are translated; while they are empty or still the source page's
        text, it shows the original ones (`untranslated`): those of the source
        page (the one wagtail-localize translates from, else the first created),
        else of any language that has them.
        """
        is_source = Exists(
            TranslationSource.objects.filter(
                object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
            )
        )
        original = (
            self.other_translations()
            .live()
            .exclude(minutes="")
            .annotate(is_source=is_source)
            .order_by("-is_source", "pk")
            .values("minutes", "locale__language_code", "is_source")
            .first()
        )
        translated = bool(self.minutes) and (
            original is None
            or not original["is_source"]
            or self.minutes != original["minutes"]
        )
        if translated:
            return CirculatedMinutes(self.minutes, self.locale.language_code, False)
        if original is None:
            return None
        return CirculatedMinutes(
            original["minutes"], original["locale__language_code"], True
        )

    def get_context(self, request, *args, **kwargs):
        from .access import is_moderator

        context = super().get_context(request, *args, **kwargs)
        community = self.community()
        context["community"] = community
        context["attendance"] = sorted(
            self.attended_by.all(),
            key=lambda institution: (institution.pillar, reading_order(institution)),
        )
        context["circulated_minutes"] = self.circulated_minutes()
        moderator = community is not None and is_moderator(request.user, community)
        context["is_moderator"] = moderator
        context["attributed_notes"] = self.attributed_notes() if moderator else None
        return context

    def _stored_facts(self, pk=None):
        """The facts as stored for this page (or the page `pk`)."""
        pk = pk or self.pk
        facts = MeetingPage.objects.filter(pk=pk).values(*SHARED_FIELDS).get()
        facts["attended_by"] = set(
            MeetingPage.attended_by.through.objects.filter(
                meetingpage_id=pk
            ).values_list("institution_id", flat=True)
        )
        return facts

    def _take_recorded_facts(self):
        recorded = self.other_translations().order_by("pk").values("pk").first()
        if recorded is None:
            return
        facts = self._stored_facts(recorded["pk"])
        for name in SHARED_FIELDS:
            setattr(self, name, facts[name])
        self.attended_by.set(Institution.objects.filter(pk__in=facts["attended_by"]))

    def _share_changed_facts(self, before):
        after = self._stored_facts()
        changed = [name for name in SHARED_FACTS if after[name] != before[name]]
        if not changed:
            return
        others = {
            row["pk"]: row
            for row in self.other_translations().values(
                "pk", "latest_revision_id", "live_revision_id", *SHARED_FIELDS
            )
        }
        if not others:
            return
        through = MeetingPage.attended_by.through
        for row in others.values():
            row["attended_by"] = set()
        for meeting_id, institution_id in through.objects.filter(
            meetingpage_id__in=others
        ).values_list("meetingpage_id", "institution_id"):
            others[meeting_id]["attended_by"].add(institution_id)

        _merge_into_pending_drafts(others.values(), changed, after)
        fields = {name: after[name] for name in changed if name in SHARED_FIELDS}
        if fields:
            MeetingPage.objects.filter(pk__in=others).update(**fields)
        if "attended_by" in changed:
            through.objects.filter(meetingpage_id__in=others).delete()
            through.objects.bulk_create(
                through(meetingpage_id=meeting_id, institution_id=institution_id)
                for meeting_id in others
                for institution_id in sorted(after["attended_by"])
            )
        pages_updated.send(sender=MeetingPage, page_ids=sorted(others))

    def search_entry_data(self):
        community = self.community()
        day = timezone.localdate(self.starts_at)
        institutions = self.attended_by.values_list(
            "name", "acronym", "name_en", "acronym_en", "name_es", "acronym_es"
        )
        return {
            "kind": "meeting",
            "title": self.title,
            "summary": "; ".join(self.agenda_topics)[:300],
            # Who came is searchable by those who may see the meeting: guests,
            # and each institution present by its names and acronyms.
            "body": " ".join(
                [
                    *self.agenda_topics,
                    self.guests,
                    *sorted({name for row in institutions for name in row if name}),
                    get_text_for_indexing(self.minutes),
                ]
            ),
            "date": day,
            "country": community.country.code or "" if community else "",
            "region": community.region if community else "",
            "years": [day.year],
            "pillars": sorted(set(self.attended_by.values_list("pillar", flat=True))),
            "topics": [],
            "community": community.pk if community else None,
            "language": self.locale.language_code,
        }


def _revision_fact(content, name):
    if name == "attended_by":
        return set(content.get(name) or [])
    return MeetingPage._meta.get_field(name).to_python(content.get(name))


def _merge_into_pending_drafts(pages, changed, facts):
    """Give unpublished drafts the shared `facts` they had not changed themselves.

    `pages` are rows of meeting pages as stored before the facts changed: a
    draft whose value is still the stored one takes the new value.
    """
    pending = {
        page["latest_revision_id"]: page
        for page in pages
        if page["latest_revision_id"]
        and page["latest_revision_id"] != page["live_revision_id"]
    }
    for revision in Revision.objects.filter(pk__in=pending):
        page = pending[revision.pk]
        kept = [
            name
            for name in changed
            if _revision_fact(revision.content, name) == page[name]
        ]
        for name in kept:
            value = facts[name]
            revision.content[name] = sorted(value) if name == "attended_by" else value
        if kept:
            revision.save(update_fields=["content"])


class AttributedNote(models.Model):
    """Who said what at a Chatham House meeting: moderators only.

    Kept out of the page on purpose: not in revisions, translations, search or
    any member-facing channel.
    """

    meeting = models.ForeignKey(
        MeetingPage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("meeting"),
    )
    speaker_institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("speaker's institution"),
    )
    speaker_name = models.CharField(
        max_length=200, blank=True, verbose_name=_("speaker")
    )
    text = models.TextField(verbose_name=_("what was said"))
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("meeting"),
        FieldPanel("speaker_institution"),
        FieldPanel("speaker_name"),
        FieldPanel("text"),
    ]

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("attributed note")
        verbose_name_plural = _("attributed notes")

    def __str__(self):
        return f"{self.speaker_institution} · {self.meeting}"


class ActivityType(models.TextChoices):
    CAPACITY_BUILDING = "capacity_building", _("Capacity building")
    PROMOTION = "promotion", _("Promotion")
    STUDY = "study", _("Study")
    LOBBYING = "lobbying", _("Lobbying")
    ASSESSMENT = "assessment", _("Security and human rights assessment")
    SITE_VISIT = "site_visit", _("Site visit")
    MONITORING = "monitoring", _("Monitoring and evaluation")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


# The sectors a held activity reports its participants by.
PARTICIPANT_SECTORS = (
    ("police", _("Police")),
    ("government", _("Civil servants")),
    ("companies", _("Companies")),
    ("security_providers", _("Private security providers")),
    ("unions", _("Unions")),
    ("ngos", _("NGOs")),
    ("community_leaders", _("Community leaders")),
    ("international", _("International agencies")),
    ("others", _("Others")),
)
SECTOR_FIELDS = [f"participants_{key}" for key, _label in PARTICIPANT_SECTORS]


class WorkPlanPage(Page):
    """A community's plan for a period of at least a year, with its activities."""

    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(verbose_name=_("ends on"))
    objectives = RichTextField(blank=True, verbose_name=_("objectives"))

    content_panels = Page.content_panels + [
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
        FieldPanel("objectives"),
        InlinePanel("activities", heading=_("Activities"), label=_("activity")),
    ]

    parent_page_types = ["communities.MembersAreaPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("work plan")

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The plan must end after it starts.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["community"] = CommunityPage.objects.ancestor_of(self).first()
        context["activity_list"] = self.activities.prefetch_related(
            "assigned_institutions"
        ).order_by("date", "sort_order")
        return context


class Activity(TranslatableMixin, ClusterableModel, Orderable):
    """One activity of a work plan; held ones record participants by sector.

    Translated with its plan: wagtail-localize offers the title and description
    to translate and copies the rest (type, date, status, figures, assigned
    institutions) from the plan translations are made from. A clusterable
    model, so that drafts and revisions carry its assigned institutions.
    """

    plan = ParentalKey(
        WorkPlanPage, on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(max_length=255, verbose_name=_("title"))
    activity_type = models.CharField(
        max_length=30, choices=ActivityType.choices, verbose_name=_("type")
    )
    date = models.DateField(null=True, blank=True, verbose_name=_("date"))
    status = models.CharField(
        max_length=20,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PLANNED,
        verbose_name=_("status"),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    assigned_institutions = ParentalManyToManyField(
        Institution, blank=True, related_name="+", verbose_name=_("assigned to")
    )
    participants_police = models.PositiveIntegerField(
        default=0, verbose_name=_("police")
    )
    participants_government = models.PositiveIntegerField(
        default=0, verbose_name=_("civil servants")
    )
    participants_companies = models.PositiveIntegerField(
        default=0, verbose_name=_("companies")
    )
    participants_security_providers = models.PositiveIntegerField(
        default=0, verbose_name=_("private security providers")
    )
    participants_unions = models.PositiveIntegerField(
        default=0, verbose_name=_("unions")
    )
    participants_ngos = models.PositiveIntegerField(default=0, verbose_name=_("NGOs"))
    participants_community_leaders = models.PositiveIntegerField(
        default=0, verbose_name=_("community leaders")
    )
    participants_international = models.PositiveIntegerField(
        default=0, verbose_name=_("international agencies")
    )
    participants_others = models.PositiveIntegerField(
        default=0, verbose_name=_("others")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("activity_type"),
        FieldPanel("date"),
        FieldPanel("status"),
        FieldPanel("description"),
        FieldPanel("assigned_institutions", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel(name) for name in SECTOR_FIELDS],
            heading=_("Participants by sector (held activities)"),
        ),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title

    @property
    def participants(self):
        return sum(getattr(self, name) for name in SECTOR_FIELDS)

    @property
    def participants_by_sector(self):
        return [
            (label, getattr(self, f"participants_{key}"))
            for key, label in PARTICIPANT_SECTORS
        ]


def canonical_community(community):
    """The page of a community its translations come from: the one edited in
    Wagtail's own editor, where figures (work plans, attendance) are recorded
    first. Else, with no translation yet, the default-language page."""
    source_locale = (
        TranslationSource.objects.filter(object_id=community.translation_key)
        .order_by("pk")
        .values_list("locale_id", flat=True)
        .first()
    )
    pages = CommunityPage.objects.filter(translation_key=community.translation_key)
    source = None
    if source_locale is not None:
        source = pages.filter(locale_id=source_locale).first()
    if source is None:
        source = pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    return source or community


def held_activities(community):
    """Held activities of the community's live work plans, counted once."""
    source = canonical_community(community)
    plans = WorkPlanPage.objects.live().descendant_of(source)
    return Activity.objects.filter(plan__in=plans, status=ActivityStatus.HELD)


def activity_totals(community):
    """Activities held and participants reached, per year and overall."""
    participants = sum(
        (models.F(name) for name in SECTOR_FIELDS[1:]), models.F(SECTOR_FIELDS[0])
    )
    rows = (
        held_activities(community)
        .annotate(people=participants)
        .values_list("date", "people")
    )
    per_year = {}
    for date, people in rows:
        year = date.year if date else None
        activities, reached = per_year.get(year, (0, 0))
        per_year[year] = (activities + 1, reached + people)
    years = sorted(y for y in per_year if y is not None)
    table = [(year, *per_year[year]) for year in years]
    if None in per_year:
        table.append((None, *per_year[None]))
    return {
        "per_year": table,
        "activities": sum(row[1] for row in table),
        "participants": sum(row[2] for row in table),
    }


def _new_token():
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """A person's secret for calendar feeds: calendar apps cannot log in.

    The feed still checks membership on every request; resetting the token
    invalidates every copied feed address at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar token")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        return cls.objects.get_or_create(user=user)[0]

    def reset(self):
        self.token = _new_token()
        self.save()
