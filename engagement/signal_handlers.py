"""Listen to what happens in the content apps and queue the telling of it.

The content apps know nothing of notifications: Wagtail's publishing signals,
Django's model signals and `intranet.signals` are all this app hears.
"""

from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.signals import page_published, page_unpublished

from communities.models import MeetingPage, Membership
from intranet.signals import membership_decided
from resources.models import CaseStudyPage, GoodPracticePage

from . import tasks


def meeting_published(sender, instance, **kwargs):
    if instance.minutes.strip():
        tasks.announce_minutes.enqueue(instance.pk)
    if instance.ends_at >= timezone.now():
        tasks.announce_meeting.enqueue(instance.pk)


def meeting_unpublished(sender, instance, **kwargs):
    if instance.ends_at >= timezone.now():
        tasks.announce_cancellation.enqueue(instance.pk)


def knowledge_published(sender, instance, **kwargs):
    tasks.announce_knowledge.enqueue(instance.pk)


def document_saved(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        tasks.announce_document.enqueue(instance.pk)


def decided(sender, membership, nomination, **kwargs):
    tasks.announce_decision.enqueue(membership.pk, nomination)


def membership_about_to_change(sender, instance, raw=False, **kwargs):
    """Remember whether the institution was active before this save."""
    if raw:
        return
    instance._minka_was_active = (
        instance.pk is not None
        and Membership.objects.filter(
            pk=instance.pk, status=Membership.Status.ACTIVE
        ).exists()
    )


def membership_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.status != Membership.Status.ACTIVE:
        return
    if not getattr(instance, "_minka_was_active", False):
        tasks.announce_new_member.enqueue(instance.pk)


def register():
    page_published.connect(
        meeting_published, sender=MeetingPage, dispatch_uid="minka_engagement_meeting"
    )
    page_unpublished.connect(
        meeting_unpublished,
        sender=MeetingPage,
        dispatch_uid="minka_engagement_meeting_off",
    )
    for model in (CaseStudyPage, GoodPracticePage):
        page_published.connect(
            knowledge_published,
            sender=model,
            dispatch_uid=f"minka_engagement_{model.__name__}",
        )
    post_save.connect(
        document_saved,
        sender=get_document_model(),
        dispatch_uid="minka_engagement_document",
    )
    membership_decided.connect(decided, dispatch_uid="minka_engagement_decision")
    pre_save.connect(
        membership_about_to_change,
        sender=Membership,
        dispatch_uid="minka_engagement_membership_before",
    )
    post_save.connect(
        membership_saved, sender=Membership, dispatch_uid="minka_engagement_membership"
    )
