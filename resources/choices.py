"""The vocabularies of the library and the knowledge base.

Plain enumerations, below everything else in the app: the models store them,
and the listing filters offer them as choices without importing the models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from intranet.access.audiences import Audience
from intranet.taxonomy import Step


class DocumentType(models.TextChoices):
    MINUTES = "minutes", _("Minutes")
    REPORT = "report", _("Report")
    STUDY = "study", _("Study")
    TOOLKIT = "toolkit", _("Toolkit")
    PRESENTATION = "presentation", _("Presentation")
    LETTER = "letter", _("Letter")
    OTHER = "other", _("Other")


class Confidentiality(models.TextChoices):
    """The audiences a document can have: its collection's (see
    `intranet.access.audiences`)."""

    PUBLIC = Audience.PUBLIC.value, Audience.PUBLIC.label
    MEMBERS = Audience.MEMBERS.value, Audience.MEMBERS.label
    COORDINATION = Audience.COORDINATION.value, Audience.COORDINATION.label


class TextStatus(models.TextChoices):
    """How far the reading of a document's text (for search) has gone."""

    PENDING = "pending", _("Text not read yet")
    EXTRACTED = "extracted", _("Text read")
    UNREADABLE = "unreadable", _("Text could not be read")
    # The reading itself failed (interrupted again and again, or an error):
    # the file is not known to be at fault.
    FAILED = "failed", _("Reading the text failed")
    NONE = "none", _("No text is read from this type of file")


# What part of building a working group a good practice is about: one of the
# ten steps, or one of three themes beyond them.
Theme = models.TextChoices(
    "Theme",
    [
        *((step.name, (step.value, step.label)) for step in Step),
        ("DIALOGUE_DESIGN", ("dialogue_design", _("Dialogue design"))),
        ("UNHEARD_VOICES", ("unheard_voices", _("Inclusion of unheard voices"))),
        ("OTHER", ("other", _("Other"))),
    ],
)
