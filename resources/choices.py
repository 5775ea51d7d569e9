"""The vocabularies of the library and the knowledge base.

Plain enumerations, below everything else in the app: the models store them,
and the listing filters offer them as choices without importing the models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    MINUTES = "minutes", _("Minutes")
    REPORT = "report", _("Report")
    STUDY = "study", _("Study")
    TOOLKIT = "toolkit", _("Toolkit")
    PRESENTATION = "presentation", _("Presentation")
    LETTER = "letter", _("Letter")
    OTHER = "other", _("Other")


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members of the community")
    COORDINATION = "coordination", _("Coordination group only")


class TextStatus(models.TextChoices):
    """How far the reading of a document's text (for search) has gone."""

    PENDING = "pending", _("Text not read yet")
    EXTRACTED = "extracted", _("Text read")
    UNREADABLE = "unreadable", _("Text could not be read")
    NONE = "none", _("No text is read from this type of file")


class Theme(models.TextChoices):
    """What part of building a working group a good practice is about."""

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
    DIALOGUE_DESIGN = "dialogue_design", _("Dialogue design")
    UNHEARD_VOICES = "unheard_voices", _("Inclusion of unheard voices")
    OTHER = "other", _("Other")
