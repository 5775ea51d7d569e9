"""Vocabulary shared by every app: the pillars of a multi-stakeholder group, the
ten steps of building a working group, and the labels topics carry in each
language."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .caching import shared
from .models import TopicLabel


class Pillar(models.TextChoices):
    """The sector an institution belongs to; balance between them is the point."""

    COMPANY = "company", _("Company")
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia")
    OBSERVER = "observer", _("Observer")


class Step(models.TextChoices):
    """The ten steps of building a working group. A community's tracker follows
    them, and each is a theme of good practices."""

    LEADERSHIP = "leadership", _("Leadership")
    FIRST_MEETING = "first_meeting", _("First meeting and initial activities")
    SCOPING_STUDY = "scoping_study", _("Scoping study")
    PARTICIPATION_CRITERIA = "participation_criteria", _("Participation criteria")
    WORKING_RULES = "working_rules", _("Working rules")
    MANAGEMENT_LEVELS = "management_levels", _("Management levels")
    WORK_PLAN = "work_plan", _("Work plan")
    DISCUSSION_TOPICS = "discussion_topics", _("Discussion topics")
    RELATIONS_ALLIANCES = "relations_alliances", _("Relations and alliances")
    STATE_COMMITMENT = "state_commitment", _("State commitment")


def topic_labels(language=None):
    """{tag name: label} for the topics labelled in `language` (default: the
    active one). Shared until content changes; callers look names up with
    `.get(name, name)`."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return shared(
        "topic-labels",
        language,
        compute=lambda: dict(
            TopicLabel.objects.filter(language=language).values_list(
                "tag__name", "label"
            )
        ),
    )
