"""What members are told, how they want to hear it, what they follow, and each
community's progress along the ten steps of the working-group model.

A notification belongs to one person and points at the page that decides who may
see it (the meeting, the library, the members area): it is checked against the
access layer every time it is shown or sent, so losing access hides it at once.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.models import Tag
from wagtail.models import Page

from intranet.taxonomy import Step


class Kind(models.TextChoices):
    """What a notification is about; people choose how to hear of each kind."""

    MINUTES = "minutes", _("Minutes approved")
    MEETING = "meeting", _("Meetings scheduled, changed or cancelled")
    DOCUMENT = "document", _("New documents in a library")
    DECISION = "decision", _("Decisions on my applications and nominations")
    INSTITUTION = "institution", _("New member institutions in my communities")
    FOLLOWED = "followed", _("Case studies and good practices on what I follow")
    # A section of the weekly digest only: nothing to show in the inbox.
    KNOWLEDGE = "knowledge", _("New public case studies and good practices")


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("By email at once")
    WEEKLY = "weekly", _("In the weekly digest")
    NEVER = "never", _("Not by email")


# What people get until they choose: what they act on at once, the rest weekly.
DEFAULT_DELIVERY = {
    Kind.MINUTES: Delivery.IMMEDIATELY,
    Kind.MEETING: Delivery.IMMEDIATELY,
    Kind.DECISION: Delivery.IMMEDIATELY,
    Kind.DOCUMENT: Delivery.WEEKLY,
    Kind.INSTITUTION: Delivery.WEEKLY,
    Kind.FOLLOWED: Delivery.WEEKLY,
    Kind.KNOWLEDGE: Delivery.WEEKLY,
}


class Event(models.TextChoices):
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    MEETING_SCHEDULED = "meeting_scheduled", _("Meeting scheduled")
    MEETING_CHANGED = "meeting_changed", _("Meeting changed")
    MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    DOCUMENT_ADDED = "document_added", _("New document")
    APPLICATION_APPROVED = "application_approved", _("Application approved")
    APPLICATION_DECLINED = "application_declined", _("Application declined")
    NOMINATION_APPROVED = "nomination_approved", _("Nomination approved")
    NOMINATION_DECLINED = "nomination_declined", _("Nomination declined")
    INSTITUTION_JOINED = "institution_joined", _("New member institution")
    KNOWLEDGE_PUBLISHED = "knowledge_published", _("New on what you follow")


KIND_OF_EVENT = {
    Event.MINUTES_APPROVED: Kind.MINUTES,
    Event.MEETING_SCHEDULED: Kind.MEETING,
    Event.MEETING_CHANGED: Kind.MEETING,
    Event.MEETING_CANCELLED: Kind.MEETING,
    Event.DOCUMENT_ADDED: Kind.DOCUMENT,
    Event.APPLICATION_APPROVED: Kind.DECISION,
    Event.APPLICATION_DECLINED: Kind.DECISION,
    Event.NOMINATION_APPROVED: Kind.DECISION,
    Event.NOMINATION_DECLINED: Kind.DECISION,
    Event.INSTITUTION_JOINED: Kind.INSTITUTION,
    Event.KNOWLEDGE_PUBLISHED: Kind.FOLLOWED,
}

MESSAGES = {
    Event.MINUTES_APPROVED: _("Minutes approved: %(title)s"),
    Event.MEETING_SCHEDULED: _("Meeting scheduled: %(title)s, %(date)s"),
    Event.MEETING_CHANGED: _("Meeting changed: %(title)s, now %(date)s"),
    Event.MEETING_CANCELLED: _("Meeting cancelled: %(title)s, %(date)s"),
    Event.DOCUMENT_ADDED: _("New document in %(title)s: %(document)s"),
    # The same sentences as the decision emails.
    Event.APPLICATION_APPROVED: _("Your request to join %(community)s was approved"),
    Event.APPLICATION_DECLINED: _("Your request to join %(community)s was declined"),
    Event.NOMINATION_APPROVED: _(
        "Your nomination of %(institution)s to %(community)s was approved"
    ),
    Event.NOMINATION_DECLINED: _(
        "Your nomination of %(institution)s to %(community)s was declined"
    ),
    Event.INSTITUTION_JOINED: _("%(institution)s joined %(community)s"),
    Event.KNOWLEDGE_PUBLISHED: _("New on what you follow: %(title)s"),
}


class Notification(models.Model):
    """One thing one person is told of.

    `page` decides who may see it and where it leads (a meeting, a library, a
    members area, a community, a case study); `titles` keeps the names it
    speaks of in each language, as they were when it happened.
    """

    # One person's own: shared fragments and cached pages stay (intranet.caching).
    changes_no_shared_content = True

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    event = models.CharField(max_length=30, choices=Event.choices)
    # One notification per person and happening (a page published in two
    # languages, or published twice, tells once).
    key = models.CharField(max_length=200)
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    titles = models.JSONField(default=dict, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Sent on its own or in a digest; never twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="one_notification_per_happening"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.message()

    @property
    def is_unread(self):
        return self.read_at is None

    def name_in(self, name, language):
        """The name `name` ("title", "community", "institution", "document") in
        `language`, else in the site's language, else in any."""
        names = self.titles.get(name) or {}
        language = (language or settings.LANGUAGE_CODE).split("-")[0]
        return (
            names.get(language)
            or names.get(settings.LANGUAGE_CODE)
            or next(iter(names.values()), "")
        )

    def message(self):
        """What happened, in the active language."""
        language = get_language()
        values = {
            name: self.name_in(name, language)
            for name in ("title", "community", "institution", "document")
        }
        values["date"] = (
            date_format(self.local_starts_at, "DATETIME_FORMAT")
            if self.starts_at
            else ""
        )
        return str(MESSAGES[self.event]) % values

    @property
    def local_starts_at(self):
        return timezone.localtime(self.starts_at) if self.starts_at else None


