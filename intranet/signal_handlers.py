"""Keep a page's view restriction identical on all of its translations.

wagtail-localize copies restrictions when it creates or syncs a translation; this
covers the other moment: a restriction added, changed or removed later in the
admin's privacy dialog takes effect on every language at once. And any write
during a request drops that request's memory of what the user may see.
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_migrate,
)
from wagtail.models import PageViewRestriction
from wagtail.signals import post_page_move

from .access import forget_access_cache
from .caching import content_saved, migration_finished, migration_started

_mirroring = threading.local()


@contextmanager
def restrictions_not_mirrored():
    """Write view restrictions without copying them to translations.

    For the mirror's own writes, and for a caller that writes every translation
    itself. Nests: leaving an inner block keeps the outer one in force.
    """
    previous = getattr(_mirroring, "active", False)
    _mirroring.active = True
    try:
        yield
    finally:
        _mirroring.active = previous


def _is_mirroring():
    return getattr(_mirroring, "active", False)


def _translations_of(page):
    return page.get_translations(inclusive=False)


def _mirror(restriction):
    if _is_mirroring():
        return
    with restrictions_not_mirrored():
        group_ids = list(restriction.groups.values_list("pk", flat=True))
        for page in _translations_of(restriction.page):
            copy = page.view_restrictions.first()
            if copy is None:
                copy = PageViewRestriction(page=page)
            copy.restriction_type = restriction.restriction_type
            copy.password = restriction.password
            copy.save()
            copy.groups.set(group_ids)


def _adopt_from_translation(restriction):
    """A restriction created on a translation whose source is already restricted
    is a copy (wagtail-localize copies it without its groups): take the groups."""
    sibling = (
        PageViewRestriction.objects.filter(
            page__in=_translations_of(restriction.page),
            restriction_type=restriction.restriction_type,
        )
        .exclude(pk=restriction.pk)
        .first()
    )
    if sibling is None:
        return False
    with restrictions_not_mirrored():
        restriction.groups.set(sibling.groups.all())
    return True


def mirror_restriction_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw or _is_mirroring():
        return
    if created and _adopt_from_translation(instance):
        return
    _mirror(instance)


def mirror_restriction_groups(sender, instance, action, reverse, pk_set, **kwargs):
    if _is_mirroring():
        return
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            _mirror(instance)
        return
    # From the group's side (`group.pageviewrestriction_set`): the restrictions
    # it joined or left; a clear names them only before it happens.
    if action == "pre_clear":
        instance._restrictions_cleared = list(
            PageViewRestriction.objects.filter(groups=instance)
        )
    elif action == "post_clear":
        for restriction in instance.__dict__.pop("_restrictions_cleared", ()):
            _mirror(restriction)
    elif action in ("post_add", "post_remove"):
        for restriction in PageViewRestriction.objects.filter(pk__in=pk_set):
            _mirror(restriction)


def mirror_restriction_deleted(sender, instance, **kwargs):
    if _is_mirroring():
        return
    with restrictions_not_mirrored():
        try:
            pages = _translations_of(instance.page)
        except PageViewRestriction.page.RelatedObjectDoesNotExist:
            return  # the page itself is being deleted
        PageViewRestriction.objects.filter(page__in=pages).delete()


def register():
    post_save.connect(mirror_restriction_saved, sender=PageViewRestriction)
    post_delete.connect(mirror_restriction_deleted, sender=PageViewRestriction)
    m2m_changed.connect(
        mirror_restriction_groups, sender=PageViewRestriction.groups.through
    )
    # Any write (a membership, a group, a restriction) may change who sees what.
    post_save.connect(forget_access_cache, dispatch_uid="forget-access-on-save")
    post_delete.connect(forget_access_cache, dispatch_uid="forget-access-on-delete")
    m2m_changed.connect(forget_access_cache, dispatch_uid="forget-access-on-m2m")
    # Any write that a page may show moves shared fragments and cached pages on.
    post_save.connect(content_saved, dispatch_uid="content-changed-on-save")
    post_delete.connect(content_saved, dispatch_uid="content-changed-on-delete")
    m2m_changed.connect(content_saved, dispatch_uid="content-changed-on-m2m")
    post_page_move.connect(content_saved, dispatch_uid="content-changed-on-move")
    pre_migrate.connect(migration_started, dispatch_uid="content-migration-started")
    post_migrate.connect(migration_finished, dispatch_uid="content-migration-finished")
