"""Who belongs to a community, answered from its Wagtail groups.

The groups are derived from memberships (`services.sync_community_groups`), so
these checks and Wagtail's own view restrictions always agree.
"""

from intranet.access import group_ids_of


def _in_group(user, group_id):
    if not user.is_authenticated or group_id is None:
        return False
    return group_id in group_ids_of(user)


def is_moderator(user, community):
    """Coordination group or secretariat of `community` (or a site administrator)."""
    if user.is_authenticated and user.is_superuser and user.is_active:
        return True
    return _in_group(user, community.moderators_group_id)


def is_member(user, community):
    """Whether `user` may see `community`'s member-only sections."""
    if is_moderator(user, community):
        return True
    return _in_group(user, community.members_group_id)
