"""The admin form of library documents (`WAGTAILDOCS_DOCUMENT_FORM_BASE`)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.models import Collection

from intranet.access.audiences import (
    collection_audience,
    collection_for_audience,
    coordination_collection_ids,
)

from .choices import TextStatus

TEXT_STATUS_HELP = {
    TextStatus.PENDING: _(
        "The file's text is being read in the background; until then search "
        "finds this document by its title, description and topics."
    ),
    TextStatus.EXTRACTED: _("Search also finds this document by the words inside it."),
    TextStatus.UNREADABLE: _(
        "The file is damaged, locked, too large or too complex to read: search "
        "finds this document by its title, description and topics only."
    ),
    TextStatus.FAILED: _(
        "Reading the file's text was interrupted or went wrong several times and "
        "was given up: search finds this document by its title, description and "
        'topics only. Tick "Read the file\'s text again" to try once more.'
    ),
    TextStatus.NONE: _(
        "Search finds this document by its title, description and topics."
    ),
}


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, checking a document where it will really be.

    Someone who may add documents to one collection only gets no collection
    field, and Wagtail puts the document into that collection when it saves the
    form, after validation. The collection is set here instead, so validation
    weighs the confidentiality against the collection the document goes into.

    A coordination group's collection is not offered on its own: a document
    goes there by choosing "Coordination group only" in its community's
    collection, and back by choosing "Members of the community", so the
    confidentiality and the collection always agree.

    A saved document also shows how far the reading of its text has gone.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_collections_without_tiers()
        if "collection" not in self.fields:
            self.instance.collection = self.collections[0]
        if self.instance.pk:
            status = TextStatus(self.instance.text_status)
            self.fields["text_status"] = forms.CharField(
                label=_("Text for search"),
                required=False,
                disabled=True,
                initial=status.label,
                help_text=TEXT_STATUS_HELP[status],
            )
            if status in (
                TextStatus.PENDING,
                TextStatus.UNREADABLE,
                TextStatus.FAILED,
            ):
                self.fields["read_again"] = forms.BooleanField(
                    label=_("Read the file's text again"),
                    required=False,
                    help_text=_(
                        "When saved, the file is read once more in the background: "
                        "for a file that could not be read, or whose reading has "
                        "not finished."
                    ),
                )

    def _offer_collections_without_tiers(self):
        hidden = coordination_collection_ids()
        if not hidden:
            return
        current = self.instance.collection if self.instance.collection_id else None
        if current is not None and current.pk in hidden:
            # Shown as its community's collection, "Coordination group only".
            self.initial["collection"] = current.get_parent().pk
            self.initial["confidentiality"] = collection_audience(current)
        self.collections = self.collections.exclude(pk__in=hidden)
        field = self.fields.get("collection")
        if field is None:
            return
        field.queryset = field.queryset.exclude(pk__in=hidden)
        if len(self.collections) == 1:
            # One collection left to choose: Wagtail's forms then have none.
            del self.fields["collection"]

    def clean(self):
        cleaned_data = super().clean()
        chosen = cleaned_data.get("confidentiality")
        collection = cleaned_data.get("collection") or self.instance.collection
        if not chosen or collection is None:
            return cleaned_data
        target = collection_for_audience(collection, chosen)
        if target is None:
            # The model's check says why, on the collection or the whole form.
            return cleaned_data
        if "collection" in self.fields:
            cleaned_data["collection"] = target
        else:
            # Wagtail's form puts the document into its one collection on save.
            self.instance.collection = target
            self.collections = Collection.objects.filter(pk=target.pk)
        return cleaned_data

    def save(self, commit=True):
        # Read by `Document.save` (a background task, like a new file's).
        self.instance.read_again = bool(self.cleaned_data.get("read_again"))
        return super().save(commit=commit)
