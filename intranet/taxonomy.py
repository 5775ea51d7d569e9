"""Vocabulary shared by every app: the pillars of a multi-stakeholder group."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Pillar(models.TextChoices):
    """The sector an institution belongs to; balance between them is the point."""

    COMPANY = "company", _("Company")
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia")
    OBSERVER = "observer", _("Observer")
