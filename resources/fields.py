"""Model fields of the knowledge base.

Migrations name `PillarListField` by this module's path: keep it here.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from intranet.taxonomy import Pillar


class PillarListField(models.JSONField):
    """A list of `Pillar` values, edited as checkboxes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=Pillar.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name[:1].upper() + self.verbose_name[1:],
            help_text=self.help_text,
        )


# Content that stays current: someone answers for the page staying true and
# says when to look again. Owners are reminded in their weekly digest before the
# date passes; editors find pages past it in the admin's report of overdue
# reviews. (Named apart from Wagtail's own `owner`, the page's creator.)
def content_owner_field():
    """Who answers for a page staying true."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("Who keeps this page up to date."),
    )


def review_date_field():
    """When a page's owner should look at it again."""
    return models.DateField(
        null=True,
        blank=True,
        verbose_name=_("review date"),
        help_text=_("When the owner should check that it is still current."),
    )
