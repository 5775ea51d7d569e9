"""The media library: documents and images with library metadata and collection
privacy, and the document library pages that list a collection's documents.

A document library page lives here, beside the documents, because each needs the
other: the page lists a collection's documents, and a document's search entry
names the community whose library shows its collection.
"""

import posixpath
import urllib.parse

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Collection, Page

from intranet.access import visible_media_for
from intranet.access.audiences import collection_audience
from intranet.models import IntroducedPage
from intranet.search_entry import SearchEntryData

from ..choices import Confidentiality, DocumentType, TextStatus
from ..extraction import reads_text
from ..listings import document_listing

# The filter spec that names an image's original file in its URL.
ORIGINAL = "original"


# Left blank, a document's confidentiality is its collection's. Whatever is
# chosen, a saved document's confidentiality is its collection's audience
# (`intranet.access.audiences`): choosing another one moves the document (see
# `resources.forms.DocumentForm`).
AS_COLLECTION = ""


def audience_mismatch(collection, audience):
    """Why a document in `collection` (whose audience is `audience`) cannot have
    the confidentiality asked for."""
    if audience == Confidentiality.PUBLIC:
        return ValidationError(
            _(
                "Everyone can see the collection “%(collection)s”, so "
                "a document in it must be public: choose “Public” as "
                "its confidentiality, or a private collection."
            ),
            code="open_collection",
            params={"collection": collection.name},
        )
    return ValidationError(
        _(
            "Documents of the collection “%(collection)s” are for “%(audience)s”: "
            "choose that confidentiality, or another collection."
        ),
        code="other_audience",
        params={
            "collection": collection.name,
            "audience": Confidentiality(audience).label,
        },
    )


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
        choices=[
            (
                AS_COLLECTION,
                _("As its collection"),
            ),
            *Confidentiality.choices,
        ],
        blank=True,
        default=AS_COLLECTION,
        verbose_name=_("confidentiality"),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    # Read from the file by a background task (resources.tasks), so search
    # finds words found only inside it.
    extracted_text = models.TextField(
        blank=True, editable=False, verbose_name=_("extracted text")
    )
    text_status = models.CharField(
        max_length=20,
        choices=TextStatus.choices,
        default=TextStatus.PENDING,
        editable=False,
        verbose_name=_("text for search"),
    )

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

    @classmethod
    def from_db(cls, db, field_names, values):
        document = super().from_db(db, field_names, values)
        if "file" in field_names:
            document._saved_file_name = values[field_names.index("file")]
        return document

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        # Wagtail's document forms leave out what Wagtail fills in itself (the
        # multiple uploader's forms have no file; someone who may add to one
        # collection only gets no collection field). An error about a field a
        # form lacks is the whole document's, so the form shows it, not a 500.
        try:
            super().full_clean(
                exclude=exclude,
                validate_unique=validate_unique,
                validate_constraints=validate_constraints,
            )
        except ValidationError as error:
            if not exclude or not hasattr(error, "error_dict"):
                raise
            errors = {}
            for field, field_errors in error.error_dict.items():
                key = NON_FIELD_ERRORS if field in exclude else field
                errors.setdefault(key, []).extend(field_errors)
            raise ValidationError(errors) from error

    def clean(self):
        # The multiple uploader checks a new document before giving it its file,
        # whose extension was checked on upload.
        if self.file:
            super().clean()
        # The collection decides who may open the file: a confidentiality that
        # another collection would give is refused (the admin form moves the
        # document to the collection that has it before this check).
        if self.confidentiality != AS_COLLECTION and self.collection_id:
            audience = collection_audience(self.collection)
            if self.confidentiality != audience:
                raise ValidationError(
                    {"collection": audience_mismatch(self.collection, audience)}
                )

    def save(self, *args, **kwargs):
        file_name = self.file.name if self.file else ""
        # A new file's text is read by a task once the document is saved (see
        # signal_handlers): never in the request that uploads it.
        self.file_needs_reading = bool(
            file_name and file_name != getattr(self, "_saved_file_name", None)
        ) or bool(file_name and getattr(self, "read_again", False))
        self.read_again = False
        if self.file_needs_reading:
            self.extracted_text = ""
            self.text_status = (
                TextStatus.PENDING if reads_text(file_name) else TextStatus.NONE
            )
            self.file_needs_reading = self.text_status == TextStatus.PENDING
            self._saved_file_name = file_name
        # Always the collection's: the two can never disagree.
        if self.collection_id:
            self.confidentiality = collection_audience(self.collection)
        elif self.confidentiality == AS_COLLECTION:
            self.confidentiality = Confidentiality.PUBLIC
        super().save(*args, **kwargs)

    @property
    def content_disposition(self):
        # Always a download: a file opened inside the site's origin could run
        # script (HTML, SVG, a crafted PDF), whatever its type claims.
        return "attachment; filename={0}; filename*=UTF-8''{0}".format(
            urllib.parse.quote(self.filename)
        )

    def search_entry_data(self):
        """What the site search knows about this document."""
        community = community_page_for_collection(self.collection_id)
        date = self.date
        if isinstance(date, str):  # assigned but not yet reloaded
            date = parse_date(date)
        return SearchEntryData(
            kind="document",
            title=self.title,
            summary=self.description,
            body="\n".join(
                part for part in (self.description, self.extracted_text) if part
            ),
            date=date,
            years=[date.year] if date else [],
            topics=[tag.name for tag in self.tags.all()],
            community_id=community.pk if community else None,
            language=self.language,
        )


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

    @property
    def original_url(self):
        """The uploaded file, through the permission-checking view."""
        return reverse(
            "resources_image",
            args=(self.pk, ORIGINAL, posixpath.basename(self.file.name)),
        )


class Rendition(AbstractRendition):
    image = models.ForeignKey(
        Image, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    @property
    def url(self):
        """Through the permission-checking view: media is never served directly."""
        return reverse(
            "resources_image",
            args=(self.image_id, self.filter_spec, posixpath.basename(self.file.name)),
        )


# --- Document libraries ------------------------------------------------------------


class DocumentLibraryPage(IntroducedPage):
    """Lists the documents of one collection, filtered through its privacy."""

    collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("collection"),
        help_text=_(
            "The documents of this collection (and its sub-collections) are listed. "
            "Its privacy decides who can open them."
        ),
    )

    content_panels = IntroducedPage.content_panels + [FieldPanel("collection")]

    parent_page_types = [
        "intranet.HomePage",
        "intranet.StandardPage",
        "communities.MembersAreaPage",
        "communities.CoordinationAreaPage",
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("document library")
        verbose_name_plural = _("document libraries")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(document_listing(self.visible_documents(request.user), request))
        return context

    def visible_documents(self, user):
        """The documents of the library's collection and its sub-collections that
        `user` may see."""
        if self.collection_id is None:
            return Document.objects.none()
        # The library's collection path as a subquery: no query of its own.
        path = Collection.objects.filter(pk=self.collection_id).values("path")
        return visible_media_for(
            user, Document.objects.filter(collection__path__startswith=path[:1])
        )


def community_page_for_collection(collection_id):
    """The community whose document library shows this collection, or None."""
    if collection_id is None:
        return None
    library = DocumentLibraryPage.objects.filter(collection_id=collection_id).first()
    if library is None:
        return None
    return (
        Page.objects.ancestor_of(library)
        .filter(
            content_type__app_label="communities",
            content_type__model="communitypage",
        )
        .first()
    )
