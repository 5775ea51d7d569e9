"""The back office under the same gate as the site.

The Wagtail admin is a channel like any other: what a person meets there is
decided by `intranet.access` (pages and media) and by the permission policy of
each community-scoped model (memberships, attributed notes). Two pieces apply
them to every admin view, present or added by a later Wagtail:

- `ScopedModelPermissionPolicy`: a model policy whose rights hold only on the
  rows in the user's scope. Wagtail's own views ask it (edit, delete, copy,
  inspect, usage labels, bulk actions), and `ScopedSnippetViewSet` narrows its
  listings, exports and choosers with it.
- `AdminScopeMiddleware`: before any admin view runs, each object its URL
  names (a page, a document, an image, a collection, a snippet row, a
  translation) and each `id` it is asked to act on in bulk must be one the
  user may see; otherwise the answer is 404, as if it did not exist.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.http import QueryDict
from django.views.decorators.cache import never_cache
from django.views.defaults import page_not_found
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.generic.chooser import ChosenMultipleViewMixin
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
)
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_localize.models import Translation, TranslationSource

from .access import (
    admin_visible_pages_for,
    visible_collections_for,
    visible_media_for,
)

ADMIN_PREFIX = "/admin/"


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


def _scoped_rows(user, model, queryset):
    policy = scoped_policy(model)
    if policy is None:
        return queryset
    return queryset.filter(pk__in=policy.instances_user_may_see(user).values("pk"))


class _ScopedObjectList:
    def get_object_list(self):
        return _scoped_rows(self.request.user, self.model, super().get_object_list())


class ScopedChooseView(_ScopedObjectList, ChooseView):
    pass


class ScopedChooseResultsView(_ScopedObjectList, ChooseResultsView):
    pass


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        objects = ChosenMultipleViewMixin.get_objects(self, pks)
        return _scoped_rows(self.request.user, self.model, objects)


class ScopedChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_multiple_view_class = ScopedChosenMultipleView


class ScopedSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose listing, export and chooser show only rows in the
    user's scope (the model's `ScopedModelPermissionPolicy`); single-object
    views are gated by `AdminScopeMiddleware`."""

    chooser_viewset_class = ScopedChooserViewSet

    def get_queryset(self, request):
        return _scoped_rows(request.user, self.model, self.model._default_manager.all())


# What an admin URL names, by keyword argument and by URL namespace.
PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id")
DOCUMENT_KWARGS = ("document_id", "doc_id")
IMAGE_KWARGS = ("image_id",)
COLLECTION_KWARGS = ("collection_id",)
PK_NAMESPACES = {
    "wagtailadmin_pages": "page",
    "wagtailadmin_api:pages": "page",
    "wagtailadmin_api:documents": "document",
    "wagtailadmin_api:images": "image",
    "wagtaildocs_chooser": "document",
    "wagtailimages_chooser": "image",
    "wagtailadmin_collections": "collection",
}
BULK_URL_NAME = "wagtail_bulk_action"


def _model_for(kind):
    return {
        "page": Page,
        "document": get_document_model(),
        "image": get_image_model(),
        "collection": Collection,
    }[kind]


def may_see_queryset(user, model, queryset):
    """`queryset` of `model` narrowed to what `user` may meet in the back office."""
    if user.is_active and user.is_superuser:
        return queryset
    if issubclass(model, Page):
        return admin_visible_pages_for(user, queryset)
    if issubclass(model, Collection):
        return visible_collections_for(user, queryset)
    if issubclass(model, (get_document_model(), get_image_model())):
        return visible_media_for(user, queryset)
    return _scoped_rows(user, model, queryset)


def may_see(user, obj):
    """Whether `user` may meet `obj` (a page, media item, collection or scoped
    snippet row) anywhere in the back office."""
    model = type(obj)
    return may_see_queryset(
        user, model, model._default_manager.filter(pk=obj.pk)
    ).exists()


def _fetch(model, pk):
    try:
        return model._default_manager.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        return None  # the view itself answers 404 or its own error


def _snippet_model(namespace):
    """The model behind a snippet viewset or snippet chooser namespace."""
    for prefix in ("wagtailsnippets_", "wagtailsnippetchoosers_"):
        if namespace.startswith(prefix):
            app_label, _, model_name = namespace[len(prefix) :].partition("_")
            try:
                return apps.get_model(app_label, model_name)
            except LookupError:
                return None
    return None


def _instance_or_none(get):
    try:
        return get()
    except ObjectDoesNotExist:
        return None


