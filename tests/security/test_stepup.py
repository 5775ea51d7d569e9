"""Step-up verification: with MINKA_REQUIRE_2FA_FOR_STAFF on, a moderator's powers
on the site (outside the admin) ask for the second factor exactly as the admin
does, and return to where the person was going; members' views are unaffected.

The moderator URLs are taken from the URL resolver (every view marked with
`intranet.access.stepup.moderator_power`), and a last test finds, by asking each
community and engagement URL as a member and as a moderator, every view that
only moderators reach: each must carry the mark."""

# The communities suite's fixtures, imported, are then named as arguments.
# ruff: noqa: F811

from datetime import date
from urllib.parse import urlencode

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.translation import gettext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from communities.factories import InstitutionFactory, MembershipFactory
from communities.models import Membership, RepresentationRequest
from engagement.models import Step, StepStatus, Tracker, TrackerStep
from engagement.tracker import tracker_of
from intranet.access.stepup import is_moderator_power
from intranet.translation import translate_page
from tests.communities.conftest import (  # noqa: F401
    community,
    community_index,
    join,
    member,
    moderator,
)

pytestmark = pytest.mark.django_db

required = override_settings(MINKA_REQUIRE_2FA_FOR_STAFF=True)
SLUG = "lima"  # the `community` fixture's


