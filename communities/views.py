"""Member-facing views of a community that are not pages: applications,
nominations and their review."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .access import is_member, is_moderator
from .forms import DecisionForm, InstitutionProposalForm
from .models import CommunityPage, Membership
from .services import decide, propose_institution


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


def _canonical(community):
    """Memberships are recorded on the default-language page when there is one."""
    source = CommunityPage.objects.filter(
        translation_key=community.translation_key,
        locale__language_code=settings.LANGUAGE_CODE,
    ).first()
    return source or community


def _propose(request, slug, nomination):
    community = community_for(slug)
    allowed = not nomination or is_member(request.user, community)
    form = InstitutionProposalForm(request.POST or None, community=community)
    if request.method == "POST":
        if not allowed:
            form.is_valid()
            form.add_error(
                None,
                _("Only members of this community can nominate an institution."),
            )
        elif form.is_valid():
            propose_institution(
                _canonical(community),
                form.cleaned_data,
                by=request.user,
                nomination=nomination,
            )
            messages.success(
                request,
                _("Thank you: the coordination group will review your request."),
            )
            return redirect(community.url)
    return render(
        request,
        "communities/proposal_form.html",
        {
            "community": community,
            "form": form,
            "nomination": nomination,
            "allowed": allowed,
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


@login_required
def applications(request, slug):
    """The coordination group reviews pending applications and nominations."""
    community = community_for(slug)
    if not is_moderator(request.user, community):
        raise PermissionDenied
    pending = (
        community.memberships()
        .filter(status__in=(Membership.Status.APPLIED, Membership.Status.NOMINATED))
        .select_related("institution", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    form = None
    if request.method == "POST":
        form = DecisionForm(request.POST, pending=pending)
        if form.is_valid():
            membership = form.cleaned_data["membership"]
            approved = form.cleaned_data["decision"] == "approve"
            decide(
                membership,
                approved=approved,
                by=request.user,
                reason=form.cleaned_data["reason"].strip(),
            )
            if approved:
                text = _("%(name)s is now a member.")
            else:
                text = _("The request of %(name)s was declined.")
            messages.success(request, text % {"name": membership.institution.name})
            return redirect(request.path)
    decided = (
        community.memberships()
        .exclude(decided_at=None)
        .select_related("institution", "decided_by")
        .order_by("-decided_at")[:20]
    )
    return render(
        request,
        "communities/applications.html",
        {
            "community": community,
            "pending": pending,
            "decided": decided,
            "form": form,
            "failed_pk": form.data.get("membership") if form else None,
        },
    )
