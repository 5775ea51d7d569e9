"""One institution per name, whatever its letter case: the database refuses a
second (`Institution.Meta.constraints`), applications find the first even when
they arrive at the same moment, and migration 0008 merged the duplicates made
before."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from communities import services
from communities.factories import InstitutionFactory
from communities.models import Institution, Membership
from communities.services import propose_institution
from intranet.factories import UserFactory

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]


def proposal(name):
    return {
        "institution_name": name,
        "acronym": "",
        "pillar": "government",
        "country": "PE",
        "letter": "We would like to join the working group.",
    }


def refused(**fields):
    try:
        with transaction.atomic():
            Institution.objects.create(pillar="government", **fields)
    except IntegrityError:
        return True
    return False


def test_applications_naming_one_institution_in_two_cases_make_one(community):
    first = propose_institution(
        community, proposal("Defensoría del Pueblo"), by=UserFactory()
    )
    propose_institution(community, proposal("DEFENSORÍA  DEL PUEBLO"), by=UserFactory())

    assert list(Institution.objects.all()) == [first.institution]
    assert first.institution.name == "Defensoría del Pueblo"
    assert Membership.objects.count() == 1


def test_the_database_refuses_a_name_that_differs_only_in_case():
    InstitutionFactory(name="Red Muqui", name_es="Red Muqui Perú", name_en="")

    assert refused(name="RED MUQUI")
    assert refused(name="Another name", name_es="red muqui perú")
    # Blank names in a language are no name: any number of institutions have one.
    assert not refused(name="Another name", name_en="")


def test_accented_capitals_are_folded_by_postgresql_only():
    InstitutionFactory(name="Defensoría del Pueblo")

    # SQLite's lower() folds ASCII letters only: there find_institution (which
    # folds in Python) is what keeps "DEFENSORÍA" from becoming a second one.
    assert refused(name="DEFENSORÍA DEL PUEBLO") is ON_POSTGRESQL
    assert refused(name="DEFENSORíA DEL PUEBLO")


def test_a_creation_that_loses_the_race_finds_the_winner(community, monkeypatch):
    winner = InstitutionFactory(name="Red Muqui")
    real = services.find_institution
    answers = iter([None])  # the first look finds nothing: it is not there yet
    monkeypatch.setattr(
        services, "find_institution", lambda name: next(answers, None) or real(name)
    )

    membership = propose_institution(community, proposal("RED MUQUI"), by=UserFactory())

    assert membership.institution == winner
    assert Institution.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_merges_existing_duplicates(community, other_community):
    executor = MigrationExecutor(connection)
    executor.migrate([("communities", "0007_coordination_tier")])
    old = executor.loader.project_state(("communities", "0007_coordination_tier")).apps
    Old = old.get_model("communities", "Institution")
    OldMembership = old.get_model("communities", "Membership")
    User = old.get_model(*settings.AUTH_USER_MODEL.split("."))
    kept = Old.objects.create(
        name="Red Muqui", name_en="Muqui Network", pillar="civil_society"
    )
    twin = Old.objects.create(name="RED MUQUI", pillar="civil_society", acronym="RM")
    english_twin = Old.objects.create(
        name="Muqui Net", name_en="MUQUI  network", pillar="civil_society"
    )
    declined = OldMembership.objects.create(
        community_id=community.pk, institution=kept, status="declined"
    )
    active = OldMembership.objects.create(
        community_id=community.pk, institution=twin, status="active"
    )
    person = User.objects.create(username="rep")
    active.representatives.add(person)
    OldMembership.objects.create(
        community_id=other_community.pk, institution=english_twin, status="applied"
    )

    MigrationExecutor(connection).migrate(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    )

    muqui = Institution.objects.get(name="Red Muqui")
    assert not Institution.objects.filter(pk__in=[twin.pk, english_twin.pk]).exists()
    assert muqui.pk == kept.pk and muqui.acronym == "RM"
    memberships = Membership.objects.filter(institution=muqui)
    assert sorted(memberships.values_list("community_id", "status")) == sorted(
        [(community.pk, "active"), (other_community.pk, "applied")]
    )
    assert not Membership.objects.filter(pk=declined.pk).exists()
    assert list(memberships.get(community=community).representatives.all()) == [
        UserFactory._meta.model.objects.get(username="rep")
    ]


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRESQL, reason="threads need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_applications_in_different_cases_make_one_institution(
    community,
):
    names = ["Defensoría del Pueblo", "DEFENSORÍA DEL PUEBLO", "defensoría del pueblo"]
    people = [UserFactory() for _name in names]
    start = threading.Barrier(len(names))
    errors = []

    def apply(name, person):
        start.wait()
        try:
            propose_institution(community, proposal(name), by=person)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=apply, args=pair)
        for pair in zip(names, people, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Institution.objects.count() == 1
    assert Membership.objects.count() == 1


def test_the_institution_form_says_the_name_is_taken():
    InstitutionFactory(name="Red Muqui")

    with pytest.raises(ValidationError) as refusal:
        Institution(name="RED MUQUI", pillar="civil_society").full_clean()

    assert refusal.value.messages == ["An institution of this name exists."]