def _patterns(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def marked_url_names():
    """Every named URL whose view carries the moderator-power mark."""
    return sorted(
        {
            name
            for name, pattern in _patterns(get_resolver())
            if is_moderator_power(pattern.callback)
        }
    )


MODERATOR_URLS = marked_url_names()


def url_of(name, prefix=""):
    return f"{prefix}{reverse(name, kwargs={'slug': SLUG})}"


@pytest.fixture
def pending(community):
    return MembershipFactory(
        community=community,
        institution=InstitutionFactory(name="Defensoría del Pueblo"),
        status=Membership.Status.APPLIED,
    )


@pytest.fixture
def tracker(community):
    return tracker_of(community)


def tracker_form(tracker, **changes):
    data = {}
    for step in tracker.steps.all():
        data[f"{step.step}-status"] = step.status
        data[f"{step.step}-reached_on"] = step.reached_on or ""
        data[f"{step.step}-note"] = step.note
        data[f"{step.step}-meeting"] = step.meeting_id or ""
        data[f"{step.step}-document"] = step.document_id or ""
        data[f"{step.step}-activity"] = step.activity_id or ""
    data.update(changes)
    return data


@pytest.fixture
def change(pending, tracker):
    """The POST that uses each moderator power, and how to tell it was used."""
    posts = {
        "communities:applications": (
            {"membership": pending.pk, "decision": "approve", "reason": ""},
            lambda: (
                Membership.objects.get(pk=pending.pk).status == Membership.Status.ACTIVE
            ),
        ),
        "engagement:edit_progress": (
            tracker_form(
                tracker,
                **{
                    f"{Step.LEADERSHIP}-status": StepStatus.DONE,
                    f"{Step.LEADERSHIP}-reached_on": date(2010, 3, 1),
                },
            ),
            lambda: (
                TrackerStep.objects.get(tracker=tracker, step=Step.LEADERSHIP).status
                == StepStatus.DONE
            ),
        ),
    }
    return lambda name: posts.get(name, ({}, lambda: False))


def everything():
    """What a moderator power could change."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Membership, RepresentationRequest, Tracker, TrackerStep)
    ]


def second_factor(person):
    """Give `person` a confirmed authenticator; return a code it accepts."""
    device = TOTPDevice.objects.create(user=person, name="App", confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def test_the_moderator_powers_are_marked():
    assert {"communities:applications", "engagement:edit_progress"} <= set(
        MODERATOR_URLS
    )


@required
@pytest.mark.parametrize("name", MODERATOR_URLS)
def test_a_moderator_without_a_second_factor_is_sent_to_set_it_up(
    client, moderator, change, name
):
    client.force_login(moderator)
    url = url_of(name)
    data, _used = change(name)
    before = everything()

    for response in (client.get(url), client.post(url, data)):
        assert (response.status_code, response["Location"]) == (
            302,
            f"/accounts/two-factor/set-up/?{urlencode({'next': url})}",
        )
    assert everything() == before  # the application waits, the steps are as they were


@required
@pytest.mark.parametrize("name", MODERATOR_URLS)
def test_a_moderator_verifies_then_uses_the_power(client, moderator, change, name):
    code = second_factor(moderator)
    client.force_login(moderator)
    url = url_of(name)
    data, used = change(name)
    before = everything()

    refused = client.post(url, data)
    verify = f"/accounts/two-factor/verify/?{urlencode({'next': url})}"
    assert (refused.status_code, refused["Location"]) == (302, verify)
    assert everything() == before

    verified = client.post(verify, {"code": code, "next": url})
    assert (verified.status_code, verified["Location"]) == (302, url)
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302
    assert used()


@required
def test_setting_up_the_second_factor_returns_to_the_moderator_page(client, moderator):
    client.force_login(moderator)
    url = url_of("communities:applications")
    page = client.get(f"/accounts/two-factor/set-up/?{urlencode({'next': url})}")
    assert "or moderate a community" in page.content.decode()
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)
    done = client.post(
        "/accounts/two-factor/set-up/",
        {"code": f"{totp(device.bin_key):06d}", "next": url},
    )
    assert done.status_code == 200
    assert f'href="{url}"' in done.content.decode()
    assert client.get(url).status_code == 200


@required
@pytest.mark.parametrize("name", MODERATOR_URLS)
def test_the_spanish_address_sends_to_the_spanish_page(
    client, community, spanish_home, moderator, name
):
    translate_page(community.get_parent(), "es", {"Communities": "Comunidades"})
    translate_page(community, "es")
    client.force_login(moderator)
    url = url_of(name, prefix="/es")

    response = client.get(url)
    setup = f"/es/accounts/two-factor/set-up/?{urlencode({'next': url})}"
    assert (response.status_code, response["Location"]) == (302, setup)
    html = client.get(setup).content.decode()
    with translation.override("es"):
        notice = gettext(
            "Your role in Minka requires two-step verification before you use the "
            "admin or moderate a community."
        )
    assert notice in html


MEMBER_URLS = [
    "communities:apply",
    "communities:nominate",
    "communities:directory",
    "communities:dashboard",
    "communities:dashboard_csv",
    "engagement:progress",
]


@required
@pytest.mark.parametrize("who", ["member", "moderator"])
@pytest.mark.parametrize("name", MEMBER_URLS)
def test_members_views_ask_for_nothing_more(client, tracker, who, name, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url_of(name)).status_code == 200
    assert client.get("/notifications/").status_code == 200


@required
def test_a_member_is_refused_a_moderator_page_as_before(client, member):
    client.force_login(member)
    for name in MODERATOR_URLS:
        assert client.get(url_of(name)).status_code == 403


def _fill(pattern):
    """Arguments for a URL pattern: this community, and ids that lead nowhere."""
    values = {"slug": SLUG, "pk": 0, "token": "nothing"}
    return {name: values[name] for name in pattern.pattern.regex.groupindex}


def test_every_view_only_moderators_reach_carries_the_mark(
    client, member, moderator, tracker
):
    """With the setting off, ask each community and engagement URL as a member
    and as a moderator: a view that refuses the member and serves the moderator
    is a moderator power, and must be marked."""
    unmarked = []
    for name, pattern in _patterns(get_resolver()):
        if not name.startswith(("communities:", "engagement:")):
            continue
        url = reverse(name, kwargs=_fill(pattern))
        for method in ("get", "post"):
            client.force_login(member)
            as_member = getattr(client, method)(url).status_code
            client.force_login(moderator)
            as_moderator = getattr(client, method)(url).status_code
            if as_member == 403 and as_moderator != 403:
                if not is_moderator_power(pattern.callback):
                    unmarked.append((name, method))
    assert unmarked == []
