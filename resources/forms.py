"""The admin form of library documents (`WAGTAILDOCS_DOCUMENT_FORM_BASE`)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

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

    A saved document also shows how far the reading of its text has gone.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
            if status in (TextStatus.PENDING, TextStatus.UNREADABLE):
                self.fields["read_again"] = forms.BooleanField(
                    label=_("Read the file's text again"),
                    required=False,
                    help_text=_(
                        "When saved, the file is read once more in the background: "
                        "for a file that could not be read, or whose reading has "
                        "not finished."
                    ),
                )

    def save(self, commit=True):
        # Read by `Document.save` (a background task, like a new file's).
        self.instance.read_again = bool(self.cleaned_data.get("read_again"))
        return super().save(commit=commit)
