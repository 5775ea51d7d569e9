"""No lost edits: a page saved or published from a form loaded before someone
else saved it is refused, with the person's input kept and a way to compare.

Wagtail's page editor posts the revision it was loaded from
(`loaded_revision_id`, `loaded_revision_created_at`, and `overwrite_revision_id`
once it has autosaved), but refuses an out-of-date request only when it
autosaves (`EditView.is_out_of_date`, for JSON requests): "Save draft" and
"Publish" overwrite the newer revision and say "updated". Here every other save
and publish of the editor is checked the same way.

The check and the save run in one transaction holding the page's row lock, so
two saves at the same moment are taken one after the other: the first wins, the
second finds a newer revision and is refused. A refused request gets Wagtail's
own editor back, showing what the person typed (as after a validation error)
with a link to Wagtail's comparison of the revision they started from and the
latest; that form is based on the latest revision, so saving it again is a
deliberate choice to replace the newer version (which stays in the history).

Memberships, notes, institutions and topic labels keep no revisions: snippets
have no such conflict to check.
"""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page, Revision

from .params import int_param

# Set on a request once checked: the editor it hands on to runs the
# `before_edit_page` hooks again.
_CHECKED = "_minka_edit_conflict_checked"


def is_out_of_date(form_data, latest):
    """Whether an edit form posted `form_data` was loaded before `latest`, the
    page's latest revision. Wagtail's own test for autosaves (`EditView.
    is_out_of_date`); without the revision fields nothing can be told, and the
    save goes ahead as before."""
    if latest is None:
        return False
    if overwrite := form_data.get("overwrite_revision_id"):
        # The editor's own autosave revision: the latest, or overtaken.
        return overwrite != str(latest.pk)
    if loaded := form_data.get("loaded_revision_id"):
        # The same id may have been overwritten by another session's autosave
        # since: created_at tells (it only grows).
        return (
            loaded != str(latest.pk)
            or form_data.get("loaded_revision_created_at", "")
            != latest.created_at.isoformat()
        )
    return False


def names_its_revision(form_data):
    return bool(
        form_data.get("overwrite_revision_id") or form_data.get("loaded_revision_id")
    )


def started_from(form_data, page):
    """The revision the editor started from: its autosave, else the one it was
    loaded from (None if neither is one of `page`'s)."""
    revision_id = form_data.get("overwrite_revision_id") or form_data.get(
        "loaded_revision_id"
    )
    revision_id = int_param(revision_id, minimum=1)
    if revision_id is None:
        return None
    return page.revisions.filter(pk=revision_id).first()


def compare_url(page, older, latest):
    return reverse(
        "wagtailadmin_pages:revisions_compare", args=[page.pk, older.pk, latest.pk]
    )


class RefusedEditView(EditView):
    """Wagtail's page editor, answering a valid form as it answers an invalid
    one: rendered again with the person's input, nothing saved."""

    def form_valid(self, form):
        self.has_unsaved_changes = True
        return self.render_to_response(self.get_context_data())


@hooks.register("before_edit_page", order=100)
def refuse_edit_from_older_revision(request, page):
    """A save or publish of the page editor (autosaves aside: Wagtail checks
    those) made from an older revision than the page's latest: refused."""
    if (
        request.method != "POST"
        or not request.accepts("text/html")
        or not names_its_revision(request.POST)
        or getattr(request, _CHECKED, False)
    ):
        # Nothing to tell without the revision fields (a post not made from
        # the editor's form): Wagtail's view goes on as before.
        return None
    setattr(request, _CHECKED, True)
    arguments = request.resolver_match.kwargs
    # After every other hook (order): none of them refused, and the editor run
    # here runs them again, so it must not be one that answers on its own.
    with transaction.atomic():
        latest_id = (
            Page.objects.select_for_update()
            .filter(pk=page.pk)
            .values_list("latest_revision_id", flat=True)
            .get()
        )
        latest = Revision.objects.filter(pk=latest_id).first()
        if not is_out_of_date(request.POST, latest):
            return EditView.as_view()(request, **arguments)
        older = started_from(request.POST, page)
        buttons = []
        if older is not None and older != latest:
            buttons.append(
                messages.button(
                    compare_url(page, older, latest), _("Compare the versions")
                )
            )
        messages.error(
            request,
            _(
                "Someone saved this page after you opened it, so your changes "
                "were not saved. They are still in the form: compare the "
                "versions, then save again to replace the newer version with "
                "yours, or reload the page to start from it."
            ),
            buttons=buttons,
        )
        return RefusedEditView.as_view()(request, **arguments)
