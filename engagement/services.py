"""Who is told of what, whether they may still see it, and how they hear of it.

Every question of access is put to `intranet.access`: a notification is shown,
counted, opened, emailed or put in a digest only while its recipient may view
the page it points at (and, for a document, the document's collection).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from communities.models import CommunityPage
from intranet.access import (
    below_a_collection_hidden_from,
    can_view_collection,
    can_view_page,
    hidden_collection_paths,
    hidden_page_paths,
    visible_pages_for,
    within_paths,
)
from resources.models import CaseStudyPage, GoodPracticePage

from .models import (
    DEFAULT_DELIVERY,
    Delivery,
    EmailPreference,
    Kind,
    Notification,
)

UNSUBSCRIBE_SALT = "minka.engagement.unsubscribe"
# Decisions are emailed when the coordination group records them
# (`communities.services.notify_decision`); the inbox keeps them too.
EMAILED_ELSEWHERE = (Kind.DECISION,)


# --- Names and places ----------------------------------------------------------


def titles_of(page):
    """{language code: title} of `page` in every language it is written in."""
    return dict(
        Page.objects.filter(translation_key=page.translation_key).values_list(
            "locale__language_code", "title"
        )
    )


def community_of(page):
    """The community `page` belongs to (itself, if it is one), or None."""
    return CommunityPage.objects.ancestor_of(page, inclusive=True).first()


def page_in(page, language):
    """Where `page` is read in `language`: its live translation, else itself if
    live, else its nearest live ancestor below the home page."""
    translation_ = (
        Page.objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=language)
        .first()
    )
    if translation_ is not None:
        return translation_
    if page.live:
        return page
    return page.get_ancestors().live().filter(depth__gt=2).last()


def absolute(url):
    """`url` on the site's public address (emails are read away from the site)."""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.BASE_URL}{url}"


# --- Who may see it ------------------------------------------------------------


def may_see(user, notification):
    """Whether `user` may still see `notification` (its page, its document)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if notification.recipient_id != user.pk:
        return False
    if not can_view_page(user, notification.page):
        return False
    document = notification.document
    return document is None or can_view_collection(user, document.collection)


def visible_notifications(user):
    """`user`'s notifications that they may still see, narrowed inside the query."""
    if not user.is_authenticated or not user.is_active:
        return Notification.objects.none()
    queryset = Notification.objects.filter(recipient=user)
    pages = hidden_page_paths(user)
    if pages:
        queryset = queryset.exclude(within_paths(pages, "page__path"))
    collections = hidden_collection_paths(user)
    if collections:
        queryset = queryset.exclude(
            within_paths(collections, "document__collection__path")
        )
    return queryset


def unread_count(user):
    """How many unread notifications the header shows, narrowed as the inbox is,
    in one query.

    Narrowed by the page each points at, whose hidden paths the request has
    already worked out for its menu, and by the collection of the document it
    tells of: a library does not tell its documents' privacy (a members' library
    lists the coordination group's documents to the coordination group only, and
    a document moved there since it was announced still points at it).
    """
    if not user.is_authenticated or not user.is_active:
        return 0
    queryset = Notification.objects.filter(recipient=user, read_at=None)
    pages = hidden_page_paths(user)
    if pages:
        queryset = queryset.exclude(within_paths(pages, "page__path"))
    return queryset.exclude(
        below_a_collection_hidden_from(user, "document__collection__path")
    ).count()


def readers_of(page, document=None):
    """Active people of `page`'s community who may view it (and `document`)."""
    community = community_of(page)
    if community is None:
        return []
    group_ids = [
        pk
        for pk in (community.members_group_id, community.moderators_group_id)
        if pk is not None
    ]
    people = (
        get_user_model()
        .objects.filter(is_active=True, groups__in=group_ids)
        .distinct()
        .order_by("pk")
    )
    return [
        person
        for person in people
        if can_view_page(person, page)
        and (document is None or can_view_collection(person, document.collection))
    ]


# --- Telling people ------------------------------------------------------------


def delivery_for(user, kind):
    """How `user` wants to hear of `kind` by email."""
    chosen = (
        EmailPreference.objects.filter(user=user, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    return chosen or DEFAULT_DELIVERY[kind]


def set_delivery(user, kind, delivery):
    EmailPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery}
    )


def mark_read(notification):
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(user):
    return (
        visible_notifications(user).filter(read_at=None).update(read_at=timezone.now())
    )


# --- Unsubscribing -------------------------------------------------------------


def unsubscribe_token(user, kind):
    return signing.dumps({"user": user.pk, "kind": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """(user, kind) named by a signed token, or None for a token not ours."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("kind") not in Kind.values:
        return None
    user = get_user_model().objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None:
        return None
    return user, data["kind"]


def unsubscribe_url(user, kind, language):
    with translation.override(language):
        path = reverse("engagement:unsubscribe", args=[unsubscribe_token(user, kind)])
    return absolute(path)


# --- Digests -------------------------------------------------------------------


def digest_items(user):
    """The notifications waiting for `user`'s weekly digest that they may still
    see, oldest first."""
    weekly = [
        kind
        for kind in Kind.values
        if kind not in EMAILED_ELSEWHERE and delivery_for(user, kind) == Delivery.WEEKLY
    ]
    if not weekly:
        return []
    queryset = (
        visible_notifications(user)
        .filter(emailed_at=None, kind__in=weekly)
        .select_related("page", "document__collection")
        .order_by("created_at", "pk")
    )
    return [item for item in queryset if may_see(user, item)]


def knowledge_published_since(language, since):
    """Public case studies and good practices first published since `since`, in
    `language` (what anyone may read: a visitor's view)."""
    found = []
    for model in (CaseStudyPage, GoodPracticePage):
        pages = model.objects.filter(
            first_published_at__gte=since, locale__language_code=language
        ).defer_streamfields()
        found.extend(visible_pages_for(AnonymousUser(), pages).order_by("title"))
    return found


def digest_recipients():
    """People who may get a digest: active, with an email address."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(groups__isnull=False) | Q(notifications__isnull=False))
        .distinct()
        .order_by("pk")
    )


# --- Content that stays current ------------------------------------------------

REVIEW_NOTICE = timedelta(days=30)


def pages_to_review(condition, language=None):
    """Case studies and good practices matching `condition`, one per
    translation group (in `language` where written in it), by review date."""
    found = {}
    for model in (CaseStudyPage, GoodPracticePage):
        for page in (
            model.objects.filter(condition)
            .exclude(review_on=None)
            .select_related("locale", "content_owner")
            .defer_streamfields()
            .order_by("review_on", "pk")
        ):
            kept = found.get(page.translation_key)
            if kept is None or (
                page.locale.language_code == language
                and kept.locale.language_code != language
            ):
                found[page.translation_key] = page
    return sorted(found.values(), key=lambda page: (page.review_on, page.pk))


def reviews_due(user, today, language=None):
    """`user`'s pages whose review date passed or comes within a month."""
    return pages_to_review(
        Q(content_owner=user, review_on__lte=today + REVIEW_NOTICE), language
    )


def overdue_reviews(today):
    """Every case study and good practice whose review date has passed."""
    return pages_to_review(Q(review_on__lt=today))
