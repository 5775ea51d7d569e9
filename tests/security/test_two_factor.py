"""Two-step verification (django-otp): required before the admin for site
administrators, reviewers and community moderators when
MINKA_REQUIRE_2FA_FOR_STAFF is on; optional for everyone else; asked after
every login once turned on; recovery codes work once; reset_2fa for lost phones."""

import re
import subprocess
import sys
from base64 import b32decode
from html import unescape
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext
from django_otp import devices_for_user
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from communities.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MembershipFactory,
)
from communities.models import Membership
from intranet.factories import UserFactory
from intranet.roles import EDITORS, MODERATORS

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
required = override_settings(MINKA_REQUIRE_2FA_FOR_STAFF=True)


def in_language(language, text):
    with translation.override(language):
        return gettext(text)


def current_code(user):
    """The app's code, as in a later half minute than any code already used (an
    app code is accepted once)."""
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def set_up(client, prefix="", next_url=""):
    """Go through the set-up page as the logged-in person; return the recovery codes."""
    page = client.get(f"{prefix}/accounts/two-factor/set-up/?next={next_url}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    key = re.search(r'<code class="manual-key">([A-Z2-7 ]+)</code>', html).group(1)
    device = TOTPDevice.objects.get(confirmed=False)
    # The key shown is the device's own secret, as an app would read it.
    assert b32decode(key.replace(" ", "")) == device.bin_key
    code = f"{totp(device.bin_key):06d}"
    done = client.post(
        f"{prefix}/accounts/two-factor/set-up/", {"code": code, "next": next_url}
    )
    assert done.status_code == 200
    assert done["Cache-Control"].count("no-store") == 1
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())


def log_in(client, user, url="/admin/login/"):
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


@pytest.fixture
def superuser(db):
    return UserFactory(username="boss", is_superuser=True, is_staff=True)


@pytest.fixture
def reviewer(db):
    person = UserFactory(username="reviewer")
    person.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
    return person


@pytest.fixture
def community_moderator(home):
    community = CommunityPageFactory(
        parent=CommunityIndexPageFactory(parent=home), title="Lima", slug="lima"
    )
    person = UserFactory(username="lima-moderator")
    MembershipFactory(
        community=community,
        institution=InstitutionFactory(),
        role=Membership.Role.COORDINATION,
        status="active",
        representatives=[person],
    )
    return person


@pytest.fixture
def editor(db):
    person = UserFactory(username="editor")
    person.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    return person


@required
@pytest.mark.parametrize("role", ["superuser", "reviewer", "community_moderator"])
def test_staff_set_up_a_second_factor_before_any_admin_page(
    client, home, role, request
):
    person = request.getfixturevalue(role)
    log_in(client, person)

    for url in ("/admin/", "/admin/pages/", "/admin/users/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/two-factor/set-up/?next=")

    codes = set_up(client, next_url="/admin/")
    assert len(codes) == len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200


@required
def test_the_set_up_page_refuses_a_wrong_code(client, home, superuser):
    client.force_login(superuser)
    client.get("/accounts/two-factor/set-up/")
    response = client.post("/accounts/two-factor/set-up/", {"code": "000000x"})
    assert response.status_code == 200
    assert "That code is not the one your app shows now" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


@required
def test_staff_with_a_second_factor_verify_it_after_the_admin_login(
    client, home, superuser
):
    client.force_login(superuser)
    recovery = set_up(client)
    client.post("/admin/logout/")

    log_in(client, superuser)
    response = client.get("/admin/pages/")
    assert (
        response["Location"] == "/accounts/two-factor/verify/?next=%2Fadmin%2Fpages%2F"
    )
    # Nor can a person with only the password set up a new authenticator.
    assert client.get("/accounts/two-factor/set-up/")["Location"].startswith(
        "/accounts/two-factor/verify/"
    )

    wrong = client.post(
        "/accounts/two-factor/verify/", {"code": "123456", "next": "/admin/pages/"}
    )
    assert wrong.status_code == 200
    assert "That code is not valid" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    # django-otp makes each try after a wrong one wait longer.
    TOTPDevice.objects.filter(user=superuser).update(throttling_failure_count=0)
    right = client.post(
        "/accounts/two-factor/verify/",
        {"code": current_code(superuser), "next": "/admin/pages/"},
    )
    assert right["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    assert len(recovery) == 10


@required
def test_a_recovery_code_lets_in_once(client, home, reviewer):
    client.force_login(reviewer)
    codes = set_up(client)
    client.post("/admin/logout/")

    log_in(client, reviewer)
    used = client.post("/accounts/two-factor/verify/", {"code": codes[0].upper()})
    assert used.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=reviewer).count() == 9
    client.post("/admin/logout/")

    log_in(client, reviewer)
    again = client.post("/accounts/two-factor/verify/", {"code": codes[0]})
    assert again.status_code == 200
    assert client.get("/admin/").status_code == 302


