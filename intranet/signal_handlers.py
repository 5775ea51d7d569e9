"""Keep a page's view restriction identical on all of its translations.

wagtail-localize copies restrictions when it creates or syncs a translation; this
covers the other moment: a restriction added, changed or removed later in the
admin's privacy dialog takes effect on every language at once. And any write
during a request drops that request's memory of what the user may see.
"""

import threading

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import PageViewRestriction

from .access import forget_access_cache

_mirroring = threading.local()


def _translations_of(page):
    return page.get_translations(inclusive=False)


def _mirror(restriction):
    if getattr(_mirroring, "active", False):
        return
    _mirroring.active = True
    try:
        group_ids = list(restriction.groups.values_list("pk", flat=True))
        for page in _translations_of(restriction.page):
            copy = page.view_restrictions.first()
            if copy is None:
                copy = PageViewRestriction(page=page)
            copy.restriction_type = restriction.restriction_type
            copy.password = restriction.password
            copy.save()
            copy.groups.set(group_ids)
    finally:
        _mirroring.active = False


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
    _mirroring.active = True
    try:
        restriction.groups.set(sibling.groups.all())
    finally:
        _mirroring.active = False
    return True


def mirror_restriction_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw or getattr(_mirroring, "active", False):
        return
    if created and _adopt_from_translation(instance):
        return
    _mirror(instance)


def mirror_restriction_groups(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _mirror(instance)


def mirror_restriction_deleted(sender, instance, **kwargs):
    if getattr(_mirroring, "active", False):
        return
    _mirroring.active = True
    try:
        pages = _translations_of(instance.page)
        PageViewRestriction.objects.filter(page__in=pages).delete()
    except PageViewRestriction.page.RelatedObjectDoesNotExist:
        pass  # the page itself is being deleted
    finally:
        _mirroring.active = False


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
