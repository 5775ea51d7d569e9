"""Admin for the site-wide vocabulary: what topics are called in each language."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
