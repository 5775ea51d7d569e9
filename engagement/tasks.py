"""Background work: telling the people concerned, and emailing them.

Signal handlers only queue these; each one reads the database afresh when it
runs, so whoever lost access in the meantime is neither told nor emailed.
"""

import hashlib
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from wagtail.documents import get_document_model

from communities.models import MeetingPage, Membership
from communities.services import language_of
from intranet.access import can_view_page
from resources.models import CaseStudyPage, DocumentLibraryPage, GoodPracticePage

from .digests import compose_digest
from .models import (
    KIND_OF_EVENT,
    Delivery,
    Event,
    Following,
    Notification,
)
from .services import (
    EMAILED_ELSEWHERE,
    absolute,
    community_of,
    delivery_for,
    may_see,
    readers_of,
    titles_of,
    unsubscribe_url,
)


def notify(recipients, event, key, page, titles, document=None, starts_at=None):
    """Tell each of `recipients` of `event` once (by `key`); queue an email to
    those who want it at once. Returns the notifications created."""
    kind = KIND_OF_EVENT[event]
    # Names as they read now: a translation published since shows its title.
    Notification.objects.filter(key=key).update(titles=titles)
    created = []
    for person in recipients:
        notification, is_new = Notification.objects.get_or_create(
            recipient=person,
            key=key,
            defaults={
                "kind": kind,
                "event": event,
                "page": page,
                "document": document,
                "titles": titles,
                "starts_at": starts_at,
            },
        )
        if not is_new:
            continue
        created.append(notification)
        if (
            kind not in EMAILED_ELSEWHERE
            and person.email
            and delivery_for(person, kind) == Delivery.IMMEDIATELY
        ):
            send_notification.enqueue(notification.pk)
    return created


def _fingerprint(*parts):
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[
        :16
    ]


def _institution_names(institution):
    return {code: institution.name_in(code) for code in ("en", "es")}


@task()
def announce_minutes(page_id):
    """Minutes approved and published: the community's readers of the meeting."""
    meeting = MeetingPage.objects.filter(pk=page_id, live=True).first()
    if meeting is None or not meeting.minutes.strip():
        return 0
    created = notify(
        readers_of(meeting),
        Event.MINUTES_APPROVED,
        f"minutes:{meeting.translation_key}",
        meeting,
        {"title": titles_of(meeting)},
        starts_at=meeting.starts_at,
    )
    return len(created)


@task()
def announce_meeting(page_id):
    """A meeting to come published: scheduled the first time, changed when its
    date, duration or venue differ from what people were told."""
    meeting = MeetingPage.objects.filter(pk=page_id, live=True).first()
    if meeting is None or meeting.ends_at < timezone.now():
        return 0
    prefix = f"meeting:{meeting.translation_key}:"
    key = prefix + _fingerprint(
        meeting.starts_at.isoformat(), meeting.duration_minutes, meeting.venue
    )
    told = Notification.objects.filter(key__startswith=prefix)
    event = told.filter(key=key).values_list("event", flat=True).first()
    if event is None:
        event = Event.MEETING_CHANGED if told.exists() else Event.MEETING_SCHEDULED
    created = notify(
        readers_of(meeting),
        event,
        key,
        meeting,
        {"title": titles_of(meeting)},
        starts_at=meeting.starts_at,
    )
    return len(created)


@task()
def announce_cancellation(page_id):
    """A meeting to come unpublished in every language: called off."""
    meeting = MeetingPage.objects.filter(pk=page_id).first()
    if meeting is None or meeting.ends_at < timezone.now():
        return 0
    if MeetingPage.objects.live().filter(translation_key=meeting.translation_key):
        return 0  # still on in another language
    area = meeting.get_parent()
    created = notify(
        readers_of(area),
        Event.MEETING_CANCELLED,
        f"cancelled:{meeting.translation_key}:"
        + _fingerprint(meeting.starts_at.isoformat()),
        area,
        {"title": titles_of(meeting)},
        starts_at=meeting.starts_at,
    )
    return len(created)


