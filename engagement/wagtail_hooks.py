"""The tracker's panels on a community's pages, and the admin's report of case
studies and good practices past their review date."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from communities.models import (
    COMMUNITY_PANELS_HOOK,
    MEMBERS_AREA_PANELS_HOOK,
    is_member,
    is_moderator,
)
from intranet.access import admin_visible_pages_for

from .models import Tracker
from .services import overdue_reviews
from .tracker import good_practices, steps_of, summary, tracker_and_steps


def _panel(request, community, tracker, steps, template_name, member):
    done, started, total = summary(steps)
    practices = good_practices(get_language(), request.user)
    return (
        template_name,
        {
            "community": community,
            "rows": [(step, practices.get(step.step)) for step in steps],
            "done": done,
            "started": started,
            "total": total,
            "is_member": member,
            "is_moderator": member and is_moderator(request.user, community),
        },
    )


@hooks.register(COMMUNITY_PANELS_HOOK)
def public_progress_panel(request, community):
    """Visitors see the ten steps' names and states only if the community's
    moderators chose to show them; members always see where to read more."""
    tracker = Tracker.objects.filter(community_key=community.translation_key).first()
    if tracker is None:
        return None
    member = is_member(request.user, community)
    if not tracker.public_summary and not member:
        return None
    return _panel(
        request,
        community,
        tracker,
        steps_of(tracker),
        "engagement/panels/progress_summary.html",
        member,
    )


@hooks.register(MEMBERS_AREA_PANELS_HOOK)
def members_progress_panel(request, community):
    """Members read their community's progress in its members area."""
    if not is_member(request.user, community):
        return None
    tracker, steps = tracker_and_steps(community)
    return _panel(
        request,
        community,
        tracker,
        steps,
        "engagement/panels/progress_members.html",
        True,
    )


class OverdueReviewsView(ReportView):
    """Case studies and good practices whose review date has passed, of those
    the person may meet in the admin."""

    page_title = _("Overdue reviews")
    header_icon = "time"
    index_url_name = "minka_overdue_reviews"
    index_results_url_name = "minka_overdue_reviews_results"
    columns = [
        TitleColumn(
            "title",
            label=_("Title"),
            get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ),
        DateColumn("review_on", label=_("Review date")),
        Column("content_owner", label=_("Owner")),
        Column("locale", label=_("Language")),
    ]
    list_export = ["title", "review_on", "content_owner", "locale"]

    def get_queryset(self):
        overdue = overdue_reviews(timezone.localdate())
        visible = set(
            admin_visible_pages_for(
                self.request.user, Page.objects.filter(pk__in=[p.pk for p in overdue])
            ).values_list("pk", flat=True)
        )
        return [page for page in overdue if page.pk in visible]


@hooks.register("register_admin_urls")
def register_overdue_reviews_urls():
    return [
        path(
            "reports/overdue-reviews/",
            OverdueReviewsView.as_view(),
            name="minka_overdue_reviews",
        ),
        path(
            "reports/overdue-reviews/results/",
            OverdueReviewsView.as_view(results_only=True),
            name="minka_overdue_reviews_results",
        ),
    ]


class OverdueReviewsMenuItem(MenuItem):
    def is_shown(self, request):
        # Whoever edits or publishes the knowledge base (or anything else).
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_reports_menu_item")
def register_overdue_reviews_menu_item():
    return OverdueReviewsMenuItem(
        _("Overdue reviews"),
        reverse("minka_overdue_reviews"),
        name="overdue-reviews",
        icon_name="time",
        order=1150,
    )
