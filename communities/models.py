"""Communities of learning and practice: institutions, community pages, memberships.

A membership (institution × community) is the single source of truth for access:
each community owns a members group and a moderators group, kept in sync from its
memberships by `communities.services`; Wagtail's page view restrictions and
collection privacy use those groups.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Collection, Page
from wagtail.search import index

from intranet.taxonomy import Pillar


class Institution(models.Model):
    """An organisation that takes part; people represent it, not themselves."""

    name = models.CharField(max_length=255, unique=True, verbose_name=_("name"))
    acronym = models.CharField(max_length=40, blank=True, verbose_name=_("acronym"))
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
        FieldPanel("name"),
        FieldPanel("acronym"),
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
        if self.acronym and self.acronym != self.name:
            return f"{self.name} ({self.acronym})"
        return self.name


class CommunityIndexPage(Page):
    """Lists the communities (their public overviews)."""

    intro = RichTextField(
        blank=True, features=["bold", "italic", "link"], verbose_name=_("introduction")
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

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
    members_group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderators_group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    collection = models.ForeignKey(
        Collection,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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

    def get_context(self, request, *args, **kwargs):
        from .access import is_member, is_moderator

        context = super().get_context(request, *args, **kwargs)
        context["is_member"] = is_member(request.user, self)
        context["is_moderator"] = is_moderator(request.user, self)
        context["pillar_counts"] = pillar_counts(self)
        context["members_area"] = self.members_area() if context["is_member"] else None
        return context

    def search_entry_data(self):
        text = " ".join(
            strip_tags(value)
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
            "summary": self.summary or strip_tags(self.purpose)[:300],
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


class MembersAreaPage(Page):
    """Everything members-only of one community lives below this page.

    It is created with the community and restricted to the community's members
    and moderators groups; translations copy the restriction.
    """

    intro = RichTextField(
        blank=True, features=["bold", "italic", "link"], verbose_name=_("introduction")
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["communities.CommunityPage"]
    subpage_types = [
        "communities.MeetingPage",
        "resources.DocumentLibraryPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("members area")

    @property
    def community(self):
        return CommunityPage.objects.get(pk=self.get_parent().pk)

    def get_context(self, request, *args, **kwargs):
        from .access import is_moderator

        context = super().get_context(request, *args, **kwargs)
        community = self.community
        context["community"] = community
        context["is_moderator"] = is_moderator(request.user, community)
        children = self.get_children().live().specific(defer=True)
        context["meetings"] = [
            child for child in children if isinstance(child, MeetingPage)
        ]
        context["sections"] = [
            child for child in children if not isinstance(child, MeetingPage)
        ]
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


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class MeetingPage(Page):
    """A meeting of one community, below its members area (members only).

    Minutes go through the community's workflow (drafted by the secretariat,
    approved by the coordination group). Under the Chatham House Rule, who said
    what is kept apart in `AttributedNote`, never on the page or its revisions.
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

    parent_page_types = ["communities.MembersAreaPage"]
    subpage_types = []

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")

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

    def get_context(self, request, *args, **kwargs):
        from .access import is_moderator

        context = super().get_context(request, *args, **kwargs)
        community = self.community()
        context["community"] = community
        context["attendance"] = self.attended_by.order_by("pillar", "name")
        moderator = community is not None and is_moderator(request.user, community)
        context["is_moderator"] = moderator
        context["attributed_notes"] = self.attributed_notes() if moderator else None
        return context

    def search_entry_data(self):
        community = self.community()
        return {
            "kind": "meeting",
            "title": self.title,
            "summary": "; ".join(self.agenda_topics)[:300],
            "body": " ".join([*self.agenda_topics, strip_tags(self.minutes)]),
            "date": self.starts_at.date(),
            "country": community.country.code or "" if community else "",
            "region": community.region if community else "",
            "years": [self.starts_at.year],
            "pillars": sorted(set(self.attended_by.values_list("pillar", flat=True))),
            "topics": [],
            "community": community.pk if community else None,
            "language": self.locale.language_code,
        }


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
