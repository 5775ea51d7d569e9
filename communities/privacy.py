"""The admin's privacy dialog, which cannot change who may view a members area.

A members area's restriction (and its coordination area's) is derived from the
community's memberships (see `services.restrict_members_area`); its dialog
explains that instead of offering a form. Every other page gets Wagtail's own
dialog, unchanged. Routed by `admin_urls`.
"""

from django.core.exceptions import PermissionDenied
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.urls import display_custom_404
from wagtail.admin.viewsets.pages import page_viewset_registry

from .models import CoordinationAreaPage, MembersAreaPage

wagtail_set_privacy = page_viewset_registry.as_view(
    "set_privacy", page_id_kwarg="page_id"
)


# The decorators Wagtail puts on its own admin URLs, in the same order.
@never_cache
@display_custom_404
@require_admin_access
def set_privacy(request, page_id):
    """Explain a members area's privacy (GET or POST alike); any other page:
    Wagtail's dialog."""
    area = (
        MembersAreaPage.objects.filter(pk=page_id).first()
        or CoordinationAreaPage.objects.filter(pk=page_id).first()
    )
    if area is None:
        return wagtail_set_privacy(request, page_id=page_id)
    if not area.permissions_for_user(request.user).can_set_view_restrictions():
        raise PermissionDenied
    return render_modal_workflow(
        request,
        "communities/admin/members_area_privacy.html",
        template_vars={
            "page": area,
            "community": area.community,
            "coordination": isinstance(area, CoordinationAreaPage),
        },
    )
