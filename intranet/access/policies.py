"""Wagtail's permission policies for pages, documents, images and collections,
narrowed by the access layer.

Wagtail's own policies grant rights by group on a subtree of pages or
collections; they do not know about view restrictions. The policies here keep
Wagtail's rule and take away whatever `intranet.access` says the user may not
see, so every admin view that asks `policy_registry` (explorer, choosers, the
admin API, reports, home panels, listings, bulk actions) meets only what the
user may see. `register()` puts them in the registry from
`IntranetConfig.ready()`, before anything can ask for them.

Each policy also answers `visible_instances(user, queryset)`: the rows of
`queryset` the user may meet in the back office whatever the action, which is
what `intranet.admin_access` asks of an object named by an admin URL.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.collections import (
    CollectionManagementPermissionPolicy,
    CollectionOwnershipPermissionPolicy,
)
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from .visibility import (
    admin_visible_pages_for,
    can_view_collection,
    visible_collections_for,
)


def _is_site_administrator(user) -> bool:
    # Superusers pass every restriction but a password one, which Wagtail's
    # admin does not ask of them either.
    return user.is_active and user.is_superuser


class VisibleMediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection rights on documents or images, held only on media
    in collections the user may view."""

    def visible_instances(self, user, queryset: QuerySet) -> QuerySet:
        if _is_site_administrator(user):
            return queryset
        # By collection id, which the choosers' search backend can filter on.
        ids = list(visible_collections_for(user).values_list("pk", flat=True))
        return queryset.filter(collection_id__in=ids)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        instances = super().instances_user_has_any_permission_for(user, actions)
        return self.visible_instances(user, instances)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        if not _is_site_administrator(user) and not can_view_collection(
            user, instance.collection
        ):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def collections_user_has_any_permission_for(self, user, actions) -> QuerySet:
        collections = super().collections_user_has_any_permission_for(user, actions)
        if _is_site_administrator(user):
            return collections
        return visible_collections_for(user, collections)


class VisibleCollectionPermissionPolicy(CollectionManagementPermissionPolicy):
    """Wagtail's rights to manage collections, held only on collections the user
    may view."""

    def visible_instances(self, user, queryset: QuerySet) -> QuerySet:
        if _is_site_administrator(user):
            return queryset
        return visible_collections_for(user, queryset)

    def instances_user_has_permission_for(self, user, action) -> QuerySet:
        collections = super().instances_user_has_permission_for(user, action)
        return self.visible_instances(user, collections)

    def collections_user_has_any_permission_for(self, user, actions) -> QuerySet:
        # Also what `instances_user_has_any_permission_for` returns.
        collections = super().collections_user_has_any_permission_for(user, actions)
        return self.visible_instances(user, collections)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        if not _is_site_administrator(user) and not can_view_collection(user, instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)


class VisiblePagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page rights, listing only pages the user may meet in the back
    office (`admin_visible_pages_for`): what they may view, and drafts where
    they work. Explorer, admin API, workflow and home panels ask these two
    methods; rights on one page (edit, publish…) stay Wagtail's, and the URL of
    a page the user may not meet is refused by `intranet.admin_access`."""

    def visible_instances(self, user, queryset: QuerySet) -> QuerySet:
        return admin_visible_pages_for(user, queryset)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        pages = super().instances_user_has_any_permission_for(user, actions)
        return self.visible_instances(user, pages)

    def explorable_instances(self, user) -> QuerySet:
        return self.visible_instances(user, super().explorable_instances(user))


def visible_instances(policy, user, queryset: QuerySet) -> QuerySet:
    """`queryset` narrowed by `policy` when it knows what the user may see
    (the policies here and the scoped snippet policies); unchanged otherwise,
    for models whose every row is as visible as the model itself."""
    narrow = getattr(policy, "visible_instances", None)
    return narrow(user, queryset) if narrow else queryset


def register() -> None:
    """Register the policies above for pages, documents, images and collections.

    Run from `IntranetConfig.ready()`. Wagtail's documents and images apps
    register their own policies in their `ready()`, which runs after ours
    (`intranet` heads INSTALLED_APPS), so ours are registered for the exact
    class, which the registry asks before any class in the model's ancestry.
    """
    register_permission_policy(Page, VisiblePagePermissionPolicy(Page))
    register_permission_policy(
        Collection, VisibleCollectionPermissionPolicy(Collection), exact_class=True
    )
    for model, auth_model in (
        (get_document_model(), "wagtaildocs.Document"),
        (get_image_model(), "wagtailimages.Image"),
    ):
        policy = VisibleMediaPermissionPolicy(
            model, auth_model=auth_model, owner_field_name="uploaded_by_user"
        )
        register_permission_policy(model, policy, exact_class=True)


class ScopedModelPermissionPolicy(ModelPermissionPolicy):
    """Model rights granted through groups, held only on rows in the user's scope.

    Subclasses say which rows a user's rights reach (`rows_in_scope`); active
    superusers reach every row. A right on a row out of scope does not exist,
    for any action, so no view can show, copy, change or delete that row.
    """

    def rows_in_scope(self, user):
        """A queryset of the rows `user`'s rights reach (superusers excepted)."""
        raise NotImplementedError

    def _has_model_right(self, user, actions):
        return any(
            self.user_has_permission(user, action)
            for action in actions
            if action in ("add", "change", "delete", "view")
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if user.is_active and user.is_superuser:
            return self.model._default_manager.all()
        if not user.is_active or not self._has_model_right(user, actions):
            return self.model._default_manager.none()
        return self.rows_in_scope(user)

    def instances_user_may_see(self, user):
        """Every row `user` may meet in the admin, whatever the action."""
        return self.instances_user_has_any_permission_for(
            user, ["view", "change", "delete"]
        )

    def visible_instances(self, user, queryset):
        """The rows of `queryset` that `user` may meet in the admin."""
        return queryset.filter(pk__in=self.instances_user_may_see(user).values("pk"))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.instances_user_has_any_permission_for(user, actions)
            .filter(pk=instance.pk)
            .exists()
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        candidates = super().users_with_any_permission(actions)
        allowed = [
            person.pk
            for person in candidates
            if self.user_has_any_permission_for_instance(person, actions, instance)
        ]
        return get_user_model().objects.filter(pk__in=allowed)


def scoped_policy(model):
    policy = policy_registry.get_by_type(model)
    return policy if isinstance(policy, ScopedModelPermissionPolicy) else None
