"""Meetings of a community, their minutes, and who said what under the Chatham
House Rule."""

from datetime import timedelta
from typing import NamedTuple

from django import forms
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, Revision
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index
from wagtail_localize.fields import BaseTranslatableField
from wagtail_localize.models import TranslationSource

from intranet.access.references import ReferenceCheckedPageForm
from intranet.search_entry import SearchEntryData
from intranet.signals import pages_updated

from .community_tree import community_above
from .institutions import Institution, accent_folded, reading_order
from .memberships import Membership, is_moderator


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# What happened at a meeting, whatever the language it is read in.
SHARED_FIELDS = ("starts_at", "duration_minutes", "venue")
SHARED_FACTS = (*SHARED_FIELDS, "attended_by")


class CirculatedMinutes(NamedTuple):
    """Minutes as members read them on one translation of a meeting."""

    text: str
    language_code: str
    untranslated: bool  # shown in the language they were written in


class MeetingPageForm(ReferenceCheckedPageForm):
    """The attendance checklist offers the community's active member
    institutions, in the reader's alphabetical order, and keeps any institution
    recorded as present before it left (a fact is never dropped by editing)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("attended_by")
        if field is None:
            return
        anchor = self.instance if self.instance.pk else self.parent_page
        community = community_above(anchor, inclusive=True) if anchor else None
        offered = Q(pk__in=[])
        if community is not None:
            offered = Q(
                memberships__community__translation_key=community.translation_key,
                memberships__status=Membership.Status.ACTIVE,
            )
        if self.instance.pk:
            offered |= Q(pk__in=[i.pk for i in self.instance.attended_by.all()])
        field.queryset = Institution.objects.filter(offered).distinct()
        field.choices = sorted(
            ((institution.pk, str(institution)) for institution in field.queryset),
            key=lambda choice: accent_folded(choice[1]),
        )


class MeetingPage(Page):
    """A meeting of one community, below its members area (members only).

    Minutes go through the community's workflow (drafted by the secretariat,
    approved by the coordination group). Under the Chatham House Rule, who said
    what is kept apart in `AttributedNote`, never on the page or its revisions.

    A meeting is one record in every language. Its facts (`SHARED_FACTS`: date,
    duration, venue, institutions present) are the same on all its translations
    (the pages sharing its `translation_key`), wherever they are recorded:

    - saving a translation with its facts (publishing it, in either language's
      admin) writes the facts it changed to every other translation, and to their
      drafts awaiting approval unless a draft changed that fact itself, so
      approving an older draft never undoes what was recorded meanwhile;
    - a new translation starts from the facts its translation group recorded;
    - wagtail-localize neither translates nor copies them: it would copy them
      from its snapshot of the source page, which may be older.

    The minutes are text, translated like the rest: see `circulated_minutes`.
    """

    starts_at = models.DateTimeField(verbose_name=_("date and time"))
    duration_minutes = models.PositiveIntegerField(
        default=120, verbose_name=_("fixed duration (minutes)")
    )
    venue = models.CharField(max_length=255, blank=True, verbose_name=_("venue"))
    agenda = models.TextField(
        blank=True, verbose_name=_("agenda"), help_text=_("One topic per line.")
    )
    guests = models.TextField(
        blank=True,
        verbose_name=_("invited guests and speakers"),
        help_text=_("One person or institution per line."),
    )
    attended_by = ParentalManyToManyField(
        Institution,
        blank=True,
        related_name="meetings_attended",
        verbose_name=_("institutions present"),
    )
    minutes = RichTextField(
        blank=True,
        verbose_name=_("minutes"),
        help_text=_(
            "What was said, without saying who said it when the community follows "
            "the Chatham House Rule (attributed notes are kept apart)."
        ),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("starts_at"),
                FieldPanel("duration_minutes"),
                FieldPanel("venue"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("agenda"),
        FieldPanel("guests"),
        FieldPanel("attended_by", widget=forms.CheckboxSelectMultiple),
        FieldPanel("minutes"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("agenda"),
        index.SearchField("minutes"),
        index.FilterField("starts_at"),
    ]
    # Neither translated nor synchronised by wagtail-localize: shared by `save`.
    override_translatable_fields = [
        BaseTranslatableField(name) for name in SHARED_FIELDS
    ]

    base_form_class = MeetingPageForm
    parent_page_types = [
        "communities.MembersAreaPage",
        "communities.CoordinationAreaPage",
    ]
    subpage_types = []

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self._state.adding:
            self._take_recorded_facts()
            return super().save(*args, **kwargs)
        # Saving a draft revision updates other columns only.
        records_facts = update_fields is None or not set(update_fields).isdisjoint(
            SHARED_FACTS
        )
        before = self._stored_facts() if records_facts else None
        result = super().save(*args, **kwargs)
        if before is not None:
            self._share_changed_facts(before)
        return result

    @property
    def agenda_topics(self):
        return _lines(self.agenda)

    @property
    def guest_list(self):
        return _lines(self.guests)

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def community(self):
        return community_above(self)

    def attributed_notes(self):
        """Who said what (moderators only: callers check `is_moderator`)."""
        return AttributedNote.objects.filter(
            meeting__translation_key=self.translation_key
        ).select_related("speaker_institution")

    def other_translations(self):
        return MeetingPage.objects.filter(translation_key=self.translation_key).exclude(
            pk=self.pk
        )

    def circulated_minutes(self):
        """The minutes members read on this page, or None before any circulate.

        Minutes circulate once they are approved and published in some language:
        a live translation carries them. This page shows its own minutes once
        they are translated; while they are empty or still the source page's
        text, it shows the original ones (`untranslated`): those of the source
        page (the one wagtail-localize translates from, else the first created),
        else of any language that has them.
        """
        is_source = Exists(
            TranslationSource.objects.filter(
                object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
            )
        )
        original = (
            self.other_translations()
            .live()
            .exclude(minutes="")
            .annotate(is_source=is_source)
            .order_by("-is_source", "pk")
            .values("minutes", "locale__language_code", "is_source")
            .first()
        )
        translated = bool(self.minutes) and (
            original is None
            or not original["is_source"]
            or self.minutes != original["minutes"]
        )
        if translated:
            return CirculatedMinutes(self.minutes, self.locale.language_code, False)
        if original is None:
            return None
        return CirculatedMinutes(
            original["minutes"], original["locale__language_code"], True
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        community = self.community()
        context["community"] = community
        context["attendance"] = sorted(
            self.attended_by.all(),
            key=lambda institution: (institution.pillar, reading_order(institution)),
        )
        context["circulated_minutes"] = self.circulated_minutes()
        moderator = community is not None and is_moderator(request.user, community)
        context["is_moderator"] = moderator
        context["attributed_notes"] = self.attributed_notes() if moderator else None
        return context

    def _stored_facts(self, pk=None):
        """The facts as stored for this page (or the page `pk`)."""
        pk = pk or self.pk
        facts = MeetingPage.objects.filter(pk=pk).values(*SHARED_FIELDS).get()
        facts["attended_by"] = set(
            MeetingPage.attended_by.through.objects.filter(
                meetingpage_id=pk
            ).values_list("institution_id", flat=True)
        )
        return facts

    def _take_recorded_facts(self):
        recorded = self.other_translations().order_by("pk").values("pk").first()
        if recorded is None:
            return
        facts = self._stored_facts(recorded["pk"])
        for name in SHARED_FIELDS:
            setattr(self, name, facts[name])
        self.attended_by.set(Institution.objects.filter(pk__in=facts["attended_by"]))

    def _share_changed_facts(self, before):
        after = self._stored_facts()
        changed = [name for name in SHARED_FACTS if after[name] != before[name]]
        if not changed:
            return
        others = {
            row["pk"]: row
            for row in self.other_translations().values(
                "pk", "latest_revision_id", "live_revision_id", *SHARED_FIELDS
            )
        }
        if not others:
            return
        through = MeetingPage.attended_by.through
        for row in others.values():
            row["attended_by"] = set()
        for meeting_id, institution_id in through.objects.filter(
            meetingpage_id__in=others
        ).values_list("meetingpage_id", "institution_id"):
            others[meeting_id]["attended_by"].add(institution_id)

        _merge_into_pending_drafts(others.values(), changed, after)
        fields = {name: after[name] for name in changed if name in SHARED_FIELDS}
        if fields:
            MeetingPage.objects.filter(pk__in=others).update(**fields)
        if "attended_by" in changed:
            through.objects.filter(meetingpage_id__in=others).delete()
            through.objects.bulk_create(
                through(meetingpage_id=meeting_id, institution_id=institution_id)
                for meeting_id in others
                for institution_id in sorted(after["attended_by"])
            )
        pages_updated.send(sender=MeetingPage, page_ids=sorted(others))

    def search_entry_data(self):
        community = self.community()
        day = timezone.localdate(self.starts_at)
        institutions = self.attended_by.values_list(
            "name", "acronym", "name_en", "acronym_en", "name_es", "acronym_es"
        )
        return SearchEntryData(
            kind="meeting",
            title=self.title,
            summary="; ".join(self.agenda_topics)[:300],
            # Who came is searchable by those who may see the meeting: guests,
            # and each institution present by its names and acronyms.
            body=" ".join(
                [
                    *self.agenda_topics,
                    self.guests,
                    *sorted({name for row in institutions for name in row if name}),
                    get_text_for_indexing(self.minutes),
                ]
            ),
            date=day,
            country=community.country.code or "" if community else "",
            region=community.region if community else "",
            years=[day.year],
            pillars=sorted(set(self.attended_by.values_list("pillar", flat=True))),
            community_id=community.pk if community else None,
            language=self.locale.language_code,
        )


def _revision_fact(content, name):
    if name == "attended_by":
        return set(content.get(name) or [])
    return MeetingPage._meta.get_field(name).to_python(content.get(name))


def _merge_into_pending_drafts(pages, changed, facts):
    """Give unpublished drafts the shared `facts` they had not changed themselves.

    `pages` are rows of meeting pages as stored before the facts changed: a
    draft whose value is still the stored one takes the new value.
    """
    pending = {
        page["latest_revision_id"]: page
        for page in pages
        if page["latest_revision_id"]
        and page["latest_revision_id"] != page["live_revision_id"]
    }
    for revision in Revision.objects.filter(pk__in=pending):
        page = pending[revision.pk]
        kept = [
            name
            for name in changed
            if _revision_fact(revision.content, name) == page[name]
        ]
        for name in kept:
            value = facts[name]
            revision.content[name] = sorted(value) if name == "attended_by" else value
        if kept:
            revision.save(update_fields=["content"])


class AttributedNote(models.Model):
    """Who said what at a Chatham House meeting: moderators only.

    Kept out of the page on purpose: not in revisions, translations, search or
    any member-facing channel.
    """

    meeting = models.ForeignKey(
        MeetingPage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("meeting"),
    )
    speaker_institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("speaker's institution"),
    )
    speaker_name = models.CharField(
        max_length=200, blank=True, verbose_name=_("speaker")
    )
    text = models.TextField(verbose_name=_("what was said"))
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("meeting"),
        FieldPanel("speaker_institution"),
        FieldPanel("speaker_name"),
        FieldPanel("text"),
    ]

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("attributed note")
        verbose_name_plural = _("attributed notes")

    def __str__(self):
        return f"{self.speaker_institution} · {self.meeting}"