@task()
def announce_document(document_id):
    """A new document: the readers of a community library that lists it."""
    document = (
        get_document_model()
        .objects.select_related("collection")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        return 0
    collections = document.collection.get_ancestors(inclusive=True)
    library = (
        DocumentLibraryPage.objects.live()
        .filter(collection__in=collections)
        .order_by("-depth", "pk")
        .first()
    )
    if library is None:
        return 0
    created = notify(
        readers_of(library, document),
        Event.DOCUMENT_ADDED,
        f"document:{document.pk}",
        library,
        {"title": titles_of(library), "document": {"": document.title}},
        document=document,
    )
    return len(created)


@task()
def announce_decision(membership_id, nomination):
    """Whoever applied or nominated hears of the coordination group's decision."""
    membership = (
        Membership.objects.select_related("community", "institution", "submitted_by")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None or membership.submitted_by is None:
        return 0
    if membership.status == Membership.Status.ACTIVE:
        approved = True
    elif membership.status == Membership.Status.DECLINED:
        approved = False
    else:
        return 0
    event = {
        (False, True): Event.APPLICATION_APPROVED,
        (False, False): Event.APPLICATION_DECLINED,
        (True, True): Event.NOMINATION_APPROVED,
        (True, False): Event.NOMINATION_DECLINED,
    }[(bool(nomination), approved)]
    community = membership.community
    created = notify(
        [membership.submitted_by],
        event,
        f"decision:{membership.pk}:{membership.decided_at.isoformat()}",
        community,
        {
            "community": titles_of(community),
            "institution": _institution_names(membership.institution),
        },
    )
    return len(created)


# A membership recorded with an older start date is a record of the past (a
# community's history entered afterwards), not news.
NEWS_OF_JOINING = timedelta(days=30)


@task()
def announce_new_member(membership_id):
    """An institution became an active member: the community's other members."""
    membership = (
        Membership.objects.select_related("community", "institution")
        .filter(pk=membership_id, status=Membership.Status.ACTIVE)
        .first()
    )
    if membership is None:
        return 0
    started = membership.start_date
    if started is not None and started < timezone.localdate() - NEWS_OF_JOINING:
        return 0
    area = membership.community.members_area()
    if area is None:
        return 0
    own = set(membership.representatives.values_list("pk", flat=True))
    created = notify(
        [person for person in readers_of(area) if person.pk not in own],
        Event.INSTITUTION_JOINED,
        f"joined:{membership.pk}:{membership.start_date}",
        area,
        {
            "community": titles_of(membership.community),
            "institution": _institution_names(membership.institution),
        },
    )
    return len(created)


@task()
def announce_knowledge(page_id):
    """A case study or good practice published: those who follow its topics or
    its country (public pages only)."""
    page = (
        CaseStudyPage.objects.filter(pk=page_id, live=True).first()
        or GoodPracticePage.objects.filter(pk=page_id, live=True).first()
    )
    if page is None or community_of(page) is not None:
        return 0
    topics = list(page.tags.values_list("pk", flat=True))
    country = getattr(page, "country", "")
    following = Q(topics__in=topics)
    if country:
        following |= Q(countries__contains=str(country))
    followers = [
        row.user
        for row in Following.objects.filter(following, user__is_active=True)
        .select_related("user")
        .distinct()
        .order_by("user_id")
    ]
    # A public page only: anyone may read it, the check is the page's own.
    readers = [person for person in followers if can_view_page(person, page)]
    created = notify(
        readers,
        Event.KNOWLEDGE_PUBLISHED,
        f"knowledge:{page.translation_key}",
        page,
        {"title": titles_of(page)},
    )
    return len(created)


@task()
def send_notification(notification_id):
    """Email one notification, in its recipient's language, if they still want
    it at once and may still see it."""
    notification = (
        Notification.objects.select_related("recipient", "page", "document__collection")
        .filter(pk=notification_id, emailed_at=None)
        .first()
    )
    if notification is None:
        return False
    person = notification.recipient
    if (
        not person.email
        or delivery_for(person, notification.kind) != Delivery.IMMEDIATELY
        or not may_see(person, notification)
    ):
        return False
    language = language_of(person)
    with translation.override(language):
        subject = notification.message()
        unsubscribe = unsubscribe_url(person, notification.kind, language)
        body = render_to_string(
            "engagement/email/notification.txt",
            {
                "notification": notification,
                "link": absolute(reverse("engagement:open", args=[notification.pk])),
                "kind": notification.get_kind_display(),
                "unsubscribe": unsubscribe,
                "preferences": absolute(reverse("engagement:preferences")),
            },
        )
    EmailMessage(
        " ".join(subject.split()),
        body.strip() + "\n",
        to=[person.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
    ).send()
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


@task()
def send_digest(user_id):
    """Email one person's weekly digest, composed when it is sent."""
    person = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if person is None or not person.email:
        return False
    digest = compose_digest(person)
    if digest is None:
        return False
    EmailMessage(digest.subject, digest.body, to=[person.email]).send()
    Notification.objects.filter(pk__in=[item.pk for item in digest.items]).update(
        emailed_at=timezone.now()
    )
    return True
