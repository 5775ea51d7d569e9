"""Admin for the site-wide vocabulary (what topics are called in each language),
and the page and media listings of the back office narrowed by the access layer."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import enumeration, translation_gate, translation_workflow  # noqa: F401
from .access import admin_visible_pages_for, visible_collections_for
from .models import TopicLabel
from .rich_text import (
    ReaderDocumentLinkHandler,
    ReaderImageEmbedHandler,
    ReaderPageLinkHandler,
    register_editor_rules,
)


class TopicLabelViewSet(SnippetViewSet):
    model = TopicLabel
    icon = "tag"
    menu_label = _("Topic labels")
    add_to_admin_menu = False
    list_display = ["label", "tag", "language"]
    list_filter = ["language"]
    search_fields = ["label"]
    ordering = ["tag__name", "language"]


register_snippet(TopicLabelViewSet)


# Explorer, page chooser (browse and search) and the admin API's page listings
# show only pages the user may meet in the back office (intranet.access).
@hooks.register("construct_explorer_page_queryset")
def narrow_explorer(parent_page, pages, request):
    return admin_visible_pages_for(request.user, pages)


@hooks.register("construct_page_chooser_queryset")
def narrow_page_chooser(pages, request):
    return admin_visible_pages_for(request.user, pages)


def _in_visible_collections(media, user):
    # By collection id, which the chooser's search backend can filter on.
    collections = visible_collections_for(user).values_list("pk", flat=True)
    return media.filter(collection_id__in=list(collections))


@hooks.register("construct_document_chooser_queryset")
def narrow_document_chooser(documents, request):
    return _in_visible_collections(documents, request.user)


@hooks.register("construct_image_chooser_queryset")
def narrow_image_chooser(images, request):
    return _in_visible_collections(images, request.user)


# Rich text links and embeds written for the reader, and shown in the editor for
# the author (intranet.rich_text); after Wagtail's own registrations (order),
# which these replace.
@hooks.register("register_rich_text_features", order=100)
def reader_aware_rich_text(features):
    features.register_link_type(ReaderPageLinkHandler)
    features.register_link_type(ReaderDocumentLinkHandler)
    features.register_embed_type(ReaderImageEmbedHandler)
    register_editor_rules(features)
