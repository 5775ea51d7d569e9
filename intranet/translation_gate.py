"""wagtail-localize's translate, sync and publish actions, held to Wagtail's page
permissions.

wagtail-localize checks only its own "submit translation" permission: its
translate view publishes a new translation whenever the source page is live, its
sync view publishes every translation when "Publish immediately" is ticked, and
neither asks whether the user may edit the page. So an editor, who may not
publish, could put unreviewed Spanish pages live, even of sections they may not
edit.

Here a translation goes live only for someone Wagtail lets publish that page;
anyone else gets it saved as a draft revision, with a message, and nothing live
changes. Pages the user may not edit are neither translated nor synced. The
translate and sync views are wagtail-localize's, subclassed, and registered at
the same admin paths ahead of its own (so its `reverse()` names lead here); the
translation editor's publish action is intercepted by a `before_edit_page` hook
that runs before wagtail-localize's.

Where the user meant to publish (the editor's "Publish", a sync with "Publish
immediately") and the page has a workflow, the draft is submitted for review
through it (`intranet.translation_workflow`), as Wagtail's own editor would.
A new translation is only a draft: it still has to be translated. A
translation under review is locked for all but its reviewers: nothing is saved.
"""

import contextlib

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.models import Page
from wagtail_localize.operations import TranslationCreator
from wagtail_localize.views import convert
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

from .translation_workflow import (
    may_submit_translation,
    save_translation_draft,
    submit_translation,
    translation_into,
)

SUBMITTED, DRAFTED = "submitted", "drafted"


def _target_or_new_parent(page, locale):
    """The translation of `page` in `locale`, or else the translated parent a new
    translation would be created under (and whose rights it would inherit)."""
    target = page.get_translation_or_none(locale)
    if target is not None:
        return target, False
    parent = page.get_parent()
    return (parent.get_translation_or_none(locale) if parent else None), True


def may_publish_translation(user, page, locale):
    """Whether `user` may publish the `locale` translation of `page`."""
    target, _is_parent = _target_or_new_parent(page, locale)
    return target is not None and target.permissions_for_user(user).can_publish()


def may_draft_translation(user, page, locale):
    """Whether `user` may save a draft of the `locale` translation of `page`:
    they may edit it (or add it under its translated parent), and it is not
    locked for them (as a translation under review is for all but reviewers)."""
    target, is_parent = _target_or_new_parent(page, locale)
    if target is None:
        return False
    rights = target.permissions_for_user(user)
    if is_parent:
        return rights.can_add_subpage()
    return rights.can_edit() and not rights.page_locked()


def hold_for_review(translation, user):
    """Save a translation that `user` meant to publish but may not: submitted for
    review where its workflow allows, a draft otherwise. Returns SUBMITTED,
    DRAFTED, or None when nothing could be saved. The caller checks
    `may_draft_translation` first."""
    try:
        target = translation.get_target_instance()
    except ObjectDoesNotExist:
        target = None
    if target is not None and may_submit_translation(user, target):
        return SUBMITTED if submit_translation(translation, user) else None
    return DRAFTED if save_translation_draft(translation, user) else None


def _tell_held(request, outcomes):
    """Say what became of translations the user may not publish."""
    if SUBMITTED in outcomes:
        messages.success(
            request,
            _(
                "You may not publish these translations, so they were submitted "
                "for review. They go live once a reviewer approves them."
            ),
        )
    if DRAFTED in outcomes:
        messages.warning(
            request,
            _(
                "You may not publish these translations, so they were saved as "
                "drafts. Submit them for review from the translation editor when "
                "they are ready."
            ),
        )
    if None in outcomes:
        messages.error(
            request,
            _(
                "You may not publish these translations, and some of them could not "
                "be saved as drafts. None of them was published."
            ),
        )


class DraftTranslationCreator(TranslationCreator):
    """wagtail-localize's translation creator, saving page translations as drafts.

    It publishes a page's translation whenever the page is live; it is handed a
    fresh copy of each page marked as not live (never saved) instead.
    """

    def create_translations(self, instance, include_related_objects=True):
        if isinstance(instance, Page):
            instance = instance.specific_class.objects.get(pk=instance.pk)
            instance.live = False
        super().create_translations(instance, include_related_objects)


