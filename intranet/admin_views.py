"""Wagtail's and wagtail-localize's reports that list pages of every kind,
narrowed to what the viewer may meet in the back office (`intranet.access`).

They replace the originals at the same addresses (`admin_urls.py`, included
before the admin), so the admin's own links and names keep working. Every report
with a CSV export is served here, so that its cells are formula-safe
(`intranet.spreadsheets`).
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.views.reports import page_types_usage
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
)
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Page, PageLogEntry
from wagtail_localize.views.report import TranslationsReportView

from .access import admin_visible_pages_for
from .access.policies import scoped_policy
from .audit import audit_scope
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


def visible_log_entries(user, log_model):
    """The entries of `log_model` (page or model log entries) that `user` may
    read: those of pages they may meet in the back office, of records in their
    scope (a scoped permission policy, or an audit scope: see `intranet.audit`),
    and of other models they hold a right on (Wagtail's own rule)."""
    entries = log_model.objects.all()
    if user.is_active and user.is_superuser:
        return entries
    if not user.is_active:
        return entries.none()
    if issubclass(log_model, PageLogEntry):
        visible = admin_visible_pages_for(user, Page.objects.all())
        viewable = log_model.objects.viewable_by_user(user)
        return viewable.filter(page__in=visible.values("pk"))
    with_rights = log_model.objects.viewable_by_user(user).get_content_type_ids()
    readable = Q(pk__in=[])
    for content_type in ContentType.objects.filter(
        pk__in=entries.get_content_type_ids()
    ):
        model = content_type.model_class()
        policy = scoped_policy(model) if model else None
        scope = audit_scope(model) if model else None
        if policy is not None:
            in_reach = policy.instances_user_may_see(user).values("pk")
        elif scope is not None:
            in_reach = scope(user)
        elif content_type.pk in with_rights:
            readable |= Q(content_type=content_type)
            continue
        else:
            continue
        ids = model._default_manager.filter(pk__in=in_reach).values_list(
            "pk", flat=True
        )
        readable |= Q(content_type=content_type, object_id__in=[str(pk) for pk in ids])
    return entries.filter(readable)


def _readable_entries(user):
    return [
        visible_log_entries(user, log_model)
        for log_model in log_action_registry.get_log_entry_models()
    ]


def _content_types_for_filter(request):
    ids = set()
    for entries in _readable_entries(request.user):
        ids |= entries.get_content_type_ids()
    return ContentType.objects.filter(pk__in=ids).order_by("model")


class SiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """The report's filters offer only the people, types and actions of the
    entries the viewer may read."""

    object_type = ContentTypeFilter(
        label=_("Type"),
        method="filter_object_type",
        queryset=_content_types_for_filter,
    )

    def get_action_choices(self):
        actions = set()
        for entries in _readable_entries(self.request.user):
            actions |= entries.get_actions()
        return [
            choice
            for choice in log_action_registry.get_choices()
            if choice[0] in actions
        ]

    def get_user_choices(self):
        ids = set()
        for entries in _readable_entries(self.request.user):
            ids |= entries.get_user_ids()
        User = get_user_model()
        return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)


class SiteHistoryView(FormulaSafeExportMixin, LogEntriesView):
    """The site history (and its CSV and Excel exports) with only the entries
    the viewer may read (`visible_log_entries`): a community's moderators see
    their own community's memberships, groups and document downloads, never
    another's."""

    filterset_class = SiteHistoryFilterSet

    def get_filtered_queryset(self):
        # As Wagtail's, but from the entries the viewer may read rather than
        # from every entry of a model they hold some right on.
        self.log_models = list(log_action_registry.get_log_entry_models())
        queryset = None
        for index, log_model in enumerate(self.log_models):
            rows = (
                visible_log_entries(self.request.user, log_model)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            )
            rows = self.filter_queryset(rows).order_by()
            queryset = rows if queryset is None else queryset.union(rows, all=True)
        return queryset.order_by("-timestamp")


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
