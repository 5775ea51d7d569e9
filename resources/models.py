"""Resources: documents and images with library metadata and collection privacy."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as WagtailImage


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


class Document(AbstractDocument):
    # Redeclared with their own reverse names: Wagtail's stock models stay installed.
    uploaded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by user"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="uploaded_library_documents",
    )
    uploaded_by_user.wagtail_reference_index_ignore = True
    tags = TaggableManager(
        help_text=None,
        blank=True,
        verbose_name=_("topics"),
        related_name="library_documents",
    )
    document_type = models.CharField(
        max_length=20,
        choices=DocumentType.choices,
        default=DocumentType.OTHER,
        verbose_name=_("document type"),
    )
    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        verbose_name=_("language"),
    )
    date = models.DateField(null=True, blank=True, verbose_name=_("date"))
    confidentiality = models.CharField(
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.PUBLIC,
        verbose_name=_("confidentiality"),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))

    admin_form_fields = WagtailDocument.admin_form_fields + (
        "document_type",
        "language",
        "date",
        "confidentiality",
        "description",
    )

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class Image(AbstractImage):
    uploaded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by user"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="uploaded_library_images",
    )
    uploaded_by_user.wagtail_reference_index_ignore = True
    tags = TaggableManager(
        help_text=None,
        blank=True,
        verbose_name=_("tags"),
        related_name="library_images",
    )
    caption = models.CharField(max_length=255, blank=True, verbose_name=_("caption"))

    admin_form_fields = WagtailImage.admin_form_fields + ("caption",)

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class Rendition(AbstractRendition):
    image = models.ForeignKey(
        Image, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
