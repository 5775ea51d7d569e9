"""Admin registration: institutions, memberships and attributed notes as snippets.

Memberships and attributed notes are scoped: a community's moderators see and
edit only their own communities' rows; site administrators see everything.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet

from intranet.access import visible_pages_for
from intranet.models import HOME_PANELS_HOOK

from .models import AttributedNote, CommunityPage, Institution, MeetingPage, Membership


def moderated_keys(user):
    """translation_keys of the communities `user` moderates (None: all)."""
    if user.is_superuser:
        return None
    group_ids = user.groups.values_list("pk", flat=True)
    return CommunityPage.objects.filter(moderators_group__in=group_ids).values(
        "translation_key"
    )


def _meeting_keys(user):
    keys = moderated_keys(user)
    meetings = MeetingPage.objects.all()
    if keys is None:
        return meetings
    communities = CommunityPage.objects.filter(translation_key__in=keys)
    paths = list(communities.values_list("path", flat=True))
    if not paths:
        return meetings.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return meetings.filter(condition)


class ScopedEditView(EditView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.viewset_scope(self.request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied
        return obj


class ScopedDeleteView(DeleteView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.viewset_scope(self.request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied
        return obj


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "group"
    menu_label = _("Institutions")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "acronym", "pillar", "country"]
    list_filter = ["pillar"]
    search_fields = ["name", "acronym"]


class AttributedNoteForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "meeting" in self.fields:
            self.fields["meeting"].queryset = _meeting_keys(self.for_user)


def _note_scope(user):
    return AttributedNote.objects.filter(meeting__in=_meeting_keys(user))


class NoteEditView(ScopedEditView):
    viewset_scope = staticmethod(_note_scope)


class NoteDeleteView(ScopedDeleteView):
    viewset_scope = staticmethod(_note_scope)


class AttributedNoteViewSet(SnippetViewSet):
    """Chatham House notes: only the meeting's own moderators reach them."""

    model = AttributedNote
    icon = "lock"
    menu_label = _("Attributed notes")
    add_to_admin_menu = True
    menu_order = 302
    list_display = ["meeting", "speaker_institution", "created_at"]
    edit_view_class = NoteEditView
    delete_view_class = NoteDeleteView
    panels = [
        FieldPanel("meeting"),
        FieldPanel("speaker_institution"),
        FieldPanel("speaker_name"),
        FieldPanel("text"),
    ]

    def get_queryset(self, request):
        return _note_scope(request.user).select_related(
            "meeting", "speaker_institution"
        )


def _membership_scope(user):
    keys = moderated_keys(user)
    memberships = Membership.objects.all()
    if keys is None:
        return memberships
    return memberships.filter(community__translation_key__in=keys)


class MembershipEditView(ScopedEditView):
    viewset_scope = staticmethod(_membership_scope)


class MembershipDeleteView(ScopedDeleteView):
    viewset_scope = staticmethod(_membership_scope)


class MembershipForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keys = moderated_keys(self.for_user) if self.for_user else None
        if keys is not None and "community" in self.fields:
            self.fields["community"].queryset = CommunityPage.objects.filter(
                translation_key__in=keys
            )


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "group"
    menu_label = _("Memberships")
    add_to_admin_menu = True
    menu_order = 301
    list_display = ["institution", "community", "role", "status"]
    list_filter = ["status", "role"]
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView
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
        return _membership_scope(request.user).select_related(
            "institution", "community"
        )


AttributedNote.base_form_class = AttributedNoteForm
Membership.base_form_class = MembershipForm

register_snippet(InstitutionViewSet)
register_snippet(MembershipViewSet)
register_snippet(AttributedNoteViewSet)


@hooks.register(HOME_PANELS_HOOK)
def my_communities_panel(request):
    """ "My communities" and their upcoming meetings, for a logged-in member."""
    if not request.user.is_authenticated:
        return None
    group_ids = list(request.user.groups.values_list("pk", flat=True))
    locale = Locale.get_active()
    communities = list(
        CommunityPage.objects.live()
        .filter(locale=locale)
        .filter(Q(members_group__in=group_ids) | Q(moderators_group__in=group_ids))
        .order_by("title")
    )
    if not communities:
        return None
    condition = Q()
    for community in communities:
        condition |= Q(path__startswith=community.path)
    meetings = visible_pages_for(
        request.user,
        MeetingPage.objects.live()
        .filter(condition, starts_at__gte=timezone.now())
        .order_by("starts_at"),
    )[:5]
    return (
        "communities/panels/my_communities.html",
        {"communities": communities, "meetings": list(meetings)},
    )
