"""Translations go through the workflow of their source page.

A page's workflow comes from a `WorkflowPage` assignment on it or on its nearest
ancestor, and assignments live on pages of one language. So that a Spanish case
study or meeting goes through the same review as the English one (or an English
translation of a Spanish-first page through the Spanish one's):

- a new translation of an assigned page gets the same assignment, and
  assigning a workflow to a page (in Settings → Workflows, or in code) assigns
  it to the page's translations too; removals are left to each page, since a
  page's deletion removes its own assignment the same way;
- someone who may not publish a synced translation may submit it for review:
  the translation editor says so and links to `SubmitTranslationView`, which
  saves the translation as a draft revision and starts (or, where changes were
  requested, resumes) the page's workflow. The reviewers then find it in
  "Awaiting your review"; their approval publishes it.

`intranet.translation_gate` sends wagtail-localize's own "publish" actions here
for those who may not publish.
"""

from django import forms
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page, WorkflowPage, WorkflowState
from wagtail_localize.models import Translation

# Workflow assignments


def share_workflow_with_new_translation(
    sender, instance, created=False, raw=False, **kwargs
):
    """A new page that translates an assigned page gets the same workflow."""
    if raw or not created or not isinstance(instance, Page):
        return
    workflow_id = (
        WorkflowPage.objects.filter(page__translation_key=instance.translation_key)
        .exclude(page_id=instance.pk)
        .values_list("workflow_id", flat=True)
        .first()
    )
    if workflow_id is not None:
        WorkflowPage.objects.get_or_create(
            page_id=instance.pk, defaults={"workflow_id": workflow_id}
        )


def share_assignment_with_translations(sender, instance, raw=False, **kwargs):
    """Assigning a workflow to a page assigns it to the page's translations.

    Only what differs is written, so the translations' own signals end here.
    """
    if raw:
        return
    translation_key = (
        Page.objects.filter(pk=instance.page_id)
        .values_list("translation_key", flat=True)
        .first()
    )
    translations = Page.objects.filter(translation_key=translation_key).exclude(
        pk=instance.page_id
    )
    for page_id in translations.values_list("pk", flat=True):
        assignment = WorkflowPage.objects.filter(page_id=page_id).first()
        if assignment is None:
            WorkflowPage.objects.create(
                page_id=page_id, workflow_id=instance.workflow_id
            )
        elif assignment.workflow_id != instance.workflow_id:
            assignment.workflow_id = instance.workflow_id
            assignment.save()


post_save.connect(
    share_workflow_with_new_translation,
    dispatch_uid="intranet.translation_workflow.new_translation",
)
post_save.connect(
    share_assignment_with_translations,
    sender=WorkflowPage,
    dispatch_uid="intranet.translation_workflow.assignment",
)


# Saving and submitting translations


def translation_into(page):
    """The synced wagtail-localize translation whose target is `page`, if any."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .select_related("source", "target_locale")
        .first()
    )


def save_translation_draft(translation, user):
    """Save the target page of `translation` as a draft revision by `user`,
    leaving the live page as it is. Returns whether a draft was saved."""
    source = translation.source
    locale = translation.target_locale
    try:
        target = source.get_translated_instance(locale)
    except ObjectDoesNotExist:
        target = None
    try:
        if target is None or not target.live:
            # Nothing is live yet: wagtail-localize's own draft save is safe.
            translation.save_target(user=user, publish=False)
            return True
        if target.alias_of_id:
            # A live alias shows its source; converting it would change it live.
            return False
        # wagtail-localize's draft save writes the page row, which is what the
        # site shows: store the translated content in a revision only.
        draft = source.get_ephemeral_translated_instance(locale, fallback=True)
        draft.save_revision(user=user, log_action=True)
        return True
    except ValidationError:
        return False


def may_submit_translation(user, page):
    """Whether `user` may send the translation `page` through its workflow now:
    they may edit it, it has a workflow, and it is not already under review."""
    rights = page.permissions_for_user(user)
    return rights.can_edit() and rights.can_submit_for_moderation()


@transaction.atomic
def submit_translation(translation, user):
    """Save the target page of `translation` as a draft revision by `user` and
    send it through the page's workflow: resumed where changes were requested,
    started otherwise. Returns whether it was submitted.

    The caller checks `may_submit_translation` first.
    """
    if not save_translation_draft(translation, user):
        return False
    page = translation.source.get_translated_instance(translation.target_locale)
    page = page.specific
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    else:
        page.get_workflow().start(page, user)
    return True


# The admin: "Submit for review" from the translation editor


class SubmitTranslationView(WagtailAdminTemplateMixin, FormView):
    """Confirm, then submit a synced translation for review (`submit_translation`)."""

    template_name = "wagtailadmin/generic/form.html"
    form_class = forms.Form
    page_title = gettext_lazy("Submit for review")
    header_icon = "resubmit"
    breadcrumbs_items = []

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        self.translation = translation_into(self.page)

    def dispatch(self, request, *args, **kwargs):
        if self.translation is None or not (
            self.page.permissions_for_user(request.user).can_edit()
        ):
            raise PermissionDenied
        if not may_submit_translation(request.user, self.page):
            messages.error(
                request,
                _("This translation cannot be submitted for review now."),
            )
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return f"{self.page.get_admin_display_title()} ({self.page.locale})"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=_("Submit for review"),
            submit_button_active_label=_("Submitting…"),
            **kwargs,
        )

    def get_success_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])

    def form_valid(self, form):
        if submit_translation(self.translation, self.request.user):
            messages.success(
                self.request,
                _(
                    "'%(title)s' was submitted for review. It goes live once a "
                    "reviewer approves it."
                )
                % {"title": self.page.get_admin_display_title()},
            )
        else:
            messages.error(
                self.request,
                _("This translation could not be saved, so it was not submitted."),
            )
        return redirect(self.get_success_url())


def submit_translation_url(page):
    return reverse("submit_translation_for_review", args=[page.pk])


@hooks.register("register_admin_urls")
def register_submit_translation_url():
    return [
        path(
            "translations/<int:page_id>/submit/",
            SubmitTranslationView.as_view(),
            name="submit_translation_for_review",
        )
    ]


@hooks.register("before_edit_page", order=-1)
def offer_review_in_translation_editor(request, page):
    """wagtail-localize's translation editor knows no workflow: tell the user
    where the translation stands in its workflow, with a way to submit it for
    review when they may (as Wagtail's own editor offers, publishers included:
    a secretariat may publish minutes, yet has them approved)."""
    if request.method != "GET" or page.alias_of_id:
        return None
    if translation_into(page) is None:
        return None
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        messages.info(
            request,
            _("This translation is awaiting review in “%(workflow)s”.")
            % {"workflow": state.workflow.name},
        )
        return None
    if not may_submit_translation(request.user, page):
        return None
    if state is not None:
        text = _(
            "Changes were requested to this translation. When it is ready, submit "
            "it for review again."
        )
    elif page.permissions_for_user(request.user).can_publish():
        text = _(
            "When this translation is ready, publish it, or submit it for review "
            "in “%(workflow)s”."
        ) % {"workflow": page.get_workflow().name}
    else:
        text = _(
            "You may not publish this translation. When it is ready, submit it "
            "for review."
        )
    messages.info(
        request,
        text,
        buttons=[messages.button(submit_translation_url(page), _("Submit for review"))],
    )
    return None
