"""Every reference an author makes points at what the author may see.

An admin form names pages, documents, images and collections in several ways:
a chooser (a foreign key, on the page or in an inline panel's rows), a
StreamField block (page, document and image choosers, rich text, at any depth)
and a rich-text link or embed. Wagtail's fields already list what they point at
(`extract_references`, what its reference index reads); the forms here ask the
access layer (`intranet.admin_access.may_see_queryset`) about each target for
the author, and check a page chooser's page types on the server.

A target the author may not see gives the same error as one that does not
exist, on the field (or block) that names it, and nothing is saved: an id
tried in a post tells nothing about what lies behind it.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.widgets import AdminPageChooser, BaseChooser
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from ..params import int_params
from .admin_gate import may_see, may_see_queryset

NOT_SEEN = {
    "page": _("Choose a page you can see."),
    "document": _("Choose a document you can see."),
    "image": _("Choose an image you can see."),
    "collection": _("Choose a collection you can see."),
}
WRONG_PAGE_TYPE = _("Choose a page of this type: %(types)s.")


def checked_kinds():
    """The models a reference is checked against, by kind."""
    return {
        "page": Page,
        "document": get_document_model(),
        "image": get_image_model(),
        "collection": Collection,
    }


def kind_of(model):
    """The kind of reference to `model` ("page", "document", "image",
    "collection"), or None for a model that is not checked."""
    for kind, base in checked_kinds().items():
        if isinstance(model, type) and issubclass(model, base):
            return kind
    return None


@dataclass
class Reference:
    """One target named by one field of one form."""

    form: forms.BaseForm
    field: str
    kind: str
    pk: str
    path: tuple = ()  # the content path inside a StreamField
    page_types: tuple = ()  # the page types a page chooser accepts (any: empty)


def _page_types_of(block):
    if isinstance(block, blocks.PageChooserBlock):
        return tuple(block.target_models)
    return ()


def stream_references(form, name, field, value):
    """The references in `value` of StreamField `field` (named `name` on `form`)."""
    # Blocks posted without an id get theirs now (as saving would give them),
    # so that each reference's content path leads back to its own block.
    field.stream_block.get_prep_value(value)
    for model, pk, _model_path, content_path in field.extract_references(value):
        kind = kind_of(model)
        if kind is None:
            continue
        path = tuple(content_path.split(".")) if content_path else ()
        bound = field.stream_block.get_block_by_content_path(value, list(path))
        page_types = _page_types_of(bound.block) if bound is not None else ()
        yield Reference(form, name, kind, str(pk), path, page_types)


def references_in(form):
    """Every page, document, image and collection that `form`'s cleaned data
    names, in the form itself and in its inline rows (at any depth)."""
    meta = form.instance._meta
    for name, value in form.cleaned_data.items():
        if value in (None, ""):
            continue
        try:
            field = meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, StreamField):
            yield from stream_references(form, name, field, value)
        elif hasattr(field, "extract_references"):  # RichTextField
            for model, pk, _model_path, _content_path in field.extract_references(
                value
            ):
                if (kind := kind_of(model)) is not None:
                    yield Reference(form, name, kind, str(pk))
        elif field.many_to_one and not isinstance(field, ParentalKey):
            kind = kind_of(field.related_model)
            if kind is None:
                continue
            widget = form.fields[name].widget
            page_types = ()
            if isinstance(widget, AdminPageChooser):
                page_types = tuple(m for m in widget.target_models if m is not Page)
            yield Reference(form, name, kind, str(value.pk), (), page_types)
    for child in live_child_forms(form):
        yield from references_in(child)


def live_child_forms(form):
    """The valid inline rows of `form` that are kept (not deleted), changed or
    not: a row kept as it was still names its target."""
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            if not child.is_valid():
                continue
            if child.cleaned_data.get(DELETION_FIELD_NAME):
                continue
            yield child


def _seen(user, kind, pks):
    """{pk: content type id (pages) or None} of the `pks` of `kind` that `user`
    may meet in the back office; one query."""
    model = checked_kinds()[kind]
    ids = int_params(pks)
    if not ids:
        return {}
    visible = may_see_queryset(user, model, model._default_manager.filter(pk__in=ids))
    if kind == "page":
        return {str(pk): ct for pk, ct in visible.values_list("pk", "content_type_id")}
    return {str(pk): None for pk in visible.values_list("pk", flat=True)}


def _is_of_types(content_type_id, page_types):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model is not None and issubclass(model, page_types)


def problems_with(user, references):
    """[(reference, message)] for each reference `user` may not make."""
    by_kind = {}
    for reference in references:
        by_kind.setdefault(reference.kind, []).append(reference)
    problems = []
    for kind, found in by_kind.items():
        seen = _seen(user, kind, {reference.pk for reference in found})
        for reference in found:
            if reference.pk not in seen:
                problems.append((reference, NOT_SEEN[kind]))
            elif reference.page_types and not _is_of_types(
                seen[reference.pk], reference.page_types
            ):
                names = [str(m._meta.verbose_name) for m in reference.page_types]
                # get_text_list joins them with Django's own translated "or".
                message = WRONG_PAGE_TYPE % {"types": get_text_list(names)}
                problems.append((reference, message))
    return problems


# --- Errors where the author sees them ------------------------------------------

MESSAGE = object()  # the key of a leaf's message in a tree of block errors


def _block_error(block, value, tree):
    """The error Wagtail's StreamField widget shows for `tree` ({content path
    element: subtree}, a leaf holding {MESSAGE: text}) inside `value`."""
    if MESSAGE in tree:
        return ValidationError(tree[MESSAGE])
    if isinstance(block, blocks.StreamBlock):
        errors = {
            index: _block_error(child.block, child.value, tree[child.id])
            for index, child in enumerate(value)
            if child.id in tree
        }
        return StreamBlockValidationError(block_errors=errors)
    if isinstance(block, blocks.ListBlock):
        errors = {
            index: _block_error(child.block, child.value, tree[child.id])
            for index, child in enumerate(value.bound_blocks)
            if child.id in tree
        }
        return ListBlockValidationError(block_errors=errors)
    if isinstance(block, blocks.StructBlock):
        errors = {
            name: _block_error(block.child_blocks[name], value.get(name), subtree)
            for name, subtree in tree.items()
            if name in block.child_blocks
        }
        return StructBlockValidationError(block_errors=errors)
    return ValidationError(_first_message(tree))


def _first_message(tree):
    for key, subtree in tree.items():
        return subtree if key is MESSAGE else _first_message(subtree)
    return ""


def report(problems):
    """Add each problem as an error on its form's field (StreamField problems as
    one error per field, on the blocks that name the targets)."""
    trees = {}
    for reference, message in problems:
        form, name = reference.form, reference.field
        if not reference.path and not isinstance(
            form.instance._meta.get_field(name), StreamField
        ):
            if message not in form.errors.get(name, []):
                form.add_error(name, message)
            continue
        node = trees.setdefault((id(form), name), (form, name, {}))[2]
        for element in reference.path:
            node = node.setdefault(element, {})
        node.setdefault(MESSAGE, message)
    for form, name, tree in trees.values():
        value = form.cleaned_data[name]
        stream_block = form.instance._meta.get_field(name).stream_block
        form.add_error(name, _block_error(stream_block, value, tree))


def _chooser_showing_only(widget, user):
    """Let `widget` (a chooser) show the title of its choice only when `user`
    may see it: a refused id posted back renders as an empty chooser."""
    shows = widget.get_value_data

    def get_value_data(value):
        instance = widget.get_instance(value)
        if instance is None or not may_see(user, instance):
            return None
        return shows(instance)

    widget.get_value_data = get_value_data  # this form's own copy of the widget


def guard_choosers(form, user):
    """Choosers and lists of choices of `form` and its inline rows offer only
    what the author may see, say of an id that does not exist what they say of
    one the author may not see (Django would say "Select a valid choice"), and
    show no title of either."""
    for field in form.fields.values():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        model = field.queryset.model
        kind = kind_of(model)
        if kind is None:
            continue
        field.queryset = may_see_queryset(user, model, field.queryset)
        field.error_messages["invalid_choice"] = NOT_SEEN[kind]
        if isinstance(field.widget, BaseChooser):
            _chooser_showing_only(field.widget, user)
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            guard_choosers(child, user)


class ReferenceCheckedMixin:
    """Checks every reference of the form and its inline rows for the author
    (`for_user`; none known: as for an anonymous visitor)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_choosers(self, self.author)

    @property
    def author(self):
        return self.for_user or AnonymousUser()

    def clean(self):
        cleaned_data = super().clean()
        report(problems_with(self.author, list(references_in(self))))
        return cleaned_data


class ReferenceCheckedForm(ReferenceCheckedMixin, WagtailAdminModelForm):
    """The admin form of a snippet that holds choosers or rich text."""


class ReferenceCheckedPageForm(ReferenceCheckedMixin, WagtailAdminPageForm):
    """The admin form every page type builds on (its `base_form_class`)."""