def _translation_objects(kwargs):
    """The source and target a wagtail-localize URL works on."""
    if "translation_id" not in kwargs and "translation_source_id" not in kwargs:
        return []
    if "translation_id" in kwargs:
        translation = (
            Translation.objects.filter(pk=kwargs["translation_id"])
            .select_related("source", "target_locale")
            .first()
        )
        if translation is None:
            return []
        source = translation.source
        return [
            _instance_or_none(source.get_source_instance),
            source.object.get_instance_or_none(translation.target_locale),
        ]
    if "translation_source_id" in kwargs:
        source = TranslationSource.objects.filter(
            pk=kwargs["translation_source_id"]
        ).first()
        return [_instance_or_none(source.get_source_instance)] if source else []
    return []


def _model_named(kwargs):
    try:
        return apps.get_model(kwargs["app_label"], kwargs["model_name"])
    except (KeyError, LookupError, ValueError):
        return None


def objects_named_by(match):
    """Every object an admin URL names through its keyword arguments."""
    kwargs = match.kwargs
    found = []
    for names, kind in (
        (PAGE_KWARGS, "page"),
        (DOCUMENT_KWARGS, "document"),
        (IMAGE_KWARGS, "image"),
        (COLLECTION_KWARGS, "collection"),
    ):
        for name in names:
            if name in kwargs:
                found.append(_fetch(_model_for(kind), kwargs[name]))
    namespace = match.namespace
    if "pk" in kwargs:
        if namespace in PK_NAMESPACES:
            found.append(_fetch(_model_for(PK_NAMESPACES[namespace]), kwargs["pk"]))
        elif (model := _snippet_model(namespace)) is not None:
            found.append(_fetch(model, kwargs["pk"]))
    if "pk" in kwargs or "object_id" in kwargs:
        model = _model_named(kwargs)
        if model is not None:
            found.append(_fetch(model, kwargs.get("pk", kwargs.get("object_id"))))
    found.extend(_translation_objects(kwargs))
    return [obj for obj in found if obj is not None]


def _bulk_action(request, match):
    """The bulk action an admin URL runs, as Wagtail would build it."""
    kwargs = match.kwargs
    model = _model_named(kwargs)
    if model is None:
        return None  # Wagtail answers 404 itself
    action_class = bulk_action_registry.get_bulk_action_class(
        kwargs["app_label"], kwargs["model_name"], kwargs["action"]
    )
    return action_class(request, model) if action_class else None


def _chooser_model(match):
    kind = PK_NAMESPACES.get(match.namespace)
    return _model_for(kind) if kind else _snippet_model(match.namespace)


def _narrow_ids(request, model, all_ids=None):
    """Keep in `request.GET` only the `id`s of objects the user may see ("all"
    stands for `all_ids`, the listing Wagtail would act on). Returns how many
    remain, or None when the request names no ids."""
    ids = request.GET.getlist("id")
    if not ids:
        return None
    if "all" in ids:
        ids = list(all_ids() if all_ids else [])
    try:
        queryset = model._default_manager.filter(pk__in=ids)
        kept = [
            str(pk)
            for pk in may_see_queryset(request.user, model, queryset).values_list(
                "pk", flat=True
            )
        ]
    except (ValueError, TypeError):
        return 0
    query = request.GET.copy()
    query.setlist("id", kept)
    request.GET = QueryDict(query.urlencode())
    request.META["QUERY_STRING"] = request.GET.urlencode()
    return len(kept)


@never_cache
def admin_not_found(request):
    """The admin's own answer for an object that does not exist (Wagtail's admin
    URLs turn Http404 into this page), so an object out of reach reads the same."""
    return page_not_found(request, "", template_name="wagtailadmin/404.html")


class AdminScopeMiddleware:
    """Every admin view reaches only objects the user may see (see module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(ADMIN_PREFIX):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.has_perm("wagtailadmin.access_admin"):
            return None  # Wagtail sends them to its login page
        if user.is_active and user.is_superuser:
            return None
        match = request.resolver_match
        if match is None:
            return None
        for obj in objects_named_by(match):
            if not may_see(user, obj):
                return admin_not_found(request)
        if match.url_name == "snippets_api_listing":
            # wagtail-localize's listing of every row of a model: none of a
            # scoped model (nothing of it is translatable anyway).
            model = _model_named(match.kwargs)
            if model is not None and scoped_policy(model) is not None:
                return admin_not_found(request)
        remaining = None
        if match.url_name == BULK_URL_NAME:
            action = _bulk_action(request, match)
            if action is not None:
                remaining = _narrow_ids(
                    request,
                    action.model,
                    lambda: action.get_all_objects_in_listing_query(
                        request.GET.get("childOf")
                    ),
                )
        elif match.url_name == "chosen_multiple":
            model = _chooser_model(match)
            if model is not None:
                remaining = _narrow_ids(request, model)
        if remaining == 0:
            return admin_not_found(request)
        return None
