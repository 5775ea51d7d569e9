"""The inbox, email preferences, one-click unsubscribing and the ten-step
tracker of a community."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.models import is_member, is_moderator
from communities.views import community_for
from intranet.access.stepup import moderator_power
from intranet.params import int_param
from resources.models import CaseStudyPage

from .forms import PreferencesForm, TrackerStepForm, preference_kinds
from .models import Delivery, Following, Kind, Notification
from .services import (
    delivery_for,
    mark_all_read,
    mark_read,
    may_see,
    page_in,
    read_unsubscribe_token,
    set_delivery,
    visible_notifications,
)
from .tracker import (
    evidence,
    evidence_choices,
    good_practices,
    summary,
    tracker_and_steps,
)

PER_PAGE = 30


@login_required
def inbox(request):
    """The person's notifications they may still see, newest first."""
    if request.method == "POST":
        count = mark_all_read(request.user)
        if count:
            messages.success(request, _("All notifications marked as read."))
        return redirect("engagement:inbox")
    queryset = visible_notifications(request.user).select_related(
        "page", "document__collection"
    )
    show = request.GET.get("show")
    if show == "unread":
        queryset = queryset.filter(read_at=None)
    page = Paginator(queryset, PER_PAGE).get_page(
        int_param(request.GET.get("page"), default=1, minimum=1)
    )
    return render(
        request,
        "engagement/inbox.html",
        {
            "notifications": page,
            "show": show,
        },
    )


def _own_visible(request, pk):
    notification = (
        Notification.objects.select_related("page", "document__collection")
        .filter(pk=pk, recipient=request.user)
        .first()
    )
    if notification is None or not may_see(request.user, notification):
        raise Http404
    return notification


@login_required
def open_notification(request, pk):
    """Mark one notification read and go where it leads, in the reader's language."""
    notification = _own_visible(request, pk)
    mark_read(notification)
    target = page_in(notification.page, get_language())
    if target is None:
        return redirect("engagement:inbox")
    return redirect(target.url)


@login_required
@require_POST
def toggle_read(request, pk):
    """Mark one notification read, or unread again."""
    notification = _own_visible(request, pk)
    if notification.read_at is None:
        mark_read(notification)
    else:
        notification.read_at = None
        notification.save(update_fields=["read_at"])
    return redirect("engagement:inbox")


def _countries_offered():
    """Countries the case studies are about."""
    return set(
        CaseStudyPage.objects.exclude(country="").values_list("country", flat=True)
    )


@login_required
def preferences(request):
    """How I hear of each kind of news, and the topics and countries I follow."""
    following, _created = Following.objects.get_or_create(user=request.user)
    initial = {
        f"delivery_{kind.value}": delivery_for(request.user, kind)
        for kind in preference_kinds()
    }
    initial["topics"] = list(following.topics.all())
    initial["countries"] = list(following.countries)
    offered = _countries_offered() | set(initial["countries"])
    form = PreferencesForm(
        request.POST or None, initial=initial, countries_offered=offered
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for kind in preference_kinds():
                set_delivery(
                    request.user, kind, form.cleaned_data[f"delivery_{kind.value}"]
                )
            following.topics.set(form.cleaned_data["topics"])
            following.countries = form.cleaned_data["countries"]
            following.save()
        messages.success(request, _("Your preferences were saved."))
        return redirect("engagement:preferences")
    return render(request, "engagement/preferences.html", {"form": form})


def unsubscribe(request, token):
    """Stop one kind of email, from a signed link: no login needed."""
    found = read_unsubscribe_token(token)
    if found is None:
        return render(request, "engagement/unsubscribe_invalid.html", status=400)
    user, kind = found
    label = Kind(kind).label
    done = delivery_for(user, kind) == Delivery.NEVER
    if request.method == "POST":
        set_delivery(user, kind, Delivery.NEVER)
        done = True
    return render(
        request,
        "engagement/unsubscribe.html",
        {"kind": label, "done": done, "token": token},
    )


# --- The ten steps -------------------------------------------------------------


def _community_for_member(request, slug):
    """The community, if `request.user` belongs to it; anyone else gets the
    site's 404, as for every other address of a community they are not in."""
    community = community_for(slug)
    if not is_member(request.user, community):
        raise Http404
    return community


def _tracker_context(request, community):
    tracker, steps = tracker_and_steps(community)
    language = get_language()
    practices = good_practices(language, request.user)
    links = evidence(steps, request.user, language)
    rows = [
        {
            "step": step,
            "practice": practices.get(step.step),
            "evidence": links.get(step.step, []),
        }
        for step in steps
    ]
    done, started, total = summary(steps)
    return {
        "community": community,
        "tracker": tracker,
        "rows": rows,
        "done": done,
        "started": started,
        "total": total,
    }


@login_required
def progress(request, slug):
    """The community's progress along the ten steps (members only)."""
    community = _community_for_member(request, slug)
    context = _tracker_context(request, community)
    context["is_moderator"] = is_moderator(request.user, community)
    return render(request, "engagement/progress.html", context)


@moderator_power
@login_required
def edit_progress(request, slug):
    """The community's moderators keep the ten steps: status, date, note and
    evidence, and whether visitors see a summary."""
    community = _community_for_member(request, slug)
    if not is_moderator(request.user, community):
        raise PermissionDenied  # a member of it: told they may not
    tracker, steps = tracker_and_steps(community)
    meetings, documents, activities = evidence_choices(community)
    choices = {"meetings": meetings, "documents": documents, "activities": activities}
    data = request.POST or None
    forms = [
        TrackerStepForm(data, instance=step, prefix=step.step, **choices)
        for step in steps
    ]
    if request.method == "POST" and all(form.is_valid() for form in forms):
        with transaction.atomic():
            for form in forms:
                form.save()
            tracker.public_summary = request.POST.get("public_summary") == "on"
            tracker.save(update_fields=["public_summary"])
        messages.success(request, _("The community's progress was saved."))
        return redirect("engagement:progress", slug=community.slug)
    return render(
        request,
        "engagement/progress_edit.html",
        {"community": community, "tracker": tracker, "forms": forms},
    )
