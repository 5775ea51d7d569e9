"""Community pages: the index, a community's public overview and its members area.

They sit above the other concepts of the app and bring them together: a
community page shows its member institutions and what its work plans add up to;
its members area lists its meetings and the member's calendar address.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Collection, Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from intranet.access import visible_pages_for
from intranet.access.references import ReferenceCheckedPageForm
from intranet.models import IntroducedPage
from intranet.search_entry import SearchEntryData

from .calendar import CalendarToken
from .meetings import MeetingPage
from .memberships import Membership, is_member, is_moderator
from .reporting import activity_totals, pillar_counts

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

    # Created with the community and shared by its translations: the groups
    # derived from memberships, the members' collection and, inside it, the
    # coordination group's own.
    members_group = _managed_link(Group)
    moderators_group = _managed_link(Group)
    collection = _managed_link(Collection)
    coordination_collection = _managed_link(Collection)

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

    base_form_class = ReferenceCheckedPageForm
    parent_page_types = ["communities.CommunityIndexPage"]
    subpage_types = ["communities.MembersAreaPage"]
    # A copy must get its own groups; translations share them (see services).
    exclude_fields_in_copy = [
        "members_group",
        "moderators_group",
        "collection",
        "coordination_collection",
    ]

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
        obj.coordination_collection_id = self.coordination_collection_id
        return obj

    def memberships(self):
        """Memberships of this community, whichever translation they point to."""
        return Membership.objects.filter(
            community__translation_key=self.translation_key
        )

    def members_area(self):
        return MembersAreaPage.objects.child_of(self).first()

    def coordination_area(self):
        """The coordination group's own section, inside the members area."""
        area = self.members_area()
        if area is None:
            return None
        return CoordinationAreaPage.objects.child_of(area).first()

    def founded_phrase(self):
        """ "founded in August 2017", in the active language and agreeing with
        the community's kind."""
        if not self.founded_on:
            return ""
        phrase = FOUNDED_IN.get(self.kind, FOUNDED_IN["community_of_learning"])
        return phrase % {"date": date_format(self.founded_on, "YEAR_MONTH_FORMAT")}

    def get_context(self, request, *args, **kwargs):
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
        return SearchEntryData(
            kind="community",
            title=self.title,
            summary=self.summary or get_text_for_indexing(self.purpose)[:300],
            body=text,
            date=self.founded_on,
            country=self.country.code or "",
            region=self.region,
            years=[year] if year else [],
            pillars=pillars,
            community_id=self.pk,
            language=self.locale.language_code,
        )


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
        "communities.CoordinationAreaPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("members area")

    @cached_property
    def community(self):
        return CommunityPage.objects.get(path=self.path[: -self.steplen])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        community = self.community
        context["community"] = community
        context["is_moderator"] = is_moderator(request.user, community)
        # Meetings with their own fields, other sections by title: a query each,
        # however many meetings there are.
        context.update(meeting_sections(self, request.user))
        context["area_panels"] = _panels(MEMBERS_AREA_PANELS_HOOK, request, community)
        if request.user.is_authenticated:
            token = CalendarToken.for_user(request.user).token
            context["calendar_path"] = reverse(
                "communities:ical", args=[community.slug, token]
            )
        return context


class CoordinationAreaPage(IntroducedPage):
    """What a community's coordination group keeps to itself: its own meetings
    and their minutes, draft agendas, incident notes, its library.

    It lives inside the members area and is created with the community,
    restricted to the community's moderators group (its coordination group and
    secretariat representatives, derived from memberships) in every language.
    """

    parent_page_types = ["communities.MembersAreaPage"]
    subpage_types = [
        "communities.MeetingPage",
        "resources.DocumentLibraryPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("coordination area")

    @cached_property
    def community(self):
        return CommunityPage.objects.get(path=self.path[: -2 * self.steplen])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["community"] = self.community
        context["members_area"] = self.get_parent()
        context.update(meeting_sections(self, request.user))
        return context


def meeting_sections(area, user):
    """An area's meetings (upcoming first, then the record from the most recent
    back) and its other sections that `user` may view: a query each, however
    many meetings there are."""
    meetings = list(
        visible_pages_for(user, MeetingPage.objects.child_of(area)).defer_streamfields()
    )
    children = visible_pages_for(user, area.get_children()).not_type(MeetingPage)
    now = timezone.now()
    return {
        "upcoming_meetings": sorted(
            (meeting for meeting in meetings if meeting.starts_at >= now),
            key=lambda meeting: meeting.starts_at,
        ),
        "past_meetings": sorted(
            (meeting for meeting in meetings if meeting.starts_at < now),
            key=lambda meeting: meeting.starts_at,
            reverse=True,
        ),
        "sections": list(children),
    }