class GatedSubmitPageTranslationView(SubmitPageTranslationView):
    """Translate a page the user may edit; as drafts unless they may publish."""

    def get_object(self):
        page = super().get_object()
        if not page.permissions_for_user(self.request.user).can_edit():
            raise PermissionDenied
        return page

    @transaction.atomic
    def form_valid(self, form):
        user = self.request.user
        locales = form.cleaned_data["locales"]
        if all(may_publish_translation(user, self.object, loc) for loc in locales):
            return super().form_valid(form)

        creator = DraftTranslationCreator(user, locales)
        creator.create_translations(self.object)
        if form.cleaned_data["include_subtree"]:
            # In tree order, so that each parent is translated before its children.
            for descendant in self.object.get_descendants():
                creator.create_translations(descendant)
        if self.components is not None:
            self.components.save(creator, sources_and_translations=creator.mappings)

        translated_page = None
        if len(locales) == 1:
            translated_page = self.object.get_translation(locales[0])
        # A new translation is a draft to translate (not "held back": nobody
        # asked to publish it yet); the editor's banner offers the review.
        messages.success(
            self.request,
            ngettext(
                "The translation into %(languages)s was created as a draft.",
                "The translations into %(languages)s were created as drafts.",
                len(locales),
            )
            % {"languages": ", ".join(str(loc.get_display_name()) for loc in locales)},
        )
        return redirect(
            self.get_success_url() or self.get_default_success_url(translated_page)
        )


class GatedUpdateTranslationsView(UpdateTranslationsView):
    """Sync the translations of a page the user may edit; "Publish immediately"
    publishes only those they may publish, and saves the others as drafts."""

    def get_object(self):
        source = super().get_object()
        try:
            instance = source.get_source_instance()
        except ObjectDoesNotExist as error:
            raise Http404 from error
        if isinstance(instance, Page) and not (
            instance.permissions_for_user(self.request.user).can_edit()
        ):
            raise PermissionDenied
        return source

    @transaction.atomic
    def form_valid(self, form):
        page = self.object.get_source_instance()
        if not form.cleaned_data["publish_translations"] or not isinstance(page, Page):
            return super().form_valid(form)

        user = self.request.user
        translations = list(
            self.object.translations.filter(enabled=True).select_related(
                "source", "target_locale"
            )
        )
        held = {
            translation.pk
            for translation in translations
            if not may_publish_translation(user, page, translation.target_locale)
        }
        if not held:
            return super().form_valid(form)

        # Sync without publishing, then publish each translation, or submit it
        # for review, or save it as a draft.
        form.cleaned_data["publish_translations"] = False
        response = super().form_valid(form)
        outcomes = set()
        for translation in translations:
            if translation.pk not in held:
                with contextlib.suppress(ValidationError):
                    translation.save_target(user=user, publish=True)
            elif may_draft_translation(user, page, translation.target_locale):
                outcomes.add(hold_for_review(translation, user))
            else:
                outcomes.add(None)
        _tell_held(self.request, outcomes)
        return response


def gated_convert_to_alias(request, page_id):
    """wagtail-localize's "Convert to alias" makes the translation live whenever
    its source is: only for someone who may publish that translation."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise Http404
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)


@hooks.register("register_admin_urls", order=-1)
def register_gated_translation_urls():
    # Ahead of wagtail-localize's patterns (order 0) for the same paths.
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            GatedSubmitPageTranslationView.as_view(),
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            GatedUpdateTranslationsView.as_view(),
        ),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            gated_convert_to_alias,
        ),
    ]


@hooks.register("before_edit_page", order=-1)
def review_instead_of_publishing_translation(request, page):
    """The translation editor's "Publish", for someone who may not publish the
    page: submit the translation for review, or save it as a draft where it has
    no workflow (wagtail-localize refuses, and keeps no revision of the work)."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    rights = page.permissions_for_user(request.user)
    if page.alias_of_id or rights.can_publish():
        return None
    translation = translation_into(page)
    if translation is None:
        return None
    if rights.page_locked():
        messages.error(
            request,
            _("This translation is locked or awaiting review, so nothing was saved."),
        )
    else:
        _tell_held(request, {hold_for_review(translation, request.user)})
    return redirect(request.path)
