"""Keep each community's groups in step with its memberships, at once."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import CommunityPage, Membership
from .services import set_up_community, sync_community_groups


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
