"""Keep each community's groups in step with its memberships, at once, and its
members area restricted to those groups in every language."""

import threading
from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from wagtail.models import PageViewRestriction

from intranet.signal_handlers import restrictions_not_mirrored

from .models import CommunityPage, CoordinationAreaPage, MembersAreaPage, Membership
from .services import (
    restrict_coordination_area,
    restrict_members_area,
    set_up_community,
    set_up_coordination_everywhere,
    sync_community_groups,
)

# Set while the members-area rule is being written back, so that those writes are
# not taken for one more change to undo.
_enforcing = threading.local()


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


def tiers_after_migrate(sender, **kwargs):
    """A site upgraded from before the coordination tier gets it."""
    if sender.label == "communities":
        set_up_coordination_everywhere()


def register():
    post_migrate.connect(tiers_after_migrate, dispatch_uid="minka_coordination_tier")
    post_save.connect(community_saved, sender=CommunityPage)
    post_save.connect(membership_changed, sender=Membership)
    post_delete.connect(membership_changed, sender=Membership)
    m2m_changed.connect(
        representatives_changed, sender=Membership.representatives.through
    )
    post_save.connect(members_area_restriction_saved, sender=PageViewRestriction)
    post_delete.connect(members_area_restriction_deleted, sender=PageViewRestriction)
    m2m_changed.connect(
        members_area_restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
    )


def members_area_restriction_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _enforce_after_commit([instance.page_id])


def members_area_restriction_deleted(sender, instance, **kwargs):
    _enforce_after_commit([instance.page_id])


def members_area_restriction_groups_changed(
    sender, instance, action, reverse, pk_set, **kwargs
):
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            _enforce_after_commit([instance.page_id])
        return
    # From the group's side: the restrictions it joined or left (a clear names
    # them only before it happens; the check still runs after the commit).
    if action == "pre_clear":
        restrictions = PageViewRestriction.objects.filter(groups=instance)
    elif action in ("post_add", "post_remove"):
        restrictions = PageViewRestriction.objects.filter(pk__in=pk_set)
    else:
        return
    _enforce_after_commit(restrictions.values_list("page_id", flat=True))


def _enforce_after_commit(page_ids):
    """A members area stays restricted to its community, whatever the admin does.

    The check runs once the change is committed (at once outside a transaction),
    and never for the rule's own writes: those would otherwise start it again.
    """
    if getattr(_enforcing, "active", False):
        return
    for page_id in set(page_ids):
        transaction.on_commit(partial(enforce_members_area_restriction, page_id))


# The areas whose restriction a community decides, and how it writes it.
AREA_RULES = (
    (MembersAreaPage, restrict_members_area),
    (CoordinationAreaPage, restrict_coordination_area),
)


def enforce_members_area_restriction(page_id):
    """Put the community's rule back on a members or coordination area and its
    translations."""
    found = (
        (area, restrict)
        for model, restrict in AREA_RULES
        if (area := model.objects.filter(pk=page_id).first()) is not None
    )
    area, restrict = next(found, (None, None))
    if area is None:
        return
    community = area.community
    if community is None or community.members_group_id is None:
        return
    _enforcing.active = True
    try:
        # Every translation is written here, so the mirror stays out of it.
        with transaction.atomic(), restrictions_not_mirrored():
            restrict(area, community)
    finally:
        _enforcing.active = False
