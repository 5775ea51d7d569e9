"""The back office under the same gate as the site.

The Wagtail admin is a channel like any other. What a person meets there is
decided by the permission policy registered for each model, built on
`intranet.access`:

- pages, documents, images and collections: `intranet.permissions`, Wagtail's
  own policies narrowed by the access layer (explorer, admin API, choosers,
  reports, home panels, listings and bulk actions ask them);
- a community's records (memberships, attributed notes): a
  `ScopedModelPermissionPolicy` (here; the models' own in
  `communities/permissions.py`), whose rights hold only on rows in the user's
  scope. Wagtail's views ask it (edit, delete, copy, inspect, usage, bulk
  actions), and `ScopedSnippetViewSet` narrows listings, exports and choosers.

`AdminScopeMiddleware` is the backstop for any admin view, present or added
by a later Wagtail, that does not ask: each object its URL names (a page, a
document, an image, a collection, a snippet or viewset row, a translation)
must be one the user may meet, by the model's policy. It fails closed: a URL
naming an object of a model it cannot tell (an unknown namespace) is refused
to anyone but an active superuser. A refusal is exactly Wagtail's answer for
an id that does not exist at that URL (its admin 404 page, the admin API's
JSON 404, a history view's redirect): the view runs with that id replaced by
one no row has. Ids of objects the user may not meet in a bulk action or a
multiple chooser are replaced the same way, so "exists but not yours" and
"does not exist" look alike everywhere.
"""

from django.apps import apps
from django.core.exceptions import (
    ImproperlyConfigured,
    ObjectDoesNotExist,
    ValidationError,
)
from django.http import QueryDict
from django.urls import ResolverMatch, reverse
from django.views.defaults import page_not_found
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.generic.chooser import ChosenMultipleViewMixin
from wagtail.admin.viewsets import viewsets
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Task, Workflow
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
)
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_localize.models import Translation, TranslationSource

from .policies import scoped_policy, visible_instances


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


# What an admin URL names: by keyword argument, and for `pk` by URL namespace.
KIND_KWARGS = {
    "page_id": "page",
    "parent_page_id": "page",
    "page_to_move_id": "page",
    "destination_id": "page",
    "page_pk": "page",
    "document_id": "document",
    "doc_id": "document",
    "image_id": "image",
    "collection_id": "collection",
}
TRANSLATION_KWARGS = ("translation_id", "translation_source_id")
PK_NAMESPACES = {
    "wagtailadmin_pages": "page",
    "wagtailadmin_api:pages": "page",
    "wagtailadmin_api:documents": "document",
    "wagtailadmin_api:images": "image",
    "wagtaildocs_chooser": "document",
    "wagtailimages_chooser": "image",
    "wagtailadmin_collections": "collection",
}
WORKFLOW_TASK_VIEWS = ("edit_task", "disable_task", "enable_task")
SNIPPET_PREFIXES = ("wagtailsnippets_", "wagtailsnippetchoosers_")
BULK_URL_NAME = "wagtail_bulk_action"
PAGE_CHOSEN_MULTIPLE = "wagtailadmin_choose_page_chosen_multiple"
# No row has this id (the largest a PostgreSQL `integer` column holds): a URL
# naming what the user may not see is answered as if it named this one.
MISSING_ID = 2**31 - 1
MISSING_MODEL_NAME = "nosuchmodel"
ADMIN_404_TEMPLATE = "wagtailadmin/404.html"  # as Wagtail's `display_custom_404`


def admin_prefix():
    """The address of the Wagtail admin, as the URLconf has it (`/admin/`)."""
    return reverse("wagtailadmin_home")


def _model_for(kind):
    return {
        "page": Page,
        "document": get_document_model(),
        "image": get_image_model(),
        "collection": Collection,
    }[kind]


def _viewset_models():
    """Each registered admin viewset's URL namespace and model (snippets,
    their choosers and every ModelViewSet, such as `minka_search`'s)."""
    models = {}
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        try:
            namespace = viewset.url_namespace
        except ImproperlyConfigured:
            continue  # a viewset without a name has no URLs of its own
        if isinstance(model, str):
            model = apps.get_model(model)
        if model is not None:
            models[namespace] = model
    return models


