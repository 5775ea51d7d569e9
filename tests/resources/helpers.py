"""Building blocks the knowledge-base tests share."""

from wagtail.models import Collection, CollectionViewRestriction


def restricted_collection(group, name="Members only"):
    """A collection only `group` may view (as a community's members collection)."""
    collection = Collection.get_first_root_node().add_child(name=name)
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    return collection
