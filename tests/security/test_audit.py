"""The audit trail: membership changes, access changes and downloads of
restricted documents are recorded with who, what and when, and each
community's moderators read their own community's entries only, in the site
history and its CSV export."""

import pytest
from wagtail.models import ModelLogEntry

from communities import audit as membership_audit
from communities.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MembershipFactory,
)
from communities.models import Membership
from intranet import audit
from intranet.factories import UserFactory
from intranet.models import english_home
from resources.factories import DocumentFactory

pytestmark = pytest.mark.django_db

Status = Membership.Status
HISTORY = "/admin/reports/site-history/"


def join(community, institution_name, role=Membership.Role.PLENARY):
    person = UserFactory()
    MembershipFactory(
        community=community,
        institution=InstitutionFactory(name=institution_name, acronym=""),
        role=role,
        status=Status.ACTIVE,
        representatives=[person],
    )
    return person


@pytest.fixture
def world():
    index = CommunityIndexPageFactory(parent=english_home())
    lima = CommunityPageFactory(parent=index, title="Lima group", slug="lima")
    cusco = CommunityPageFactory(parent=index, title="Cusco group", slug="cusco")
    return {
        "lima": lima,
        "cusco": cusco,
        "lima_moderator": join(lima, "Lima Secretariat", Membership.Role.SECRETARIAT),
        "cusco_moderator": join(
            cusco, "Cusco Secretariat", Membership.Role.COORDINATION
        ),
        "cusco_member": join(cusco, "Cusco Member Institution"),
    }


def entries(action, **data):
    found = ModelLogEntry.objects.filter(action=action)
    return [entry for entry in found if data.items() <= entry.data.items()]


def test_an_application_decided_on_the_site_is_logged_with_the_moderator(client, world):
    lima = world["lima"]
    applicant = UserFactory()
    membership = MembershipFactory(
        community=lima,
        institution=InstitutionFactory(name="Applicant NGO", acronym=""),
        status=Status.APPLIED,
        representatives=[applicant],
    )
    (applied,) = entries(membership_audit.APPLY, institution="Applicant NGO")
    assert applied.object_id == str(membership.pk)

    moderator = world["lima_moderator"]
    client.force_login(moderator)
    response = client.post(
        "/communities/lima/applications/",
        {"membership": membership.pk, "decision": "approve", "reason": ""},
    )
    assert response.status_code == 302
    (approved,) = entries(membership_audit.APPROVE, institution="Applicant NGO")
    assert approved.user == moderator
    assert approved.data["community"] == "Lima group"
    # Being approved let the applicant into the members group: an access change.
    (granted,) = entries(audit.GRANT, person=applicant.username)
    assert granted.user == moderator
    assert int(granted.object_id) == lima.members_group_id


def test_suspension_role_and_representatives_changes_are_logged(world):
    membership = Membership.objects.get(institution__name="Cusco Member Institution")
    person = membership.representatives.get()
    membership.role = Membership.Role.OBSERVER
    membership.save()
    membership.status = Status.SUSPENDED
    membership.save()
    newcomer = UserFactory()
    membership.representatives.add(newcomer)
    membership.representatives.remove(person)

    (role,) = entries(membership_audit.ROLE, institution="Cusco Member Institution")
    assert role.data["previous_role"] == "plenary" and role.data["role"] == "observer"
    assert entries(membership_audit.SUSPEND, institution="Cusco Member Institution")
    assert entries(membership_audit.REPRESENTATIVES, added=[newcomer.username])
    assert entries(membership_audit.REPRESENTATIVES, removed=[person.username])
    # Suspended: out of the members group.
    assert entries(audit.REVOKE, person=person.username)
    messages = {
        entry.action: entry.formatter.format_message(entry)
        for entry in ModelLogEntry.objects.filter(action__startswith="minka.")
    }
    assert messages[membership_audit.SUSPEND] == (
        "Suspended the membership of Cusco Member Institution in Cusco group"
    )
    assert "from Plenary member to Observer" in messages[membership_audit.ROLE]


def test_a_restricted_download_is_logged_and_a_public_one_is_not(client, world):
    cusco = world["cusco"]
    member = world["cusco_member"]
    secret = DocumentFactory(title="Cusco incident report", collection=cusco.collection)
    public = DocumentFactory(title="Public toolkit")

    client.force_login(UserFactory())  # an outsider is refused: nothing served
    assert client.get(secret.url).status_code in (403, 404, 302)
    assert not entries(audit.DOWNLOAD)

    client.force_login(member)
    assert client.get(secret.url).status_code == 200
    assert client.get(public.url).status_code == 200
    (download,) = entries(audit.DOWNLOAD)
    assert download.user == member
    assert download.object_id == str(secret.pk)
    assert download.label == "Cusco incident report"


def _history(client, person, export=""):
    client.force_login(person)
    response = client.get(HISTORY + (f"?export={export}" if export else ""))
    assert response.status_code == 200
    if export:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def test_moderators_read_their_own_community_entries_only(client, world):
    cusco_secret = DocumentFactory(
        title="Cusco incident report", collection=world["cusco"].collection
    )
    lima_secret = DocumentFactory(
        title="Lima minutes annex", collection=world["lima"].collection
    )
    client.force_login(world["cusco_member"])
    client.get(cusco_secret.url)
    client.force_login(world["lima_moderator"])
    client.get(lima_secret.url)
    cusco_membership = Membership.objects.get(
        institution__name="Cusco Member Institution"
    )
    cusco_membership.status = Status.SUSPENDED
    cusco_membership.save()

    cusco_words = ("Cusco incident report", "Cusco Member Institution", "Cusco group")
    for export in ("", "csv"):
        seen = _history(client, world["lima_moderator"], export)
        assert "Lima minutes annex" in seen
        assert "Lima Secretariat" in seen
        for word in cusco_words:
            assert word not in seen, (export, word)
        # Nor the names of Cusco's people in the filter of who acted.
        assert world["cusco_member"].username not in seen

        everything = _history(client, UserFactory(is_superuser=True), export)
        for word in (*cusco_words, "Lima minutes annex"):
            assert word in everything, (export, word)

    seen = _history(client, world["cusco_moderator"])
    assert "Cusco incident report" in seen and "Cusco Member Institution" in seen
    assert "Lima minutes annex" not in seen and "Lima Secretariat" not in seen
