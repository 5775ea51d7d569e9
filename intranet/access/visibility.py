"""The one answer to "what may this user see".

Memberships decide who belongs to a community; the community's Wagtail groups are
derived from them; Wagtail's page view restrictions and collection privacy use those
groups. Every listing, menu, search, feed, sitemap and API narrows its queryset
through the functions here, inside the query, so counts and pages stay right and
nothing restricted is ever fetched for someone who may not see it.

Password-protected pages are never listed: a password opens one page for one
session, it does not make the page part of anyone's listings.

What a user may not see is worked out afresh for every request (so a membership
change counts at once) and at most once within it: a page asks several times
(menu, panels, search, facets), and `AccessCacheMiddleware` keeps the answer for
the rest of that request. Any database write during the request forgets it.
"""

import contextvars
from contextlib import contextmanager

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Length, Substr
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupPagePermission,
    Page,
    PageViewRestriction,
)

_cache = contextvars.ContextVar("minka_access_cache", default=None)
_reader = contextvars.ContextVar("minka_reader", default=None)


@contextmanager
def access_cache():
    """Within this block, each user's hidden paths are worked out once."""
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


@contextmanager
def reading_as(user):
    """Within this block, what is rendered is rendered for `user` (see
    `current_reader`)."""
    token = _reader.set(user)
    try:
        yield
    finally:
        _reader.reset(token)


def current_reader():
    """Who the page being rendered is for: the request's user, set by
    `AccessCacheMiddleware`. Rendering that is not passed the reader (rich
    text) asks here. With no reader known (a task, an email, indexing), an
    anonymous visitor: what is rendered then shows only what is public."""
    reader = _reader.get()
    return reader if reader is not None else AnonymousUser()


def forget_access_cache(**kwargs):
    """Signal receiver: a write may change who sees what."""
    cache = _cache.get()
    if cache:
        cache.clear()


def _cached(kind, user, compute):
    cache = _cache.get()
    if cache is None:
        return compute()
    key = (kind, user.pk if user.is_authenticated else None)
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _group_ids(user):
    # Not cached on the user object: a membership change must count at once.
    if not user.is_authenticated:
        return set()
    return set(user.groups.values_list("id", flat=True))


def group_ids_of(user):
    """Ids of the groups `user` belongs to, read once per request."""
    return _cached("groups", user, lambda: _group_ids(user))


LOGIN_RESTRICTIONS = (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS)


def passes_restriction(user, restriction, in_a_group):
    """Whether `user` passes one view restriction without a password session;
    `in_a_group` says whether they belong to one of the restriction's groups."""
    kind = restriction.restriction_type
    if kind == BaseViewRestriction.NONE:
        return True
    if kind == BaseViewRestriction.PASSWORD:
        return False
    if user.is_superuser and user.is_active:
        return True
    if kind == BaseViewRestriction.LOGIN:
        return user.is_authenticated
    if kind == BaseViewRestriction.GROUPS:
        return in_a_group
    return False


def with_group_membership(restrictions, user, fk):
    """View `restrictions` (a queryset), each annotated with `in_a_group`: whether
    `user` belongs to one of its groups, asked inside the same query. `fk` names
    the restriction's column in its groups table."""
    through = restrictions.model.groups.through
    if user.is_authenticated:
        in_a_group = Exists(
            through.objects.filter(**{fk: OuterRef("pk")}, group__user=user.pk)
        )
    else:
        in_a_group = Value(False)
    return restrictions.annotate(in_a_group=in_a_group)


def unmet_restrictions(user, restrictions):
    """The page view `restrictions` that `user` does not pass (password ones
    always: only a password session opens them)."""
    restrictions = with_group_membership(restrictions, user, "pageviewrestriction_id")
    return [r for r in restrictions if not passes_restriction(user, r, r.in_a_group)]


def turned_away(user, restrictions):
    """Whether a login or group restriction among `restrictions` (a page's or a
    collection's view restrictions, as a queryset) turns `user` away. Password
    restrictions are left out: Wagtail's password form answers those."""
    fk = f"{restrictions.model._meta.model_name}_id"
    return any(
        restriction.restriction_type in LOGIN_RESTRICTIONS
        and not passes_restriction(user, restriction, restriction.in_a_group)
        for restriction in with_group_membership(restrictions, user, fk)
    )


def _failed_paths(user, restrictions, fk, path_of):
    """Paths of the restrictions `user` fails, in one query."""
    paths = {
        path_of(r)
        for r in with_group_membership(restrictions, user, fk)
        if not passes_restriction(user, r, r.in_a_group)
    }
    # Keep only the outermost paths: a subtree inside a hidden subtree adds nothing.
    outermost = []
    for path in sorted(paths):
        if not any(path.startswith(kept) for kept in outermost):
            outermost.append(path)
    return outermost


def hidden_page_paths(user):
    """Tree paths of page subtrees `user` may not view."""

    def compute():
        restrictions = PageViewRestriction.objects.select_related("page").only(
            "restriction_type", "page__path"
        )
        return _failed_paths(
            user, restrictions, "pageviewrestriction_id", lambda r: r.page.path
        )

    return _cached("pages", user, compute)


