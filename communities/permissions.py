"""Who may do what with a community's own records in the back office.

A community's moderators (its coordination group and secretariat, derived from
memberships) hold their model rights through the community's moderators group;
these policies make those rights reach only the rows of the communities they
moderate. Every admin view asks them (see `intranet.access.admin_gate`).
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, Q
from django.db.models.functions import Cast
from wagtail.models import ModelLogEntry

from intranet.access import within_paths
from intranet.access.policies import ScopedModelPermissionPolicy

from .models import (
    AttributedNote,
    CommunityPage,
    Institution,
    MeetingPage,
    Membership,
)


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


def _holds_rights_beyond_communities(user, model):
    """Whether `user` holds a right on `model` other than through a community's
    moderators group: one a site administrator granted them, or a group of
    theirs that is not a community's (the editorial roles, for instance)."""
    community_groups = CommunityPage.objects.exclude(moderators_group=None).values(
        "moderators_group"
    )
    other_groups = user.groups.exclude(pk__in=community_groups)
    return (
        Permission.objects.filter(content_type=ContentType.objects.get_for_model(model))
        .filter(Q(user=user) | Q(group__in=other_groups))
        .exists()
    )


def _added_and_unattached(user):
    """Institutions `user` added in the admin that belong to no community yet:
    the one they are about to record a membership for."""
    added = (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Institution),
            action="wagtail.create",
            user=user,
        )
        .annotate(institution=Cast("object_id", BigIntegerField()))
        .values("institution")
    )
    return Institution.objects.filter(pk__in=added, memberships=None)


class InstitutionPermissionPolicy(ScopedModelPermissionPolicy):
    """Institutions are shared by every community, but who applied where is not:
    a community's moderators reach the institutions that are, or asked to be,
    members of the communities they moderate (a membership of any status; a
    request to represent one hangs on such a membership), and those they added
    themselves and have not yet recorded a membership for. Rights held
    otherwise (a site-wide group) reach every institution, as before."""

    def rows_in_scope(self, user):
        if _holds_rights_beyond_communities(user, Institution):
            return Institution.objects.all()
        asked = Membership.objects.filter(
            community__in=moderated_communities(user)
        ).values("institution")
        return Institution.objects.filter(
            Q(pk__in=asked) | Q(pk__in=_added_and_unattached(user).values("pk"))
        )