def model_for_namespace(namespace, url_name=""):
    """The model whose rows an admin URL namespace names by `pk`, found by the
    whole namespace (an app label may hold underscores); None if unknown."""
    if namespace == "wagtailadmin_workflows":
        return Task if url_name in WORKFLOW_TASK_VIEWS else Workflow
    if namespace in PK_NAMESPACES:
        return _model_for(PK_NAMESPACES[namespace])
    if (model := _viewset_models().get(namespace)) is not None:
        return model
    if namespace.startswith(SNIPPET_PREFIXES):
        for model in apps.get_models():
            label = f"{model._meta.app_label}_{model._meta.model_name}"
            if namespace in (prefix + label for prefix in SNIPPET_PREFIXES):
                return model
    return None


def _model_named(kwargs):
    """The model named by `app_label` (or `app_name`) and `model_name`."""
    app_label = kwargs.get("app_label", kwargs.get("app_name"))
    try:
        return apps.get_model(app_label, kwargs["model_name"])
    except (KeyError, LookupError, ValueError, TypeError):
        return None


def may_see_queryset(user, model, queryset):
    """`queryset` of `model` narrowed to what `user` may meet in the back office,
    by the model's registered permission policy (`intranet.permissions`, the
    scoped snippet policies); rows of other models are as visible as the model."""
    if user.is_active and user.is_superuser:
        return queryset
    policy = policy_registry.get_by_type(model, fallback=False)
    return visible_instances(policy, user, queryset)


def may_see(user, obj):
    """Whether `user` may meet `obj` (a page, media item, collection or scoped
    snippet row) anywhere in the back office."""
    model = type(obj)
    return may_see_queryset(
        user, model, model._default_manager.filter(pk=obj.pk)
    ).exists()


def _may_meet_page(user, pk):
    try:
        pages = Page.objects.filter(pk=pk)
        return may_see_queryset(user, Page, pages).exists()
    except (ValueError, TypeError, OverflowError, ValidationError):
        return False


def _hidden_from(user, model, pk):
    """Whether row `pk` of `model` exists and `user` may not meet it."""
    try:
        rows = model._default_manager.filter(pk=pk)
        return rows.exists() and not may_see_queryset(user, model, rows).exists()
    except (ValueError, TypeError, OverflowError, ValidationError):
        return False  # no such row: the view answers as it does for any


def _instance_or_none(get):
    try:
        return get()
    except ObjectDoesNotExist:
        return None


