"""The weekly digest: what waits for one person, composed in their language."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from communities.services import language_of

from .models import Delivery, Kind
from .services import (
    absolute,
    delivery_for,
    digest_items,
    knowledge_published_since,
    reviews_due,
    unsubscribe_url,
)


@dataclass
class Digest:
    subject: str
    body: str
    language: str
    items: list = field(default_factory=list)


def compose_digest(user, now=None):
    """`user`'s digest, or None when there is nothing to tell them.

    Everything in it is checked against what they may see when it is composed:
    an item they lost access to since it was queued is left out.
    """
    now = now or timezone.now()
    language = language_of(user)
    with translation.override(language):
        items = digest_items(user)
        knowledge = []
        if delivery_for(user, Kind.KNOWLEDGE) == Delivery.WEEKLY:
            knowledge = knowledge_published_since(language, now - timedelta(days=7))
        reviews = reviews_due(user, timezone.localdate(now), language)
        if not (items or knowledge or reviews):
            return None
        sections = {}
        for item in items:
            sections.setdefault(item.kind, []).append(
                (
                    item.message(),
                    absolute(reverse("engagement:open", args=[item.pk])),
                )
            )
        kinds = [kind for kind in Kind.values if kind in sections]
        if knowledge:
            kinds.append(Kind.KNOWLEDGE)
        body = render_to_string(
            "engagement/email/digest.txt",
            {
                "user": user,
                "sections": [
                    (Kind(kind).label, sections[kind])
                    for kind in Kind.values
                    if kind in sections
                ],
                "knowledge": [
                    (page.title, absolute(page.get_url())) for page in knowledge
                ],
                "reviews": [
                    (page.title, page.review_on, absolute(_admin_edit(page)))
                    for page in reviews
                ],
                "unsubscribe": [
                    (Kind(kind).label, unsubscribe_url(user, kind, language))
                    for kind in kinds
                ],
                "preferences": absolute(reverse("engagement:preferences")),
            },
        )
        subject = _("Your weekly Minka digest")
    return Digest(str(subject), body.strip() + "\n", language, items)


def _admin_edit(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])
