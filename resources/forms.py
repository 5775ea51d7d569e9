"""The admin form of library documents (`WAGTAILDOCS_DOCUMENT_FORM_BASE`)."""

from wagtail.documents.forms import BaseDocumentForm


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, checking a document where it will really be.

    Someone who may add documents to one collection only gets no collection
    field, and Wagtail puts the document into that collection when it saves the
    form, after validation. The collection is set here instead, so validation
    weighs the confidentiality against the collection the document goes into.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "collection" not in self.fields:
            self.instance.collection = self.collections[0]
