"""Keep each community's groups in step with its memberships, at once."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import PageViewRestriction

from .models import CommunityPage, MembersAreaPage, Membership
from .services import restrict_members_area, set_up_community, sync_community_groups


def community_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    if created or instance.members_group_id is None:
        set_up_community(instance)


def membership_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    try:
        community = CommunityPage.objects.get(pk=instance.community_id)
    except CommunityPage.DoesNotExist:
        return  # the community itself is being deleted
    sync_community_groups(community)


def representatives_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        memberships = [instance]
    elif action == "post_clear":
        # A user's memberships cleared: resync every community (rare).
        memberships = Membership.objects.all()
    else:
        memberships = Membership.objects.filter(pk__in=pk_set or ())
    community_ids = {membership.community_id for membership in memberships}
    for community in CommunityPage.objects.filter(pk__in=community_ids):
        sync_community_groups(community)


def register():
    post_save.connect(community_saved, sender=CommunityPage)
    post_save.connect(membership_changed, sender=Membership)
    post_delete.connect(membership_changed, sender=Membership)
    m2m_changed.connect(
        representatives_changed, sender=Membership.representatives.through
    )
    post_save.connect(members_area_restriction_changed, sender=PageViewRestriction)
    post_delete.connect(members_area_restriction_changed, sender=PageViewRestriction)
    m2m_changed.connect(
        members_area_restriction_changed, sender=PageViewRestriction.groups.through
    )


def members_area_restriction_changed(sender, instance, **kwargs):
    """A members area stays restricted to its community, whatever the admin does.

    Moderators may publish, and publishing rights include the privacy dialog;
    once the request's changes are committed, put the community's rule back.
    """
    page_id = instance.page_id
    transaction.on_commit(lambda: enforce_members_area_restriction(page_id))


def enforce_members_area_restriction(page_id):
    area = MembersAreaPage.objects.filter(pk=page_id).first()
    if area is None:
        return
    community = CommunityPage.objects.filter(pk=area.get_parent().pk).first()
    if community is None or community.members_group_id is None:
        return
    expected = {community.members_group_id, community.moderators_group_id}
    restriction = area.view_restrictions.first()
    if (
        restriction is not None
        and restriction.restriction_type == PageViewRestriction.GROUPS
        and set(restriction.groups.values_list("pk", flat=True)) == expected
    ):
        return
    restrict_members_area(area, community)
