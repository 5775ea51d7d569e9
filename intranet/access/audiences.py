"""Who an object is for: its audience, derived from where it lives.

Every restricted object has exactly one audience: the public; the members of a
community (its members area and collection); its coordination group (the
coordination area inside the members area and the coordination collection
inside the community's collection); or its moderators only (attributed notes,
read through their permission policy). Where an object lives decides: a
document's confidentiality is read from its collection, never set beside it,
and choosing another confidentiality moves the document to the collection that
has it.

The project package knows no community: each app that keeps tiered
collections lists them through the `minka_collection_tiers` Wagtail hook (a
function returning `CollectionTier`s).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Collection

from .visibility import collection_is_restricted

COLLECTION_TIERS_HOOK = "minka_collection_tiers"


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members of the community")
    COORDINATION = "coordination", _("Coordination group only")
    MODERATORS = "moderators", _("Moderators only")


@dataclass(frozen=True)
class CollectionTier:
    """A community's restricted collection and its coordination group's own
    collection inside it."""

    members: Collection
    coordination: Collection


def collection_tiers():
    """Every tier the apps keep (a query or two, asked only when a document is
    checked or saved)."""
    tiers = []
    for tiers_of in hooks.get_hooks(COLLECTION_TIERS_HOOK):
        tiers.extend(tiers_of())
    return tiers


def _within(collection, ancestor):
    return collection.path.startswith(ancestor.path)


def collection_audience(collection, tiers=None):
    """The audience of what lives in `collection` (None: the public)."""
    if collection is None:
        return Audience.PUBLIC
    for tier in collection_tiers() if tiers is None else tiers:
        if _within(collection, tier.coordination):
            return Audience.COORDINATION
    if collection_is_restricted(collection):
        return Audience.MEMBERS
    return Audience.PUBLIC


def collection_for_audience(collection, audience):
    """Where something in `collection` goes to reach `audience`: `collection`
    itself when it has that audience, the other tier of the same community, or
    None when no collection near it has it."""
    tiers = collection_tiers()
    if collection_audience(collection, tiers) == audience:
        return collection
    for tier in tiers:
        if not _within(collection, tier.members):
            continue
        if audience == Audience.COORDINATION:
            return tier.coordination
        if audience == Audience.MEMBERS:
            return tier.members
    return None


def coordination_collection_ids():
    """Ids of the coordination collections: reached by choosing a document's
    confidentiality, not offered as collections of their own."""
    return {tier.coordination.pk for tier in collection_tiers()}