class EmailPreference(models.Model):
    """How one person wants to hear of one kind of notification by email."""

    # One person's own: shared fragments and cached pages stay (intranet.caching).
    changes_no_shared_content = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    delivery = models.CharField(max_length=20, choices=Delivery.choices)

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="one_preference_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.kind}: {self.delivery}"


class Following(models.Model):
    """The topics and countries one person follows in the knowledge base."""

    # One person's own: shared fragments and cached pages stay (intranet.caching).
    changes_no_shared_content = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    topics = models.ManyToManyField(
        Tag, blank=True, related_name="+", verbose_name=_("topics")
    )
    countries = CountryField(multiple=True, blank=True, verbose_name=_("countries"))

    class Meta:
        verbose_name = _("topics and countries followed")
        verbose_name_plural = _("topics and countries followed")

    def __str__(self):
        return str(self.user)


STEP_ORDER = {value: number for number, value in enumerate(Step.values, start=1)}


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("step", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("step", "In progress")
    DONE = "done", pgettext_lazy("step", "Done")


class Tracker(models.Model):
    """A community's progress along the ten steps, kept by its moderators.

    Shared by the community's translations (`community_key` is their
    translation key).
    """

    community_key = models.UUIDField(unique=True)
    public_summary = models.BooleanField(
        default=False,
        verbose_name=_("show a summary on the public community page"),
    )

    class Meta:
        verbose_name = _("ten-step tracker")

    def __str__(self):
        return str(self.community_key)


class TrackerStep(models.Model):
    """One step of a community's tracker, with the evidence that it was taken."""

    tracker = models.ForeignKey(Tracker, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=30, choices=Step.choices)
    status = models.CharField(
        max_length=20,
        choices=StepStatus.choices,
        default=StepStatus.NOT_STARTED,
        verbose_name=_("status"),
    )
    reached_on = models.DateField(null=True, blank=True, verbose_name=_("date"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    meeting = models.ForeignKey(
        "communities.MeetingPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("meeting"),
    )
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document"),
    )
    activity = models.ForeignKey(
        "communities.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("work-plan activity"),
    )

    class Meta:
        verbose_name = _("tracker step")
        constraints = [
            models.UniqueConstraint(fields=["tracker", "step"], name="one_row_per_step")
        ]

    def __str__(self):
        return self.get_step_display()

    @property
    def number(self):
        return STEP_ORDER[self.step]
