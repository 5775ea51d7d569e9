"""The site-wide editorial roles, as Wagtail groups (created by a data migration).

Editors write case studies and good practices and submit them for moderation;
Moderators approve and publish them. Their page rights are granted on the
knowledge-base index pages only, never on the whole tree: community subtrees
belong to each community's own moderators.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupCollectionPermission, GroupPagePermission

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


# Wagtail checks media rights against its own models' permissions, whatever
# the custom document and image models are (WAGTAILDOCS_DOCUMENT_MODEL…).
MEDIA_PERMISSION_MODELS = (("wagtaildocs", "document"), ("wagtailimages", "image"))
MEDIA_ACTIONS = ("add", "change", "choose")


def grant_media_rights(collection, groups):
    """Let `groups` add, change and choose documents and images in `collection`
    (and the collections below it), and nowhere else."""
    permissions = [
        Permission.objects.get(
            content_type__app_label=app_label, codename=f"{action}_{model}"
        )
        for app_label, model in MEDIA_PERMISSION_MODELS
        for action in MEDIA_ACTIONS
    ]
    for group in groups:
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


def editorial_groups():
    return [Group.objects.get_or_create(name=name)[0] for name in _RIGHTS]
