"""Setting up, verifying and managing two-step verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import two_factor
from .forms import CodeForm


def _next_url(request, default):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def _mark_verified(request, device):
    otp_login(request, device)
    request.session[two_factor.PENDING_SESSION_KEY] = False


def _recovery_codes_page(request, codes, next_url):
    return render(
        request,
        "accounts/two_factor_recovery_codes.html",
        {"codes": codes, "next": next_url},
    )


@never_cache
@login_required
def setup(request):
    """Scan the QR code (or type the key), confirm with a code, then read the
    recovery codes, shown this once."""
    user = request.user
    if two_factor.has_second_factor(user):
        if not user.is_verified():
            # Only someone who has given the current factor may replace it.
            return redirect(f"{reverse('two_factor_verify')}?{request.GET.urlencode()}")
        return redirect("two_factor")
    next_url = _next_url(request, reverse("two_factor"))
    device = two_factor.pending_authenticator(user)
    form = CodeForm(
        request.POST or None,
        help_text=_("The six-digit code your app shows now."),
    )
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_authenticator(device, form.cleaned_data["code"])
        if codes is not None:
            _mark_verified(request, device)
            return _recovery_codes_page(request, codes, next_url)
        form.add_error(
            "code",
            _(
                "That code is not the one your app shows now. Check the app and "
                "your device's clock, and try again."
            ),
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": two_factor.qr_code_data_uri(device),
            "manual_key": two_factor.manual_key(device),
            "required": two_factor.requires_second_factor(user),
        },
    )


@never_cache
@login_required
def verify(request):
    """Ask for a code from the app, or a recovery code."""
    user = request.user
    next_url = _next_url(request, reverse("wagtail_serve", args=[""]))
    if not two_factor.has_second_factor(user):
        request.session[two_factor.PENDING_SESSION_KEY] = False
        if two_factor.requires_second_factor(user):
            return redirect(f"{reverse('two_factor_setup')}?{request.GET.urlencode()}")
        return redirect(next_url)
    if user.is_verified():
        return redirect(next_url)
    form = CodeForm(
        request.POST or None,
        help_text=_(
            "The six-digit code your authenticator app shows, or one of your "
            "recovery codes."
        ),
    )
    if request.method == "POST" and form.is_valid():
        waiting = two_factor.waiting_after_wrong_codes(user)
        device = two_factor.accept_code(user, form.cleaned_data["code"])
        if device is not None:
            _mark_verified(request, device)
            return redirect(next_url)
        if waiting:
            form.add_error(
                "code",
                _("Too many wrong codes. Wait a minute, then try again."),
            )
        else:
            form.add_error("code", _("That code is not valid. Try again."))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": next_url}
    )


@never_cache
@login_required
def manage(request):
    """The person's own two-step verification: on or off, recovery codes left."""
    user = request.user
    help_text = _("The six-digit code your app shows now, or a recovery code.")
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": two_factor.has_second_factor(user),
            "required": two_factor.requires_second_factor(user),
            "recovery_codes_left": two_factor.remaining_recovery_codes(user),
            # Two forms on one page: their fields need ids of their own.
            "recovery_form": CodeForm(auto_id="recovery_%s", help_text=help_text),
            "turn_off_form": CodeForm(auto_id="turn_off_%s", help_text=help_text),
        },
    )


def _confirmed_by_code(request):
    form = CodeForm(request.POST)
    if form.is_valid() and two_factor.accept_code(
        request.user, form.cleaned_data["code"]
    ):
        return True
    messages.error(request, _("That code is not valid. Nothing was changed."))
    return False


@never_cache
@login_required
@require_POST
def new_recovery_codes(request):
    """Replace the recovery codes (after a code from the app), and show them once."""
    if not two_factor.has_second_factor(request.user) or not _confirmed_by_code(
        request
    ):
        return redirect("two_factor")
    codes = two_factor.issue_recovery_codes(request.user)
    return _recovery_codes_page(request, codes, reverse("two_factor"))


@never_cache
@login_required
@require_POST
def turn_off(request):
    """Turn two-step verification off (after a code), unless the role needs it."""
    if two_factor.requires_second_factor(request.user):
        messages.error(
            request,
            _("Your role in Minka requires two-step verification: it stays on."),
        )
    elif two_factor.has_second_factor(request.user) and _confirmed_by_code(request):
        two_factor.remove_second_factor(request.user)
        request.session[two_factor.PENDING_SESSION_KEY] = False
        messages.success(request, _("Two-step verification is off."))
    return redirect("two_factor")
