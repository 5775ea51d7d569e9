"""Who may do what with a community's own records in the back office.

A community's moderators (its coordination group and secretariat, derived from
memberships) hold their model rights through the community's moderators group;
these policies make those rights reach only the rows of the communities they
moderate. Every admin view asks them (see `intranet.admin_access`).
"""

from intranet.access import within_paths
from intranet.admin_access import ScopedModelPermissionPolicy

from .models import AttributedNote, CommunityPage, MeetingPage, Membership


def moderated_communities(user):
    """Every translation of the communities `user` moderates (all of them for
    an active site administrator)."""
    if user.is_active and user.is_superuser:
        return CommunityPage.objects.all()
    if not user.is_authenticated or not user.is_active:
        return CommunityPage.objects.none()
    return CommunityPage.objects.filter(moderators_group__in=user.groups.all())


def moderated_meetings(user):
    """Meetings (in every language) of the communities `user` moderates."""
    paths = moderated_communities(user).values_list("path", flat=True)
    return MeetingPage.objects.filter(within_paths(paths))


class MembershipPermissionPolicy(ScopedModelPermissionPolicy):
    def rows_in_scope(self, user):
        return Membership.objects.filter(community__in=moderated_communities(user))


class AttributedNotePermissionPolicy(ScopedModelPermissionPolicy):
    """Chatham House notes: only the meeting's own moderators reach them."""

    def rows_in_scope(self, user):
        return AttributedNote.objects.filter(meeting__in=moderated_meetings(user))
