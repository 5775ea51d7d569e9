"""Two-step verification: an authenticator app (TOTP) and single-use recovery codes.

Built on django-otp. A session is "verified" once a code from the person's app
or one of their recovery codes has been accepted (django-otp keeps the device in
the session). Who must have it: see `requires_second_factor`; everyone else may
turn it on for their own account, and then every login asks for it.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from communities.permissions import moderated_communities
from intranet.roles import MODERATORS

RECOVERY_CODE_COUNT = 10
# Set at login for a person who has a second factor, until a code is accepted.
PENDING_SESSION_KEY = "minka_second_factor_pending"
DEVICE_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def requires_second_factor(user):
    """Site administrators, knowledge-base reviewers and every community's
    moderators must verify a second factor before any admin page, when
    `MINKA_REQUIRE_2FA_FOR_STAFF` is on."""
    if not settings.MINKA_REQUIRE_2FA_FOR_STAFF or not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.groups.filter(name=MODERATORS).exists()
        or moderated_communities(user).exists()
    )


def has_second_factor(user):
    return user_has_device(user, confirmed=True)


def pending_authenticator(user):
    """The unconfirmed authenticator being set up (one per person at a time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def manual_key(device):
    """The secret as people type it into an app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_data_uri(device):
    """The app's set-up link as an SVG image in a data: URI (no request leaves
    the site, and the page's Content-Security-Policy allows `img-src data:`)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)


@transaction.atomic
def confirm_authenticator(device, code):
    """Confirm `device` if `code` is its current code; return fresh recovery
    codes, or None if the code is wrong."""
    if not device.verify_token(code.replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return issue_recovery_codes(device.user)


@transaction.atomic
def issue_recovery_codes(user):
    """Replace the person's recovery codes with new ones, and return them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


def remaining_recovery_codes(user):
    return StaticToken.objects.filter(device__user=user).count()


def accept_code(user, code):
    """The device that accepts `code` (an app code or an unused recovery code),
    or None. A recovery code is used up. Every device counts wrong guesses and
    makes the next try wait longer (django-otp's throttling)."""
    code = "".join(code.split()).lower()
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if device.verify_token(code):
                return device
    return None


def waiting_after_wrong_codes(user):
    """True while wrong codes make a device refuse every code for a while."""
    return any(not device.verify_is_allowed()[0] for device in devices_for_user(user))


@transaction.atomic
def remove_second_factor(user):
    """Delete every authenticator and recovery code of `user`; return how many
    devices there were."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    return removed
