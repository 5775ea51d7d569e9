"""Admin: the searches that found nothing, for moderators to fill the gaps."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from search.models import ZeroResultQuery


class ReadOnlyPolicy(ModelPermissionPolicy):
    """A log: those holding its `view` permission read it, nobody edits it.

    The permission is granted to the Moderators group and to every community's
    moderators group (search/migrations/0002, communities/services.py).
    """

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ZeroResultQueryViewSet(ModelViewSet):
    model = ZeroResultQuery
    icon = "search"
    menu_label = _("Searches without results")
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["query_text", "locale", "count", "last_seen"]
    list_filter = ["locale"]
    search_fields = ["query_text"]
    ordering = ["-count", "-last_seen"]
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields = []


register_permission_policy(ZeroResultQuery, ReadOnlyPolicy(ZeroResultQuery))


@hooks.register("register_admin_viewset")
def register_zero_result_queries():
    return ZeroResultQueryViewSet("zero_result_queries")
