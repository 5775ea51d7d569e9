"""Applicants follow their requests on the community page, cannot send the same
one twice, and read the forms in their language."""

import pytest
from django.contrib.messages import get_messages

from communities.factories import (
    CommunityPageFactory,
    InstitutionFactory,
    MembershipFactory,
)
from communities.forms import InstitutionProposalForm
from communities.models import Institution, Membership, RepresentationRequest
from communities.services import decide
from intranet.translation import translate_page

pytestmark = pytest.mark.django_db

LETTER = "We work with communities near the mines."


def proposal(**overrides):
    data = {
        "institution_name": "Defensoría del Pueblo",
        "acronym": "DP",
        "pillar": "government",
        "country": "PE",
        "letter": LETTER,
        "motivation": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def spanish_community(spanish_home, community):
    translate_page(community.get_parent(), "es", {"Communities": "Comunidades"})
    return translate_page(community, "es")


def answer(response):
    """What a person is told: the status, where they are sent, the messages."""
    return (
        response.status_code,
        response.get("Location"),
        [(m.level, str(m)) for m in get_messages(response.wsgi_request)],
    )


def apply_url(community, prefix=""):
    return f"{prefix}/communities/{community.slug}/apply/"


def test_pending_request_is_shown_and_not_offered_again(
    client, community, outsider, user
):
    client.force_login(outsider)
    assert apply_url(community) in client.get(community.url).content.decode()

    response = client.post(apply_url(community), proposal())
    assert response.status_code == 302

    html = client.get(community.url).content.decode()
    assert "Your requests" in html
    assert "Defensoría del Pueblo" in html
    assert "Waiting for the coordination group" in html
    assert apply_url(community) not in html

    form_page = client.get(apply_url(community)).content.decode()
    assert 'name="letter"' not in form_page
    assert "Your request is waiting for a decision" in form_page

    # Someone else sees neither the request nor a refusal.
    client.force_login(user)
    html = client.get(community.url).content.decode()
    assert "Defensoría del Pueblo" not in html
    assert apply_url(community) in html


def test_declined_request_shows_the_reason_and_apply_is_offered_again(
    client, community, moderator, outsider
):
    client.force_login(outsider)
    client.post(apply_url(community), proposal())
    membership = Membership.objects.get(institution__name="Defensoría del Pueblo")
    decide(
        membership, approved=False, by=moderator, reason="Not working on these topics."
    )

    html = client.get(community.url).content.decode()
    assert "Declined" in html
    assert "Not working on these topics." in html
    assert apply_url(community) in html
    assert 'name="letter"' in client.get(apply_url(community)).content.decode()


def test_declined_request_in_spanish(client, community, spanish_community, outsider):
    MembershipFactory(
        community=community,
        institution=InstitutionFactory(name="Red Muqui"),
        status=Membership.Status.DECLINED,
        submitted_by=outsider,
        decision_reason="Fuera de los temas del grupo.",
    )
    client.force_login(outsider)
    html = client.get(spanish_community.url).content.decode()
    assert "Red Muqui" in html
    assert "Rechazada" in html
    assert "Motivo: Fuera de los temas del grupo." in html


def test_approved_request_is_shown_to_the_new_representative(
    client, community, moderator, outsider
):
    client.force_login(outsider)
    client.post(apply_url(community), proposal())
    decide(
        Membership.objects.get(institution__name="Defensoría del Pueblo"),
        approved=True,
        by=moderator,
    )
    html = client.get(community.url).content.decode()
    assert "Your requests" in html and "Approved" in html


def test_representatives_see_requests_of_their_institution(
    client, community, other_community, other_member, member
):
    institution = other_member.membership.institution
    client.force_login(member)
    client.post(
        f"/communities/{community.slug}/nominate/",
        proposal(institution_name=institution.name),
    )
    client.force_login(other_member)
    html = client.get(community.url).content.decode()
    assert "Your requests" in html and institution.name in html
    assert apply_url(community) not in html
    # Nobody else's requests.
    assert "Your requests" not in client.get(other_community.url).content.decode()


def test_second_request_with_other_letter_case_is_answered_like_the_first(
    client, community, outsider
):
    """The submitter is not told their request waits: were they, two requests
    would tell a new institution from a member (see test_applications)."""
    client.force_login(outsider)
    first = client.post(apply_url(community), proposal())
    client.get(first["Location"])  # reads its message
    response = client.post(
        apply_url(community),
        proposal(institution_name="DEFENSORÍA  DEL PUEBLO", letter="Second letter."),
    )
    assert answer(response) == answer(first)
    assert Institution.objects.filter(name__icontains="del pueblo").count() == 1
    assert Membership.objects.get(institution__name="Defensoría del Pueblo").letter == (
        LETTER
    )
    assert not RepresentationRequest.objects.exists()


def test_second_request_in_spanish_is_answered_in_spanish(
    client, community, spanish_community, user
):
    client.force_login(user)
    client.post(apply_url(community, "/es"), proposal())
    response = client.post(
        apply_url(community, "/es"), proposal(institution_name="DEFENSORÍA DEL PUEBLO")
    )
    assert (response.status_code, response["Location"]) == (
        302,
        spanish_community.url,
    )
    html = client.get(response["Location"]).content.decode()
    assert "el grupo de coordinación revisará su solicitud" in html
    assert "ya tiene una solicitud" not in html


def test_request_sent_twice_at_once_keeps_the_first(
    client, community, outsider, user, monkeypatch
):
    """The second of two simultaneous requests passed the form's check before the
    first was saved: it is refused on saving, not stored over the first."""
    validate = InstitutionProposalForm.clean
    other = type(client)()
    other.force_login(user)

    def clean_while_another_is_saved(form):
        cleaned = validate(form)
        if form.data["letter"] == "Second letter.":
            response = other.post(
                apply_url(community), proposal(letter="First letter.")
            )
            assert response.status_code == 302
        return cleaned

    monkeypatch.setattr(InstitutionProposalForm, "clean", clean_while_another_is_saved)
    client.force_login(outsider)
    response = client.post(apply_url(community), proposal(letter="Second letter."))

    # The outsider does not represent the institution: told nothing about the
    # first request, they get the answer of a new one, and nothing is stored.
    assert (response.status_code, response["Location"]) == (302, community.url)
    membership = Membership.objects.get(institution__name="Defensoría del Pueblo")
    assert membership.letter == "First letter." and membership.submitted_by == user


def test_request_sent_twice_at_once_by_a_representative_is_refused_with_its_text(
    client, community, member, monkeypatch
):
    """Only the institution's own representatives learn that it waits."""
    institution = member.membership.institution
    validate = InstitutionProposalForm.clean
    other = type(client)()
    other.force_login(member)
    # A member elsewhere, applying here.
    member.membership.community = CommunityPageFactory(
        parent=community.get_parent(), slug="elsewhere"
    )
    member.membership.save()

    def clean_while_another_is_saved(form):
        cleaned = validate(form)
        if form.data["letter"] == "Second letter.":
            response = other.post(
                apply_url(community),
                proposal(institution_name=institution.name, letter="First letter."),
            )
            assert response.status_code == 302
        return cleaned

    monkeypatch.setattr(InstitutionProposalForm, "clean", clean_while_another_is_saved)
    client.force_login(member)
    response = client.post(
        apply_url(community),
        proposal(institution_name=institution.name, letter="Second letter."),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "already has a pending application or nomination" in html
    assert "Second letter." in html  # nothing typed is lost
    membership = Membership.objects.get(community=community, institution=institution)
    assert membership.letter == "First letter."


def test_country_names_follow_the_readers_language(
    client, community, spanish_community, member
):
    client.force_login(member)
    for view in ("apply", "nominate"):
        english = client.get(f"/communities/{community.slug}/{view}/").content
        spanish = client.get(f"/es/communities/{community.slug}/{view}/").content
        assert '<option value="PE">Peru</option>' in english.decode()
        assert '<option value="DE">Germany</option>' in english.decode()
        assert '<option value="PE">Perú</option>' in spanish.decode()
        assert '<option value="DE">Alemania</option>' in spanish.decode()


def test_a_decision_is_read_only_by_those_it_concerns(
    client, community, moderator, outsider, member, other_member
):
    client.force_login(outsider)
    client.post(apply_url(community), proposal())
    membership = Membership.objects.get(institution__name="Defensoría del Pueblo")
    decide(
        membership, approved=False, by=moderator, reason="Not working on these topics."
    )
    client.logout()

    for reader in (None, member, other_member):
        if reader is not None:
            client.force_login(reader)
        html = client.get(community.url).content.decode()
        assert "Not working on these topics." not in html, reader
        assert "Defensoría del Pueblo" not in html, reader