def _translation_objects(name, value):
    """The source and target a wagtail-localize URL works on."""
    if name == "translation_id":
        translation = (
            Translation.objects.filter(pk=value)
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
    source = TranslationSource.objects.filter(pk=value).first()
    return [_instance_or_none(source.get_source_instance)] if source else []


def _object_keywords(match):
    """(keyword, model, value) for each object an admin URL names through its
    keyword arguments; the model is None where the gate cannot tell it."""
    kwargs = match.kwargs
    named = [
        (name, _model_for(kind), kwargs[name])
        for name, kind in KIND_KWARGS.items()
        if name in kwargs
    ]
    for name in ("pk", "object_id"):
        if name not in kwargs:
            continue
        if "model_name" in kwargs:
            model = _model_named(kwargs)
        elif name == "pk":
            model = model_for_namespace(match.namespace, match.url_name)
        else:
            model = None
        named.append((name, model, kwargs[name]))
    return named


def hidden_keywords(user, match):
    """The keyword arguments of an admin URL that name an object `user` may not
    meet, or one the gate cannot resolve to a model (it fails closed)."""
    hidden = [
        name
        for name, model, value in _object_keywords(match)
        if model is None or _hidden_from(user, model, value)
    ]
    for name in TRANSLATION_KWARGS:
        if name in match.kwargs:
            objects = _translation_objects(name, match.kwargs[name])
            if any(obj is not None and not may_see(user, obj) for obj in objects):
                hidden.append(name)
    if match.url_name == "snippets_api_listing":
        # wagtail-localize's listing of every row of a model: none of a scoped
        # model (nothing of it is translatable anyway).
        model = _model_named(match.kwargs)
        if model is not None and scoped_policy(model) is not None:
            hidden.append("model_name")
    return hidden


def _missing_like(name, value):
    if name == "model_name":
        return MISSING_MODEL_NAME
    return MISSING_ID if isinstance(value, int) else str(MISSING_ID)


def answer_for_missing(request, view_func, match, names):
    """Wagtail's own answer at this URL had `names` named nothing: the view runs
    with those keyword arguments naming a row that does not exist, so its 404
    page, its JSON 404 or its redirect is exactly what a wrong id gets."""
    kwargs = {
        name: _missing_like(name, value) if name in names else value
        for name, value in match.kwargs.items()
    }
    request.resolver_match = ResolverMatch(
        view_func,
        match.args,
        kwargs,
        url_name=match.url_name,
        app_names=match.app_names,
        namespaces=match.namespaces,
        route=match.route,
    )
    return view_func(request, *match.args, **kwargs)


def _replace_query(request, name, values):
    query = request.GET.copy()
    query.setlist(name, values)
    request.GET = QueryDict(query.urlencode())


def _narrow_ids(request, model, all_ids=None):
    """In `request.GET`, make each `id` of an object the user may not meet name
    a missing row instead ("all" stands for `all_ids`, the listing Wagtail would
    act on), so Wagtail's view answers as it does for ids that do not exist."""
    ids = request.GET.getlist("id")
    if not ids:
        return
    if "all" in ids:
        ids = [str(pk) for pk in all_ids()] if all_ids else []
    try:
        visible = {
            str(pk)
            for pk in may_see_queryset(
                request.user, model, model._default_manager.filter(pk__in=ids)
            ).values_list("pk", flat=True)
        }
        existing = {
            str(pk)
            for pk in model._default_manager.filter(pk__in=ids).values_list(
                "pk", flat=True
            )
        }
    except (ValueError, TypeError, OverflowError, ValidationError):
        return  # no such rows: the view answers as it does for any
    kept = [
        pk if pk in visible or pk not in existing else str(MISSING_ID) for pk in ids
    ]
    _replace_query(request, "id", list(dict.fromkeys(kept)) or [str(MISSING_ID)])


def _narrow_bulk_action(request, match):
    """A bulk action acts only on what the user may meet (Wagtail builds it).
    Returns the answer when the request cannot go on to Wagtail's view."""
    kwargs = match.kwargs
    model = _model_named(kwargs)
    if model is None:
        return  # Wagtail answers 404 itself
    action_class = bulk_action_registry.get_bulk_action_class(
        kwargs["app_label"], kwargs["model_name"], kwargs["action"]
    )
    if action_class is None:
        return
    action = action_class(request, model)
    parent = request.GET.get("childOf")
    if (
        issubclass(action.model, Page)
        and "all" in request.GET.getlist("id")
        and parent is not None
        and not _may_meet_page(request.user, parent)
    ):
        # Wagtail fails on a parent that is not there (DoesNotExist); both it
        # and one the user may not meet get the admin's 404 page.
        return page_not_found(request, "", template_name=ADMIN_404_TEMPLATE)
    _narrow_ids(
        request,
        action.model,
        lambda: action.get_all_objects_in_listing_query(parent),
    )


class AdminScopeMiddleware:
    """Every admin view reaches only objects the user may see (see module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(admin_prefix()):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.has_perm("wagtailadmin.access_admin"):
            return None  # Wagtail sends them to its login page
        if user.is_active and user.is_superuser:
            return None
        match = request.resolver_match
        if match is None:
            return None
        if hidden := hidden_keywords(user, match):
            return answer_for_missing(request, view_func, match, hidden)
        if match.url_name == BULK_URL_NAME:
            return _narrow_bulk_action(request, match)
        elif match.url_name == PAGE_CHOSEN_MULTIPLE:
            _narrow_ids(request, Page)
        elif match.url_name == "chosen_multiple":
            model = model_for_namespace(match.namespace, match.url_name)
            if model is not None:
                _narrow_ids(request, model)
        return None
