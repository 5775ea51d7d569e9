"""Wagtail's and wagtail-localize's reports that list pages of every kind,
narrowed to what the viewer may meet in the back office (`intranet.access`).

They replace the originals at the same addresses (`admin_urls.py`, included
before the admin), so the admin's own links and names keep working. Every report
with a CSV export is served here, so that its cells are formula-safe
(`intranet.spreadsheets`).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports import page_types_usage
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.models import Page, PageLogEntry
from wagtail_localize.views.report import TranslationsReportView

from .access import admin_visible_pages_for
from .admin_access import scoped_policy
from .spreadsheets import FormulaSafeExportMixin


class PageTypesUsageReportView(
    FormulaSafeExportMixin, page_types_usage.PageTypesUsageReportView
):
    """Counts and the last edited page of each type, over visible pages only."""

    def get_queryset(self):
        queryset = ContentType.objects.filter(model__in=self.page_models)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)
        language_code = self.filters.form.cleaned_data.get("page_locale", None)
        site_root_path = self.filters.form.cleaned_data.get("site", None)

        pages = admin_visible_pages_for(self.request.user, Page.objects.all())
        if language_code:
            pages = pages.filter(locale__language_code=language_code)
        if site_root_path:
            pages = pages.filter(path__startswith=site_root_path)
        of_type = pages.filter(content_type=OuterRef("pk"))
        count = (
            of_type.order_by()
            .values("content_type")
            .annotate(total=Count("pk"))
            .values("total")
        )
        latest = of_type.order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        queryset = queryset.annotate(
            count=Subquery(count[:1]),
            last_edited_page_id=Subquery(latest.values("pk")[:1]),
        ).filter(count__gt=0)
        return queryset.order_by("-count", "app_label", "model")


class SiteHistoryView(FormulaSafeExportMixin, LogEntriesView):
    """The site history without the entries of pages or scoped records (a
    community's memberships and notes) the viewer may not meet."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        user = self.request.user
        if user.is_active and user.is_superuser:
            return queryset
        if issubclass(queryset.model, PageLogEntry):
            visible = admin_visible_pages_for(user, Page.objects.all())
            return queryset.filter(page__in=visible.values("pk"))
        hidden = Q(pk__in=[])
        for content_type in ContentType.objects.filter(
            pk__in=queryset.values("content_type_id")
        ):
            model = content_type.model_class()
            policy = scoped_policy(model) if model else None
            if policy is None:
                continue
            seen = policy.instances_user_may_see(user).values_list("pk", flat=True)
            hidden |= Q(content_type=content_type) & ~Q(
                object_id__in=[str(pk) for pk in seen]
            )
        return queryset.exclude(hidden)


class TranslationsView(FormulaSafeExportMixin, TranslationsReportView):
    """wagtail-localize's translations report, without pages the viewer may not
    meet (a restriction holds on every translation of a page)."""

    def get_queryset(self):
        visible_keys = admin_visible_pages_for(
            self.request.user, Page.objects.all()
        ).values("translation_key")
        page_keys = Page.objects.values("translation_key")
        return (
            super()
            .get_queryset()
            .exclude(
                Q(source__object__translation_key__in=page_keys)
                & ~Q(source__object__translation_key__in=visible_keys)
            )
        )


class LockedPagesReportView(FormulaSafeExportMixin, LockedPagesView):
    pass


class AgingPagesReportView(FormulaSafeExportMixin, AgingPagesView):
    pass


class WorkflowReportView(FormulaSafeExportMixin, WorkflowView):
    pass


class WorkflowTasksReportView(FormulaSafeExportMixin, WorkflowTasksView):
    pass


def _report(route, view_class):
    """A report's page and its results, at Wagtail's addresses and behind its gate."""
    return [
        path(route, require_admin_access(view_class.as_view())),
        path(
            f"{route}results/",
            require_admin_access(view_class.as_view(results_only=True)),
        ),
    ]


urlpatterns = [
    *_report("admin/reports/page-types-usage/", PageTypesUsageReportView),
    *_report("admin/reports/site-history/", SiteHistoryView),
    *_report("admin/localize/reports/translations/", TranslationsView),
    *_report("admin/reports/locked/", LockedPagesReportView),
    *_report("admin/reports/aging-pages/", AgingPagesReportView),
    *_report("admin/reports/workflow/", WorkflowReportView),
    *_report("admin/reports/workflow_tasks/", WorkflowTasksReportView),
]
