"""Institutions: the organisations that take part, named in each reader's language."""

import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from intranet.taxonomy import Pillar


class Institution(models.Model):
    """An organisation that takes part; people represent it, not themselves.

    It has one name as it calls itself (`name`, `acronym`, in its own language:
    "Ministerio de Energía y Minas", "Ghana Chamber of Mines") and, where readers
    of another language know it by another, a name per language (`name_en`,
    `name_es`...). Everyone reads the name in their own language:
    `display_name`, `display_acronym` and `str()` follow the active language.
    """

    name = models.CharField(
        max_length=255,
        verbose_name=_("name"),
        help_text=_("As the institution calls itself, in its own language."),
    )
    acronym = models.CharField(max_length=40, blank=True, verbose_name=_("acronym"))
    name_en = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("name in English"),
        help_text=_("Leave empty when English readers know it by its own name."),
    )
    acronym_en = models.CharField(
        max_length=40, blank=True, verbose_name=_("acronym in English")
    )
    name_es = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("name in Spanish"),
        help_text=_("Leave empty when Spanish readers know it by its own name."),
    )
    acronym_es = models.CharField(
        max_length=40, blank=True, verbose_name=_("acronym in Spanish")
    )
    pillar = models.CharField(
        max_length=20, choices=Pillar.choices, verbose_name=_("pillar")
    )
    country = CountryField(blank=True, verbose_name=_("country"))
    website = models.URLField(blank=True, verbose_name=_("website"))
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("acronym")],
            heading=_("Own name"),
        ),
        MultiFieldPanel(
            [FieldPanel("name_en"), FieldPanel("acronym_en")],
            heading=_("In English"),
        ),
        MultiFieldPanel(
            [FieldPanel("name_es"), FieldPanel("acronym_es")],
            heading=_("In Spanish"),
        ),
        FieldPanel("pillar"),
        FieldPanel("country"),
        FieldPanel("website"),
        FieldPanel("logo"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        # One institution per name, whatever the letter case, in any language
        # it is known by (two applications at once naming "Defensoría del
        # Pueblo" and "DEFENSORÍA DEL PUEBLO" make one institution). On SQLite
        # lower() folds ASCII letters only; `find_institution` folds the rest.
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="one_institution_per_name",
                violation_error_message=_("An institution of this name exists."),
            ),
            models.UniqueConstraint(
                Lower("name_en"),
                condition=~Q(name_en=""),
                name="one_institution_per_english_name",
                violation_error_message=_(
                    "An institution of this English name exists."
                ),
            ),
            models.UniqueConstraint(
                Lower("name_es"),
                condition=~Q(name_es=""),
                name="one_institution_per_spanish_name",
                violation_error_message=_(
                    "An institution of this Spanish name exists."
                ),
            ),
        ]

    def __str__(self):
        """Name and acronym in the reader's language, the acronym only where the
        name does not already show it ("SUCAMEC", "Las Bambas (MMG)",
        "Instituto de Defensa Legal (IDL)")."""
        name, acronym = self.display_name, self.display_acronym.strip()
        if not acronym or re.search(
            rf"(?<!\w){re.escape(acronym)}(?!\w)", name, flags=re.IGNORECASE
        ):
            return name
        return f"{name} ({acronym})"

    def name_in(self, language):
        """The name readers of `language` know the institution by."""
        return getattr(self, f"name_{_base_language(language)}", "") or self.name

    def acronym_in(self, language):
        """Its acronym for readers of `language`; a translated name without an
        acronym of its own keeps the institution's ("Ministry of Energy and
        Mines (MINEM)")."""
        translated = getattr(self, f"acronym_{_base_language(language)}", "")
        return translated or self.acronym

    @property
    def display_name(self):
        return self.name_in(get_language())

    @property
    def display_acronym(self):
        return self.acronym_in(get_language())

    @property
    def short_name(self):
        """The acronym where there is one, else the name (tables, charts)."""
        return self.display_acronym or self.display_name

    def clean(self):
        super().clean()
        self.name = " ".join(self.name.split())
        for code, _label in settings.LANGUAGES:
            field = f"name_{code}"
            if hasattr(self, field):
                setattr(self, field, " ".join(getattr(self, field).split()))


def reading_order(institution):
    """Sort key: alphabetical by the name the reader reads, accents aside."""
    return accent_folded(institution.display_name)


def accent_folded(text):
    """`text` without accents, case folded: a key to sort or compare names by."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _base_language(language):
    return (language or settings.LANGUAGE_CODE).split("-")[0].lower()
