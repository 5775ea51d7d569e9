"""Admin for the site-wide vocabulary (what topics are called in each language),
and the page chooser narrowed by the access layer.

Explorer, admin API, document and image choosers and reports ask the page and
media policies of `intranet.access.policies` (registered in `IntranetConfig.ready`);
Wagtail's page chooser asks no policy, so it is narrowed here.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import edit_conflicts, translation_gate, translation_workflow  # noqa: F401
from .access import (
    admin_visible_pages_for,
    enumeration,  # noqa: F401
)
from .access.rich_text import (
    ReaderDocumentLinkHandler,
    ReaderImageEmbedHandler,
    ReaderPageLinkHandler,
    register_editor_rules,
)
from .models import TopicLabel


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


# Wagtail's page chooser (browse and search) lists pages without asking the page
# policy: it offers what the user may meet, rights or not (a link to a public page).
@hooks.register("construct_page_chooser_queryset")
def narrow_page_chooser(pages, request):
    return admin_visible_pages_for(request.user, pages)


# Rich text links and embeds written for the reader, and shown in the editor for
# the author (intranet.access.rich_text); after Wagtail's own registrations (order),
# which these replace.
@hooks.register("register_rich_text_features", order=100)
def reader_aware_rich_text(features):
    features.register_link_type(ReaderPageLinkHandler)
    features.register_link_type(ReaderDocumentLinkHandler)
    features.register_embed_type(ReaderImageEmbedHandler)
    register_editor_rules(features)
