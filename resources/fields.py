"""Model fields of the knowledge base (named in migrations by this module's path)."""

from django import forms
from django.db import models

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
