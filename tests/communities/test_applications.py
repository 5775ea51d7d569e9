"""Applications and nominations, end to end, with emails."""

import pytest
from django.core import mail

from communities.factories import InstitutionFactory
from communities.models import Membership, RepresentationRequest
from intranet.factories import UserFactory

pytestmark = pytest.mark.django_db


def proposal(**overrides):
    data = {
        "institution_name": "Defensoría del Pueblo",
        "acronym": "DP",
        "pillar": "government",
        "country": "PE",
        "letter": "We would like to join the working group.",
        "motivation": "We monitor social conflicts.",
    }
    data.update(overrides)
    return data


def test_application_flows_to_approval_with_emails(
    client, community, moderator, outsider
):
    moderator.email = "coordination@example.org"
    moderator.save()
    client.force_login(outsider)
    response = client.post(f"/communities/{community.slug}/apply/", proposal())
    assert response.status_code == 302
    membership = Membership.objects.get(institution__name="Defensoría del Pueblo")
    assert membership.status == Membership.Status.APPLIED
    assert membership.submitted_by == outsider
    assert mail.outbox[-1].to == ["coordination@example.org"]

    # Not yet a member: the members area stays closed (as if it did not exist).
    assert client.get(community.members_area().url).status_code == 404

    client.force_login(moderator)
    review = f"/communities/{community.slug}/applications/"
    response = client.get(review)
    assert "Defensoría del Pueblo" in response.content.decode()
    response = client.post(
        review, {"membership": membership.pk, "decision": "approve", "reason": ""}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.decided_by == moderator and membership.decided_at
    assert mail.outbox[-1].to == [outsider.email]
    assert "approved" in mail.outbox[-1].body

    client.force_login(outsider)
    assert client.get(community.members_area().url).status_code == 200


def test_declining_needs_a_reason_and_tells_the_applicant(
    client, community, moderator, outsider
):
    client.force_login(outsider)
    client.post(f"/communities/{community.slug}/apply/", proposal())
    membership = Membership.objects.get(institution__name="Defensoría del Pueblo")

    client.force_login(moderator)
    review = f"/communities/{community.slug}/applications/"
    response = client.post(review, {"membership": membership.pk, "decision": "decline"})
    assert response.status_code == 200
    assert "Please give a reason for declining." in response.content.decode()

    client.post(
        review,
        {
            "membership": membership.pk,
            "decision": "decline",
            "reason": "Not working on these topics.",
        },
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.DECLINED
    assert membership.decision_reason == "Not working on these topics."
    assert mail.outbox[-1].to == [outsider.email]
    assert "Not working on these topics." in mail.outbox[-1].body


def test_empty_letter_is_rejected(client, community, outsider):
    client.force_login(outsider)
    response = client.post(
        f"/communities/{community.slug}/apply/", proposal(letter="   ")
    )
    assert response.status_code == 200
    assert "cannot be empty" in response.content.decode()
    assert not Membership.objects.filter(status="applied").exists()


def test_a_members_representative_is_told_it_is_a_member_already(
    client, community, member
):
    client.force_login(member)
    name = member.membership.institution.name
    response = client.post(
        f"/communities/{community.slug}/apply/", proposal(institution_name=name)
    )
    assert response.status_code == 200
    assert "is already a member of this community" in response.content.decode()


def test_a_nomination_of_a_member_or_waiting_institution_reveals_nothing(
    client, community, member, moderator, join
):
    """A member nominating an institution that is a member, or waits, gets the
    answer a new nomination gets; nothing is recorded and the coordination group
    is not written to."""
    moderator.email = "coordination@example.org"
    moderator.save()
    waiting = join(community, status="applied").membership.institution
    client.force_login(join(community))
    url = f"/communities/{community.slug}/nominate/"
    new = client.post(url, proposal(institution_name="Brand new institution"))
    mail.outbox.clear()
    before = list(Membership.objects.order_by("pk").values())

    for name in (member.membership.institution.name, waiting.name):
        response = client.post(url, proposal(institution_name=name))

        assert (response.status_code, response["Location"]) == (
            new.status_code,
            new["Location"],
        )
        html = client.get(response["Location"]).content.decode()
        assert "the coordination group will review your request" in html
        assert "already" not in html
    assert list(Membership.objects.order_by("pk").values()) == before
    assert mail.outbox == []


def _requests_section(html, name):
    """The "Your requests" section of a community page, with `name` blanked."""
    start = html.index('id="requests-heading"')
    end = html.index("</section>", start)
    return html[start:end].replace(name, "NAME")


@pytest.mark.parametrize("standing", ["active", "applied"])
def test_an_outsider_cannot_tell_a_member_from_a_new_institution(
    client, community, moderator, join, standing
):
    """Applying for an institution that is a member (or waits) looks, to the
    person applying, exactly like a new application: the same answer, the same
    waiting request on the community page, the form no longer offered. The
    coordination group gets a request to represent the institution instead."""
    moderator.email = "coordination@example.org"
    moderator.save()
    existing = join(community, status=standing).membership
    url = f"/communities/{community.slug}/apply/"
    pages = {}
    institution = existing.institution
    for name, acronym in (("Brand new institution", "BNI"), (institution.name, "")):
        client.force_login(UserFactory())
        response = client.post(
            url, proposal(institution_name=name, acronym=acronym or institution.acronym)
        )
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "the coordination group will review your request" in page
        assert "Waiting for the coordination group" in page
        pages[name] = _requests_section(page, name).replace(
            acronym or institution.acronym, "ACRONYM"
        )
        form = client.get(url).content.decode()
        assert "Your request is waiting for a decision" in form
    assert pages["Brand new institution"] == pages[existing.institution.name]

    representation = RepresentationRequest.objects.get()
    assert representation.membership == existing
    assert representation.is_pending
    existing.refresh_from_db()
    assert existing.status == standing  # the standing request is untouched
    assert "asks to represent" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["coordination@example.org"]


def test_a_request_to_represent_is_recorded_once(client, community, member):
    client.force_login(UserFactory())
    url = f"/communities/{community.slug}/apply/"
    name = member.membership.institution.name
    client.post(url, proposal(institution_name=name))
    client.post(url, proposal(institution_name=name.upper()))
    assert RepresentationRequest.objects.count() == 1


def test_approving_a_request_to_represent_opens_the_members_area(
    client, community, member, moderator
):
    person = UserFactory(email="new.colleague@example.org")
    client.force_login(person)
    name = member.membership.institution.name
    client.post(
        f"/communities/{community.slug}/apply/", proposal(institution_name=name)
    )
    representation = RepresentationRequest.objects.get()

    client.force_login(moderator)
    review = f"/communities/{community.slug}/applications/"
    html = client.get(review).content.decode()
    assert "asks to represent this institution" in html
    response = client.post(
        review,
        {
            "kind": "representation",
            "membership": representation.pk,
            "decision": "approve",
        },
    )
    assert response.status_code == 302
    representation.refresh_from_db()
    assert representation.status == RepresentationRequest.Status.ACTIVE
    assert representation.decided_by == moderator
    assert person in member.membership.representatives.all()
    assert mail.outbox[-1].to == [person.email]
    assert "You now represent" in mail.outbox[-1].body
    html = client.get(review).content.decode()
    assert "representative:" in html  # among the recent decisions

    client.force_login(person)
    assert client.get(community.members_area().url).status_code == 200


def test_a_declined_request_to_represent_reads_like_a_declined_application(
    client, community, member, moderator
):
    person = UserFactory(email="someone@example.org")
    client.force_login(person)
    name = member.membership.institution.name
    client.post(
        f"/communities/{community.slug}/apply/", proposal(institution_name=name)
    )
    representation = RepresentationRequest.objects.get()

    client.force_login(moderator)
    review = f"/communities/{community.slug}/applications/"
    declined = {"kind": "representation", "membership": representation.pk}
    response = client.post(review, {**declined, "decision": "decline"})
    assert "Please give a reason for declining." in response.content.decode()
    client.post(review, {**declined, "decision": "decline", "reason": "Unknown."})
    representation.refresh_from_db()
    assert representation.status == RepresentationRequest.Status.DECLINED
    assert person not in member.membership.representatives.all()
    body = mail.outbox[-1].body
    assert "has declined the request concerning" in body and "Unknown." in body
    assert "member" not in body.split("\n")[0]

    client.force_login(person)
    assert client.get(community.members_area().url).status_code == 404
    page = client.get(community.url).content.decode()
    assert "Declined" in page


def test_another_communitys_moderator_cannot_decide_a_request_to_represent(
    client, community, other_community, member, join
):
    client.force_login(UserFactory())
    name = member.membership.institution.name
    client.post(
        f"/communities/{community.slug}/apply/", proposal(institution_name=name)
    )
    representation = RepresentationRequest.objects.get()
    client.force_login(join(other_community, role=Membership.Role.COORDINATION))
    review = f"/communities/{other_community.slug}/applications/"
    response = client.post(
        review,
        {
            "kind": "representation",
            "membership": representation.pk,
            "decision": "approve",
        },
    )
    assert "already decided or does not exist" in response.content.decode()
    representation.refresh_from_db()
    assert representation.is_pending


def test_member_nominates_and_non_member_cannot(client, community, member, outsider):
    url = f"/communities/{community.slug}/nominate/"
    client.force_login(outsider)
    response = client.post(url, proposal(institution_name="IDL"))
    assert response.status_code == 200
    assert "Only members of this community can nominate" in response.content.decode()
    assert not Membership.objects.filter(institution__name="IDL").exists()

    client.force_login(member)
    response = client.post(url, proposal(institution_name="IDL"))
    assert response.status_code == 302
    nominated = Membership.objects.get(institution__name="IDL")
    assert nominated.status == Membership.Status.NOMINATED
    assert nominated.submitted_by == member


@pytest.mark.parametrize(
    ("who", "status"), [("member", 403), ("outsider", 404), ("other_member", 404)]
)
def test_only_moderators_review(client, community, who, status, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(f"/communities/{community.slug}/applications/")
    # A member is told they may not; anyone else meets the site's 404, as for
    # every other address of a community they are not in.
    assert response.status_code == status


def test_visitor_is_asked_to_log_in(client, community):
    response = client.get(f"/communities/{community.slug}/apply/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_malformed_decision_is_a_form_error_not_a_500(client, community, moderator):
    client.force_login(moderator)
    review = f"/communities/{community.slug}/applications/"
    response = client.post(review, {"membership": "abc", "decision": "maybe"})
    assert response.status_code == 200
    response = client.post(review, {"membership": 999999, "decision": "approve"})
    assert "already decided or does not exist" in response.content.decode()


def test_unknown_community_is_404(client, outsider):
    client.force_login(outsider)
    assert client.get("/communities/nowhere/apply/").status_code == 404


def _answer(client, url, data):
    """What the person is told: status, redirect and the messages shown there."""
    response = client.post(url, data)
    shown = []
    if response.status_code == 302:
        landing = client.get(response["Location"])
        shown = [str(message) for message in landing.context["messages"]]
    return response.status_code, response.get("Location"), shown


@pytest.mark.parametrize("kind", ["apply", "nominate"])
@pytest.mark.parametrize("standing", [None, "active", "applied"])
def test_a_second_identical_request_is_answered_like_the_first(
    client, community, moderator, join, kind, standing
):
    """Two posts of the same request tell nobody whether the institution was a
    member or waited before: the second answer is the first, byte for byte, and
    it records and sends nothing."""
    moderator.email = "coordination@example.org"
    moderator.save()
    name = "Brand new institution"
    if standing is not None:
        join(community, status=standing, institution=InstitutionFactory(name=name))
    client.force_login(join(community) if kind == "nominate" else UserFactory())
    url = f"/communities/{community.slug}/{kind}/"

    first = _answer(client, url, proposal(institution_name=name))
    recorded = (
        list(Membership.objects.order_by("pk").values()),
        list(RepresentationRequest.objects.order_by("pk").values()),
    )
    sent = len(mail.outbox)
    second = _answer(client, url, proposal(institution_name=name))

    thanks = "Thank you: the coordination group will review your request."
    assert second == first == (302, community.url, [thanks])
    assert (
        list(Membership.objects.order_by("pk").values()),
        list(RepresentationRequest.objects.order_by("pk").values()),
    ) == recorded
    assert len(mail.outbox) == sent


@pytest.mark.parametrize("kind", ["apply", "nominate"])
def test_the_institutions_representative_still_learns_it_is_a_member(
    client, community, member, kind
):
    client.force_login(member)
    name = member.membership.institution.name
    response = client.post(
        f"/communities/{community.slug}/{kind}/", proposal(institution_name=name)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{member.membership.institution} is already a member" in html
