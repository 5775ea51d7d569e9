"""Admin registration: institutions, memberships and attributed notes as snippets.

Memberships and attributed notes belong to a community, and institutions to the
communities they are or asked to be members of: their permission policies
(`permissions.py`) let a community's moderators reach only their own
communities' rows, in every admin view; site administrators reach everything.
"""

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from intranet.access import group_ids_of, visible_pages_for, within_paths
from intranet.access.admin_gate import ScopedSnippetViewSet
from intranet.access.audiences import COLLECTION_TIERS_HOOK
from intranet.access.references import ReferenceCheckedForm
from intranet.models import HOME_PANELS_HOOK
from intranet.translation_workflow import translation_into

from . import services
from .models import AttributedNote, CommunityPage, Institution, MeetingPage, Membership
from .permissions import (
    AttributedNotePermissionPolicy,
    InstitutionPermissionPolicy,
    MembershipPermissionPolicy,
    moderated_communities,
    moderated_meetings,
)

institution_policy = InstitutionPermissionPolicy(Institution)
register_permission_policy(Institution, institution_policy)
register_permission_policy(Membership, MembershipPermissionPolicy(Membership))
register_permission_policy(
    AttributedNote, AttributedNotePermissionPolicy(AttributedNote)
)


class InstitutionViewSet(ScopedSnippetViewSet):
    """A community's moderators meet only their communities' institutions
    (`InstitutionPermissionPolicy`), in the listing, exports and chooser."""

    model = Institution
    icon = "group"
    menu_label = _("Institutions")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "acronym", "pillar", "country"]
    list_filter = ["pillar"]
    search_fields = [
        "name",
        "acronym",
        "name_en",
        "acronym_en",
        "name_es",
        "acronym_es",
    ]


class AttributedNoteForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        if "meeting" in self.fields:
            self.fields["meeting"].queryset = moderated_meetings(self.for_user)
        if "speaker_institution" in self.fields:
            # The chooser's institutions, and the one the note names already.
            field = self.fields["speaker_institution"]
            field.queryset = Institution.objects.filter(
                Q(pk__in=institution_policy.instances_user_may_see(self.for_user))
                | Q(pk=self.instance.speaker_institution_id)
            )


class AttributedNoteViewSet(ScopedSnippetViewSet):
    """Chatham House notes: only the meeting's own moderators reach them."""

    model = AttributedNote
    icon = "lock"
    menu_label = _("Attributed notes")
    add_to_admin_menu = True
    menu_order = 302
    list_display = ["meeting", "speaker_institution", "created_at"]
    panels = [
        # A plain list of the moderator's own meetings (a page chooser would
        # name any meeting it is given).
        FieldPanel("meeting", widget=forms.Select),
        FieldPanel("speaker_institution"),
        FieldPanel("speaker_name"),
        FieldPanel("text"),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("meeting", "speaker_institution")
        )


class MembershipForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        if "community" in self.fields:
            self.fields["community"].queryset = moderated_communities(self.for_user)
        if "institution" in self.fields:
            # What the chooser offers, and no other id sent in its place.
            field = self.fields["institution"]
            field.queryset = institution_policy.instances_user_may_see(self.for_user)
        if "representatives" in self.fields and not self.for_user.is_superuser:
            # People of other communities are not offered: only those who
            # represent no institution yet, or one in the moderator's communities.
            field = self.fields["representatives"]
            field.queryset = field.queryset.filter(
                Q(community_memberships=None)
                | Q(
                    community_memberships__community__in=moderated_communities(
                        self.for_user
                    )
                )
                | Q(
                    pk__in=self.instance.representatives.all()
                    if self.instance.pk
                    else []
                )
            ).distinct()


class MembershipViewSet(ScopedSnippetViewSet):
    model = Membership
    icon = "group"
    menu_label = _("Memberships")
    add_to_admin_menu = True
    menu_order = 301
    list_display = ["institution", "community", "role", "status"]
    list_filter = ["status", "role"]
    panels = [
        FieldPanel("community"),
        FieldPanel("institution"),
        FieldPanel("role"),
        FieldPanel("status"),
        FieldPanel("start_date"),
        FieldPanel("end_date"),
        FieldPanel("representatives"),
        FieldPanel("decision_reason"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("institution", "community")


AttributedNote.base_form_class = AttributedNoteForm
# An institution's logo is an image chooser: only images the person may see.
Institution.base_form_class = ReferenceCheckedForm
Membership.base_form_class = MembershipForm

register_snippet(InstitutionViewSet)
register_snippet(MembershipViewSet)
register_snippet(AttributedNoteViewSet)


@hooks.register(HOME_PANELS_HOOK)
def my_communities_panel(request):
    """ "My communities" and their upcoming meetings, for a logged-in member."""
    if not request.user.is_authenticated:
        return None
    group_ids = group_ids_of(request.user)
    communities = list(
        CommunityPage.objects.live()
        .filter(locale__language_code=get_language())
        .filter(Q(members_group__in=group_ids) | Q(moderators_group__in=group_ids))
        .order_by("title")
    )
    if not communities:
        return None
    paths = [community.path for community in communities]
    meetings = visible_pages_for(
        request.user,
        MeetingPage.objects.live()
        .filter(within_paths(paths), starts_at__gte=timezone.now())
        .order_by("starts_at"),
    )[:5]
    return (
        "communities/panels/my_communities.html",
        {"communities": communities, "meetings": list(meetings)},
    )


@hooks.register("before_edit_page")
def point_translation_editor_to_the_meeting_record(request, page):
    """wagtail-localize's translation editor shows the text to translate only: a
    meeting's date, venue and attendance are recorded once, on the page its
    translations come from. Say so there, with a link to record them."""
    if request.method != "GET" or not isinstance(page.specific, MeetingPage):
        return None
    translation = translation_into(page)
    if translation is None:
        return None
    source = translation.source.get_source_instance()
    if not source.permissions_for_user(request.user).can_edit():
        return None
    messages.info(
        request,
        _(
            "Date, venue and attendance are the same in every language: they are "
            "recorded on the original page (%(language)s)."
        )
        % {"language": source.locale.get_display_name()},
        buttons=[
            messages.button(
                reverse("wagtailadmin_pages:edit", args=[source.pk]),
                _("Record attendance"),
            )
        ],
    )
    return None


# Each community's collection and its coordination group's: the audience of a
# document is read from where it lives (intranet.access.audiences).
hooks.register(COLLECTION_TIERS_HOOK, services.collection_tiers)