def hidden_collection_paths(user):
    """Tree paths of collection subtrees `user` may not view."""

    def compute():
        restrictions = CollectionViewRestriction.objects.select_related(
            "collection"
        ).only("restriction_type", "collection__path")
        return _failed_paths(
            user,
            restrictions,
            "collectionviewrestriction_id",
            lambda r: r.collection.path,
        )

    return _cached("collections", user, compute)


def within_paths(paths, field="path"):
    """A condition matching rows whose tree path `field` lies below any of `paths`
    (no path: matches nothing)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def _exclude_paths(queryset, paths, field):
    if not paths:
        return queryset
    return queryset.exclude(within_paths(paths, field))


def visible_pages_for(user, queryset=None):
    """Live pages `user` may view, narrowed inside the query.

    `queryset` is any page queryset (a specific model's `objects`, a search
    queryset's base, a listing); it defaults to every page.
    """
    if queryset is None:
        queryset = Page.objects.all()
    queryset = queryset.filter(live=True)
    return _exclude_paths(queryset, hidden_page_paths(user), "path")


def can_view_page(user, page):
    """Whether `user` may view `page` (live or not is the caller's concern)."""
    return not any(page.path.startswith(path) for path in hidden_page_paths(user))


def sees_group_restricted_content(user):
    """Whether `user` may read pages or media restricted to some groups (a
    community's members area, its library): what they search for may echo what
    they read there."""
    if not user.is_authenticated:
        return False
    if user.is_active and user.is_superuser:
        return True
    group_ids = _group_ids(user)
    if not group_ids:
        return False
    return (
        PageViewRestriction.objects.filter(groups__in=group_ids).exists()
        or CollectionViewRestriction.objects.filter(groups__in=group_ids).exists()
    )


def edited_page_paths(user):
    """Tree paths of the subtrees where `user` holds any page right (add, change,
    publish…) through a group: where their drafts and their colleagues' live."""

    def compute():
        if not user.is_authenticated:
            return []
        return list(
            GroupPagePermission.objects.filter(group__user=user)
            .values_list("page__path", flat=True)
            .distinct()
        )

    return _cached("edited", user, compute)


def admin_visible_pages_for(user, queryset=None):
    """Pages `user` may meet in the back office (explorer, choosers, reports, bulk
    actions): what they may view on the site, and drafts only where they work.

    Unlike `visible_pages_for`, drafts are kept below the pages the user holds
    rights on; a view restriction hides a page, live or not, as it does on the site.
    """
    if queryset is None:
        queryset = Page.objects.all()
    if user.is_active and user.is_superuser:
        return queryset
    queryset = _exclude_paths(queryset, hidden_page_paths(user), "path")
    return queryset.filter(Q(live=True) | within_paths(edited_page_paths(user)))


def visible_collections_for(user, queryset=None):
    if queryset is None:
        queryset = Collection.objects.all()
    return _exclude_paths(queryset, hidden_collection_paths(user), "path")


def can_view_collection(user, collection):
    return not any(
        collection.path.startswith(path) for path in hidden_collection_paths(user)
    )


def hidden_collection_ids(user):
    """Ids of the collections `user` may not view (one query per request)."""

    def compute():
        paths = hidden_collection_paths(user)
        if not paths:
            return frozenset()
        return frozenset(
            Collection.objects.filter(within_paths(paths)).values_list("pk", flat=True)
        )

    return _cached("collection_ids", user, compute)


def can_view_media(user, item):
    """Whether `user` may view a document or image (no query of its own beyond
    the request's cached answer)."""
    if item is None:
        return False
    return item.collection_id not in hidden_collection_ids(user)


def visible_media_for(user, queryset):
    """Documents or images (anything with a `collection`) that `user` may view."""
    return _exclude_paths(queryset, hidden_collection_paths(user), "collection__path")


def collection_is_restricted(collection):
    """Whether a view restriction lies on `collection` or a collection above it."""
    return CollectionViewRestriction.objects.filter(
        collection__path__in=[
            collection.path[:end]
            for end in range(
                collection.steplen, len(collection.path) + 1, collection.steplen
            )
        ]
    ).exists()


def below_a_collection_hidden_from(user, path_field):
    """A condition on rows whose collection path (`path_field`, for example
    "document__collection__path") lies below a view restriction that signed-in
    `user` does not pass: `passes_restriction` asked inside the query, for a
    count that must stay one query (the header's)."""
    restrictions = with_group_membership(
        CollectionViewRestriction.objects.all(), user, "collectionviewrestriction_id"
    )
    fails = Q(restriction_type=CollectionViewRestriction.PASSWORD)
    if not (user.is_superuser and user.is_active):
        fails |= Q(restriction_type=CollectionViewRestriction.GROUPS, in_a_group=False)
    path = OuterRef(path_field)
    return Exists(
        restrictions.filter(fails).filter(
            collection__path=Substr(path, 1, Length("collection__path"))
        )
    )
