"""Member-facing views of a community that are not pages: applications and
their review, the member directory, the participation dashboard and the
calendar feed."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from intranet.access import visible_pages_for
from intranet.access.stepup import moderator_power
from intranet.spreadsheets import SpreadsheetWriter
from intranet.taxonomy import Pillar

from . import reports
from .forms import DecisionForm, InstitutionProposalForm
from .models import (
    CalendarToken,
    CommunityPage,
    MeetingPage,
    Membership,
    activity_totals,
    canonical_community,
    is_member,
    is_moderator,
    reading_order,
)
from .services import (
    RequestRefused,
    decide,
    decide_representation,
    decided_representation_requests,
    may_know_of,
    pending_representation_requests,
    propose_institution,
    requests_of,
)


def community_for(slug):
    """The live community with `slug`, in the active language if translated."""
    candidates = CommunityPage.objects.live().filter(slug=slug).select_related("locale")
    by_language = {page.locale.language_code: page for page in candidates}
    page = (
        by_language.get(get_language())
        or by_language.get(settings.LANGUAGE_CODE)
        or next(iter(by_language.values()), None)
    )
    if page is None:
        raise Http404
    return page


def _propose(request, slug, nomination):
    community = community_for(slug)
    allowed = not nomination or is_member(request.user, community)
    form = InstitutionProposalForm(
        request.POST or None, community=community, user=request.user
    )
    if request.method == "POST":
        if not allowed:
            form.is_valid()
            form.add_error(
                None,
                _("Only members of this community can nominate an institution."),
            )
        elif form.is_valid():
            refused = None
            try:
                propose_institution(
                    canonical_community(community),
                    form.cleaned_data,
                    by=request.user,
                    nomination=nomination,
                    language=get_language(),
                )
            except RequestRefused as error:
                refused = error
            if refused is not None and may_know_of(request.user, refused.membership):
                # One of its representatives sent two at once: the first one
                # stands, the form keeps its text.
                form.add_error("institution_name", str(refused))
            else:
                # A request for an institution that is a member or waits, from
                # someone who does not represent it (its own submitter included),
                # records nothing new and is answered like a new one: the form
                # reveals no membership, however often it is sent.
                messages.success(
                    request,
                    _("Thank you: the coordination group will review your request."),
                )
                return redirect(community.url)
    # While one of their applications waits for a decision, the form is not
    # offered again (a member may still nominate others).
    pending = (
        []
        if nomination or request.method == "POST"
        else [each for each in requests_of(request.user, community) if each.is_pending]
    )
    return render(
        request,
        "communities/proposal_form.html",
        {
            "community": community,
            "form": form,
            "nomination": nomination,
            "allowed": allowed,
            "pending": pending,
        },
    )


@login_required
def apply(request, slug):
    """A logged-in person applies on behalf of an institution."""
    return _propose(request, slug, nomination=False)


@login_required
def nominate(request, slug):
    """A member proposes another institution."""
    return _propose(request, slug, nomination=True)


@moderator_power
@login_required
def applications(request, slug):
    """The coordination group reviews pending applications and nominations."""
    community = _community_for_member(request, slug)
    if not is_moderator(request.user, community):
        raise PermissionDenied  # a member of it: told they may not
    pending = (
        community.memberships()
        .filter(status__in=(Membership.Status.APPLIED, Membership.Status.NOMINATED))
        .select_related("institution", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    representation_pending = pending_representation_requests(community)
    form = None
    failed = None
    if request.method == "POST":
        representation = request.POST.get("kind") == "representation"
        form = DecisionForm(
            request.POST,
            pending=representation_pending if representation else pending,
        )
        if form.is_valid():
            approved = form.cleaned_data["decision"] == "approve"
            reason = form.cleaned_data["reason"].strip()
            chosen = form.cleaned_data["membership"]
            if representation:
                decide_representation(chosen, approved, by=request.user, reason=reason)
                if approved:
                    text = _("%(person)s now represents %(name)s.")
                else:
                    text = _("The request of %(person)s was declined.")
                person = chosen.person.get_full_name() or chosen.person.username
                names = {"person": person, "name": chosen.institution}
            else:
                decide(chosen, approved=approved, by=request.user, reason=reason)
                if approved:
                    text = _("%(name)s is now a member.")
                else:
                    text = _("The request of %(name)s was declined.")
                names = {"name": chosen.institution}
            messages.success(request, text % names)
            return redirect(request.path)
        failed = (
            "representation" if representation else "membership",
            form.data.get("membership"),
        )
    recent = 20
    decided = sorted(
        [
            *community.memberships()
            .exclude(decided_at=None)
            .select_related("institution", "decided_by")
            .order_by("-decided_at")[:recent],
            *decided_representation_requests(community)[:recent],
        ],
        key=lambda each: each.decided_at,
        reverse=True,
    )[:recent]
    return render(
        request,
        "communities/applications.html",
        {
            "community": community,
            "pending": pending,
            "decided": decided,
            "representation_pending": representation_pending,
            "form": form,
            "failed": failed,
        },
    )


def _community_for_member(request, slug):
    """The community, if `request.user` belongs to it (visitors are asked to log
    in); anyone else gets the site's 404, as for a members' page."""
    community = community_for(slug)
    if not is_member(request.user, community):
        raise Http404
    return community


@login_required
def directory(request, slug):
    """Institutions by pillar with role and representatives (members only)."""
    community = _community_for_member(request, slug)
    memberships = (
        community.memberships()
        .filter(status=Membership.Status.ACTIVE)
        .select_related("institution")
        .prefetch_related(
            Prefetch(
                "representatives",
                queryset=get_user_model().objects.order_by("last_name", "username"),
            )
        )
    )
    by_pillar = {value: [] for value in Pillar.values}
    for membership in sorted(
        memberships, key=lambda membership: reading_order(membership.institution)
    ):
        by_pillar[membership.institution.pillar].append(membership)
    groups = [
        (label, by_pillar[value]) for value, label in Pillar.choices if by_pillar[value]
    ]
    return render(
        request,
        "communities/directory.html",
        {"community": community, "groups": groups},
    )


@login_required
def dashboard(request, slug):
    """Participation dashboard: charts, the same numbers as tables, a CSV."""
    community = _community_for_member(request, slug)
    rows = reports.attendance_by_meeting(community, request.user)
    sectors = reports.participants_by_sector(community)
    return render(
        request,
        "communities/dashboard.html",
        {
            "community": community,
            "pillars": Pillar.choices,
            "rows": rows,
            "attendance_chart": reports.attendance_chart(rows),
            "sectors": sectors,
            "sector_chart": reports.sector_chart(sectors),
            "totals": activity_totals(community),
        },
    )


@login_required
def dashboard_csv(request, slug):
    community = _community_for_member(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{community.slug}-participation.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    # The byte order mark tells Excel the file is UTF-8 ("Reunión", not "ReuniÃ³n").
    response.write("\ufeff")
    writer = SpreadsheetWriter(response)
    writer.writerow(
        [
            _("Date"),
            _("Meeting"),
            *[label for _value, label in Pillar.choices],
            _("Total"),
        ]
    )
    for row in reports.attendance_by_meeting(community, request.user):
        meeting = row["meeting"]
        writer.writerow(
            [
                meeting.starts_at.date().isoformat(),
                meeting.title,
                *row["counts"],
                row["total"],
            ]
        )
    writer.writerow([])
    writer.writerow([_("Sector"), _("Participants in held activities")])
    for label, count in reports.participants_by_sector(community):
        writer.writerow([label, count])
    return response


def ical_feed(request, slug, token):
    """A community's meetings as iCalendar, for members holding a valid token."""
    calendar_token = (
        CalendarToken.objects.filter(token=token).select_related("user").first()
    )
    if calendar_token is None or not calendar_token.user.is_active:
        raise Http404
    community = community_for(slug)
    if not is_member(calendar_token.user, community):
        raise Http404
    # The coordination group's own meetings only to those who may open them.
    meetings = (
        visible_pages_for(
            calendar_token.user, MeetingPage.objects.descendant_of(community)
        )
        .order_by("starts_at")
        .defer_streamfields()
    )
    response = HttpResponse(
        meetings_calendar(request, community, meetings),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def meeting_ics(request, pk):
    """One meeting as an iCalendar file ("add to my calendar"), for whoever may
    view it; anyone else gets the site's 404."""
    meeting = visible_pages_for(request.user, MeetingPage.objects.filter(pk=pk)).first()
    community = meeting.community() if meeting is not None else None
    if community is None:
        raise Http404
    response = HttpResponse(
        meetings_calendar(request, community, [meeting]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def meetings_calendar(request, community, meetings):
    """The iCalendar text of `meetings`, in the language of `community`.

    The icalendar library escapes text (a venue's line break or `;` cannot start
    a property or a component), folds long lines and ends them with CRLF, as
    RFC 5545 requires.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Minka//Communities//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", community.title)
    stamp = timezone.now()
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.translation_key}-{meeting.locale_id}@minka")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("summary", meeting.title)
        if meeting.venue:
            event.add("location", meeting.venue)
        if meeting.agenda.strip():
            event.add("description", meeting.agenda.strip())
        event.add("url", request.build_absolute_uri(meeting.get_url(request)))
        calendar.add_component(event)
    return calendar.to_ical()


@login_required
@require_POST
def reset_calendar_token(request):
    """Make a new secret: every calendar address copied before stops working."""
    CalendarToken.for_user(request.user).reset()
    messages.success(request, _("Your calendar address was reset."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    return redirect(next_url)