@required
def test_too_many_wrong_codes_make_even_the_right_one_wait(client, home, superuser):
    client.force_login(superuser)
    set_up(client)
    client.post("/admin/logout/")
    log_in(client, superuser)
    for device in devices_for_user(superuser):
        for _ in range(8):
            device.throttle_increment()
    response = client.post(
        "/accounts/two-factor/verify/", {"code": current_code(superuser)}
    )
    assert response.status_code == 200
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302


@override_settings(MINKA_REQUIRE_2FA_FOR_STAFF=False)
def test_with_the_setting_off_staff_reach_the_admin_with_a_password(
    client, home, superuser, community_moderator
):
    for person in (superuser, community_moderator):
        log_in(client, person)
        assert client.get("/admin/").status_code == 200
        client.post("/admin/logout/")


@required
def test_people_whose_role_does_not_require_it_reach_the_admin_with_a_password(
    client, home, editor
):
    log_in(client, editor)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(("language", "prefix"), [("en", ""), ("es", "/es")])
def test_a_member_turns_it_on_and_is_asked_for_it_after_each_login(
    client, spanish_home, language, prefix
):
    member = UserFactory(username="ana")
    log_in(client, member, f"{prefix}/accounts/login/")

    page = client.get(f"{prefix}/accounts/two-factor/")
    html = page.content.decode()
    assert f'<html lang="{language}">' in html
    off = (
        "Two-step verification is off. Turn it on so that a stolen password alone "
        "is not enough to enter your account."
    )
    assert in_language(language, off) in unescape(html)
    assert f'href="{prefix}/accounts/two-factor/set-up/"' in html

    set_up(client, prefix)
    client.post(f"{prefix}/accounts/logout/")

    log_in(client, member, f"{prefix}/accounts/login/")
    home_page = client.get(f"{prefix}/")
    assert home_page["Location"] == (
        f"{prefix}/accounts/two-factor/verify/?{urlencode({'next': f'{prefix}/'})}"
    )
    verify = client.get(home_page["Location"])
    assert f'<html lang="{language}">' in verify.content.decode()
    assert in_language(language, "Two-step verification") in unescape(
        verify.content.decode()
    )
    done = client.post(
        f"{prefix}/accounts/two-factor/verify/",
        {"code": current_code(member), "next": f"{prefix}/"},
    )
    assert done["Location"] == f"{prefix}/"
    assert client.get(f"{prefix}/").status_code == 200


def test_the_verify_page_never_sends_anyone_off_the_site(client, home):
    member = UserFactory()
    client.force_login(member)
    set_up(client)
    client.post("/accounts/logout/")
    log_in(client, member, "/accounts/login/")
    response = client.post(
        "/accounts/two-factor/verify/",
        {"code": current_code(member), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_a_member_turns_it_off_with_a_code(client, home):
    member = UserFactory()
    client.force_login(member)
    set_up(client)

    refused = client.post("/accounts/two-factor/turn-off/", {"code": "999999"})
    assert refused.status_code == 302
    assert TOTPDevice.objects.filter(user=member).exists()

    TOTPDevice.objects.filter(user=member).update(throttling_failure_count=0)
    client.post("/accounts/two-factor/turn-off/", {"code": current_code(member)})
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert "Two-step verification is off." in client.get(
        "/accounts/two-factor/"
    ).content.decode().replace("\n", " ")


@required
def test_staff_whose_role_requires_it_cannot_turn_it_off(client, home, superuser):
    client.force_login(superuser)
    set_up(client)
    client.post("/accounts/two-factor/turn-off/", {"code": current_code(superuser)})
    assert TOTPDevice.objects.filter(user=superuser, confirmed=True).exists()


@required
def test_reset_2fa_lets_a_person_who_lost_their_phone_set_it_up_again(
    client, home, superuser, capsys
):
    client.force_login(superuser)
    set_up(client)

    call_command("reset_2fa", "boss")
    assert "was reset" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=superuser).exists()
    assert not StaticToken.objects.filter(device__user=superuser).exists()
    # The session that had verified with the removed device no longer counts.
    assert client.get("/admin/")["Location"].startswith("/accounts/two-factor/set-up/")

    call_command("reset_2fa", "boss")
    assert "had no two-step verification" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No account has the login name"):
        call_command("reset_2fa", "nobody")


def test_reset_2fa_explains_itself():
    result = subprocess.run(
        [sys.executable, "manage.py", "reset_2fa", "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "for a lost device" in " ".join(result.stdout.split())
    assert "username" in result.stdout
