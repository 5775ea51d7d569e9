"""An institution has its own name and, where readers of another language know it
by another, a name per language; everyone reads the name in their language."""

import datetime

import pytest
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from communities.factories import InstitutionFactory, MeetingPageFactory
from communities.models import Membership
from communities.services import find_institution
from intranet.translation import translate_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry(db):
    return InstitutionFactory(
        name="Ministerio de Energía y Minas",
        acronym="MINEM",
        name_en="Ministry of Energy and Mines",
        pillar="government",
        country="PE",
    )


@pytest.fixture
def embassy(db):
    return InstitutionFactory(
        name="Embassy of the United States",
        acronym="",
        name_es="Embajada de los Estados Unidos",
        pillar="observer",
    )


@pytest.fixture
def spanish_community(spanish_home, community):
    translate_page(community.get_parent(), "es", {"Communities": "Comunidades"})
    return translate_page(
        community, "es", {"Lima working group": "Grupo de trabajo de Lima"}
    )


def test_name_and_acronym_follow_the_active_language(ministry, embassy):
    with translation.override("en"):
        assert str(ministry) == "Ministry of Energy and Mines (MINEM)"
        assert str(embassy) == "Embassy of the United States"
        assert ministry.short_name == "MINEM"
    with translation.override("es"):
        assert str(ministry) == "Ministerio de Energía y Minas (MINEM)"
        assert str(embassy) == "Embajada de los Estados Unidos"
        assert embassy.short_name == "Embajada de los Estados Unidos"


def test_a_translated_acronym_replaces_the_own_one(db):
    police = InstitutionFactory(
        name="Policía Nacional del Perú",
        acronym="PNP",
        name_en="Peruvian National Police",
        acronym_en="PNP",
    )
    defensoria = InstitutionFactory(
        name="Defensoría del Pueblo",
        acronym="",
        name_en="Ombudsman's Office",
        acronym_en="DP",
    )
    with translation.override("en"):
        assert str(police) == "Peruvian National Police (PNP)"
        assert str(defensoria) == "Ombudsman's Office (DP)"
    with translation.override("es"):
        assert str(defensoria) == "Defensoría del Pueblo"


def test_the_directory_names_institutions_in_the_reader_language(
    client, community, spanish_community, join, ministry, embassy
):
    member = join(community, institution=ministry)
    join(community, institution=embassy)
    client.force_login(member)

    english = client.get(f"/communities/{community.slug}/directory/")
    spanish = client.get(f"/es/communities/{community.slug}/directory/")

    assert english.status_code == spanish.status_code == 200
    english, spanish = english.content.decode(), spanish.content.decode()
    assert "Ministry of Energy and Mines (MINEM)" in english
    assert "Ministerio de Energía y Minas" not in english
    assert "Ministerio de Energía y Minas (MINEM)" in spanish
    assert "Embajada de los Estados Unidos" in spanish
    assert "Ministry of Energy and Mines" not in spanish


def test_the_meeting_attendance_reads_in_each_language(
    client, community, spanish_community, join, ministry, embassy
):
    member = join(community, institution=ministry)
    meeting = MeetingPageFactory(
        parent=community.members_area(),
        title="Plenary",
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    meeting.attended_by.set([ministry, embassy])
    meeting.save_revision().publish()
    translate_page(community.members_area(), "es")
    spanish_meeting = translate_page(meeting, "es", {"Plenary": "Plenaria"})
    client.force_login(member)

    english = client.get(meeting.url).content.decode()
    spanish = client.get(spanish_meeting.url).content.decode()

    assert "Ministry of Energy and Mines (MINEM)" in english
    assert "Embassy of the United States" in english
    assert "Ministerio de Energía y Minas (MINEM)" in spanish
    assert "Embajada de los Estados Unidos" in spanish
    assert "Embassy of the United States" not in spanish


def test_an_institution_found_by_its_name_in_any_language(ministry):
    assert find_institution("ministry of  energy and mines") == ministry
    assert find_institution("MINISTERIO DE ENERGÍA Y MINAS") == ministry
    assert find_institution("Ministry of Mines") is None


def test_applying_under_the_english_name_is_the_same_institution(
    client, community, ministry, join
):
    # Its own representative is told; anyone else would get the answer of a new
    # request (tests/communities/test_applications.py).
    client.force_login(join(community, institution=ministry))

    response = client.post(
        f"/communities/{community.slug}/apply/",
        {
            "institution_name": "Ministry of Energy and Mines",
            "acronym": "",
            "pillar": "government",
            "country": "PE",
            "letter": "We regulate mining.",
            "motivation": "",
        },
    )

    assert response.status_code == 200
    assert "Ministry of Energy and Mines (MINEM) is already a member" in (
        response.content.decode()
    )
    assert Membership.objects.filter(institution=ministry).count() == 1


def test_emails_name_the_institution_in_the_recipient_language(
    client, community, spanish_community, join, outsider, mailoutbox, embassy
):
    spanish_moderator = join(community, role=Membership.Role.COORDINATION)
    spanish_moderator.email = "coordinacion@example.org"
    spanish_moderator.save()
    profile = UserProfile.get_for_user(spanish_moderator)
    profile.preferred_language = "es"
    profile.save()
    client.force_login(outsider)

    client.post(
        f"/communities/{community.slug}/apply/",
        {
            "institution_name": "Embassy of the United States",
            "acronym": "",
            "pillar": "observer",
            "country": "US",
            "letter": "We support the Voluntary Principles.",
            "motivation": "",
        },
    )

    (message,) = mailoutbox
    assert message.to == ["coordinacion@example.org"]
    assert "Embajada de los Estados Unidos" in message.subject
    assert "Embajada de los Estados Unidos" in message.body
    assert "Embassy of the United States" not in message.body


def test_the_admin_form_offers_a_name_per_language(admin_client, ministry):
    response = admin_client.get(
        f"/admin/snippets/communities/institution/edit/{ministry.pk}/"
    )
    assert response.status_code == 200
    content = response.content.decode()
    for field in ("name", "acronym", "name_en", "acronym_en", "name_es", "acronym_es"):
        assert f'name="{field}"' in content
    assert "Ministry of Energy and Mines" in content
