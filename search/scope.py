"""What one reader may search: the one place search asks intranet.access.

`scope_for(user)` turns "what may this user see" into a `Scope` (hidden page
paths, hidden collections, locales), and every engine puts that scope inside
its own query, so nothing restricted is ever counted, ranked or hinted at.
"""

from dataclasses import dataclass

from wagtail.models import Collection

from intranet.access import hidden_collection_paths, hidden_page_paths, within_paths
from search.models import SearchEntry


@dataclass(frozen=True)
class Scope:
    """What one reader may search: restricted subtrees and collections left out,
    and the locales asked for (None: every locale)."""

    hidden_paths: tuple = ()
    hidden_collections: tuple = ()
    locales: tuple | None = None

    def entries(self):
        """The entries in scope, as a queryset (the database engines' start)."""
        entries = SearchEntry.objects.all()
        if self.hidden_paths:
            entries = entries.exclude(within_paths(self.hidden_paths, "page_path"))
        if self.hidden_collections:
            entries = entries.exclude(collection_id__in=self.hidden_collections)
        if self.locales is not None:
            entries = entries.filter(locale__in=self.locales)
        return entries

    def with_locales(self, locales):
        """The same reader's scope in other locales."""
        return Scope(self.hidden_paths, self.hidden_collections, tuple(locales))


def _hidden_collection_ids(user):
    """Ids of every collection inside a subtree `user` may not view."""
    paths = hidden_collection_paths(user)
    if not paths:
        return ()
    return tuple(
        Collection.objects.filter(within_paths(paths))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def scope_for(user, locales=None):
    """What `user` may search (intranet.access decides), in `locales`."""
    return Scope(
        hidden_paths=tuple(hidden_page_paths(user)),
        hidden_collections=_hidden_collection_ids(user),
        locales=tuple(locales) if locales is not None else None,
    )
