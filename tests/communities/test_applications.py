"""Applications and nominations, end to end, with emails."""

import pytest
from django.core import mail

from communities.models import Membership
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


@pytest.mark.parametrize("view", ["apply", "nominate"])
def test_others_learn_nothing_of_who_is_a_member_or_waits(
    client, community, member, moderator, join, view
):
    """An outsider applying (a member nominating) for an institution that is a
    member, or waits, gets the answer a new request gets; nothing is recorded and
    the coordination group is not written to."""
    moderator.email = "coordination@example.org"
    moderator.save()
    waiting = join(community, status="applied").membership.institution
    client.force_login(join(community) if view == "nominate" else UserFactory())
    url = f"/communities/{community.slug}/{view}/"
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


@pytest.mark.parametrize("who", ["member", "outsider", "other_member"])
def test_only_moderators_review(client, community, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(f"/communities/{community.slug}/applications/")
    assert response.status_code == 403


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
