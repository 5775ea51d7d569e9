"""Rich text shows a reader only the links and images that reader may see.

A page's rich text may name a page, document or image its reader may not see:
an older draft, an import, or a target restricted after the link was made.
Wagtail's own handlers would write the target's address (or the image) for
anyone; these write a link's text without its address, and nothing of an
image, unless the reader may see the target. Rich-text rendering is not
passed the reader, so it is `intranet.access.current_reader()`; with none
known (a task, an email), what a visitor sees. One query per kind of target
fetches the targets, and the reader's hidden paths come from the request's
cache, whatever the number of links.
"""

from django.utils.html import escape
from wagtail.admin.rich_text.converters.contentstate import link_entity
from wagtail.admin.rich_text.converters.contentstate_models import Entity
from wagtail.admin.rich_text.converters.html_to_contentstate import (
    ExternalLinkElementHandler,
    PageLinkElementHandler,
)
from wagtail.documents import get_document_model
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.documents.rich_text.contentstate import (
    ContentstateDocumentLinkConversionRule,
    DocumentLinkElementHandler,
)
from wagtail.images import get_image_model
from wagtail.images.formats import get_image_format
from wagtail.images.rich_text import ImageEmbedHandler
from wagtail.images.rich_text.contentstate import (
    ContentstateImageConversionRule,
    ImageElementHandler,
)
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from ..params import int_param, int_params
from .admin_gate import may_see
from .visibility import can_view_media, can_view_page, current_reader

NO_LINK = "<a>"  # what Wagtail writes for a link to a missing page


def page_visible_to(user, page):
    """Whether `user` may read `page` on the site (live, and no restriction
    keeps them out)."""
    return page is not None and page.live and can_view_page(user, page)


class ReaderPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        reader = current_reader()
        return [
            f'<a href="{escape(page.localized.url)}">'
            if page_visible_to(reader, page)
            else NO_LINK
            for page in cls.get_many(attrs_list)
        ]


class ReaderDocumentLinkHandler(DocumentLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        ids = [attrs.get("id") for attrs in attrs_list]
        documents = get_document_model().objects.filter(
            pk__in=int_params(str(pk) for pk in ids)
        )
        by_id = {str(document.pk): document for document in documents}
        return [by_id.get(str(pk)) for pk in ids]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        reader = current_reader()
        return [
            f'<a href="{escape(document.url)}">'
            if can_view_media(reader, document)
            else NO_LINK
            for document in cls.get_many(attrs_list)
        ]


class ReaderImageEmbedHandler(ImageEmbedHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        reader = current_reader()
        return [
            get_image_format(attrs["format"]).image_to_html(image, attrs.get("alt", ""))
            if can_view_media(reader, image)
            else ""
            for attrs, image in zip(attrs_list, cls.get_many(attrs_list), strict=True)
        ]


# --- The editor: the author's rich text shows only what the author may see -------
#
# Draftail is given each link's address and each image's preview; a link to what
# the author may not see (in the back office) is given as Wagtail gives a link to
# a page that no longer exists, and an image as one that is not found.


def _author_may_see(model, pk):
    pk = int_param(str(pk))
    if pk is None:
        return False
    instance = model._default_manager.filter(pk=pk).first()
    return instance is not None and may_see(current_reader(), instance)


class AuthorPageLinkElementHandler(PageLinkElementHandler):
    def get_attribute_data(self, attrs):
        if not _author_may_see(Page, attrs.get("id")):
            return {"id": attrs.get("id"), "url": None, "parentId": None}
        return super().get_attribute_data(attrs)


class AuthorDocumentLinkElementHandler(DocumentLinkElementHandler):
    def get_attribute_data(self, attrs):
        if not _author_may_see(get_document_model(), attrs.get("id")):
            return {"id": attrs.get("id")}
        return super().get_attribute_data(attrs)


class AuthorImageElementHandler(ImageElementHandler):
    def create_entity(self, name, attrs, state, contentstate):
        if not _author_may_see(get_image_model(), attrs.get("id")):
            data = {"id": attrs.get("id"), "src": "", "alt": "", "format": ""}
            return Entity("IMAGE", "IMMUTABLE", data)
        return super().create_entity(name, attrs, state, contentstate)


def register_editor_rules(features):
    """Draftail's conversions of page links, document links and images, as
    Wagtail registers them, with the handlers above."""
    features.register_converter_rule(
        "contentstate",
        "link",
        {
            "from_database_format": {
                "a[href]": ExternalLinkElementHandler("LINK"),
                'a[linktype="page"]': AuthorPageLinkElementHandler("LINK"),
            },
            "to_database_format": {"entity_decorators": {"LINK": link_entity}},
        },
    )
    features.register_converter_rule(
        "contentstate",
        "document-link",
        {
            **ContentstateDocumentLinkConversionRule,
            "from_database_format": {
                'a[linktype="document"]': AuthorDocumentLinkElementHandler("DOCUMENT")
            },
        },
    )
    features.register_converter_rule(
        "contentstate",
        "image",
        {
            **ContentstateImageConversionRule,
            "from_database_format": {
                'embed[embedtype="image"]': AuthorImageElementHandler()
            },
        },
    )
