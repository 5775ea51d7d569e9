"""The site-wide editorial roles, as Wagtail groups (created by a data migration).

Editors write case studies and good practices and submit them for moderation;
Moderators approve and publish them. Their page rights are granted on the
knowledge-base index pages only, never on the whole tree: community subtrees
belong to each community's own moderators.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

EDITORS = "Editors"
MODERATORS = "Moderators"

_RIGHTS = {
    EDITORS: ("add_page", "change_page"),
    MODERATORS: ("add_page", "change_page", "publish_page"),
}


def grant_editorial_rights(index_page):
    """Let Editors draft, and Moderators publish, pages below `index_page`."""
    for group_name, codenames in _RIGHTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=index_page, permission=permission
            )
