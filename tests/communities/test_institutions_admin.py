"""A community's moderators meet in the admin only the institutions that are, or
asked to be, members of the communities they moderate: listing, search, export,
chooser and every URL naming one. Site administrators meet all of them."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from communities.factories import (
    InstitutionFactory,
    MeetingPageFactory,
    MembershipFactory,
    WorkPlanPageFactory,
    add_activity,
)
from communities.models import (
    AttributedNote,
    Institution,
    Membership,
    RepresentationRequest,
    WorkPlanPage,
)
from communities.models.work_plans import SECTOR_FIELDS
from intranet.factories import UserFactory
from intranet.roles import EDITORS

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/communities/institution/"
CHOOSER = "/admin/snippets/choose/communities/institution/"


@pytest.fixture
def world(community, other_community, moderator, other_member):
    """Lima's institutions in every standing, and Cusco's, named so that none
    is a substring of another."""
    lima = {
        "member": moderator.membership.institution,
        "applied": MembershipFactory(
            community=community,
            institution=InstitutionFactory(name="Lima Applicant Alpha"),
            status=Membership.Status.APPLIED,
        ).institution,
        "declined": MembershipFactory(
            community=community,
            institution=InstitutionFactory(name="Lima Declined Bravo"),
            status=Membership.Status.DECLINED,
        ).institution,
    }
    represented = MembershipFactory(
        community=community,
        institution=InstitutionFactory(name="Lima Represented Charlie"),
        status=Membership.Status.ACTIVE,
    )
    RepresentationRequest.objects.create(
        membership=represented, person=UserFactory(), letter="Please."
    )
    lima["represented"] = represented.institution
    cusco = {
        "member": other_member.membership.institution,
        # Known to the world only through an application to Cusco.
        "applied": MembershipFactory(
            community=other_community,
            institution=InstitutionFactory(name="Cusco Applicant Delta"),
            status=Membership.Status.APPLIED,
        ).institution,
    }
    unattached = InstitutionFactory(name="Unattached Echo")
    return lima, cusco, unattached


def names_in(html, institutions):
    return {each.name for each in institutions if each.name in html}


def test_a_moderator_lists_only_their_communities_institutions(
    client, moderator, world
):
    lima, cusco, unattached = world
    client.force_login(moderator)

    html = client.get(LISTING).content.decode()

    everything = [*lima.values(), *cusco.values(), unattached]
    assert names_in(html, everything) == {each.name for each in lima.values()}


def test_a_moderators_search_and_export_stay_in_scope(client, moderator, world):
    lima, cusco, _unattached = world
    client.force_login(moderator)

    found = client.get(LISTING, {"q": "Applicant"}).content.decode()
    assert names_in(found, [lima["applied"], cusco["applied"]]) == {
        lima["applied"].name
    }
    # The export has no columns of its own (no `list_export`): one line a row.
    assert exported_rows(client) == len(lima)


def exported_rows(client):
    export = client.get(LISTING, {"export": "csv"})
    assert export.status_code == 200
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    return len(lines) - 1  # the heading


@pytest.mark.parametrize("view", ["edit", "delete", "usage"])
def test_another_communitys_institution_is_as_missing_as_no_institution(
    client, moderator, world, view
):
    lima, cusco, unattached = world
    client.force_login(moderator)
    missing = Institution.objects.order_by("-pk").first().pk + 1000

    def answer(pk):
        response = client.get(f"{LISTING}{view}/{pk}/")
        return response.status_code, response.content

    assert answer(cusco["applied"].pk)[0] == 404
    assert answer(cusco["applied"].pk) == answer(missing)
    assert answer(unattached.pk) == answer(missing)
    # Lima's own is there (the moderator may not change it: Wagtail's refusal).
    assert answer(lima["applied"].pk)[0] != 404


def test_the_chooser_offers_only_institutions_in_scope(client, moderator, world):
    lima, cusco, unattached = world
    client.force_login(moderator)

    html = client.get(CHOOSER).content.decode()
    everything = [*lima.values(), *cusco.values(), unattached]
    assert names_in(html, everything) == {each.name for each in lima.values()}
    results = client.get(f"{CHOOSER}results/").content.decode()
    assert names_in(results, everything) == {each.name for each in lima.values()}
    assert client.get(f"{CHOOSER}chosen/{cusco['applied'].pk}/").status_code == 404


def test_a_site_administrator_meets_every_institution(admin_client, world):
    lima, cusco, unattached = world
    everything = [*lima.values(), *cusco.values(), unattached]

    html = admin_client.get(LISTING).content.decode()
    assert names_in(html, everything) == {each.name for each in everything}
    assert exported_rows(admin_client) == Institution.objects.count()
    chooser = admin_client.get(CHOOSER).content.decode()
    assert names_in(chooser, everything) == {each.name for each in everything}
    edit = admin_client.get(f"{LISTING}edit/{cusco['applied'].pk}/")
    assert edit.status_code == 200


def test_rights_granted_through_a_site_wide_group_reach_every_institution(
    client, world
):
    """Editorial roles hold no institution rights today; should an administrator
    grant them some, they reach the whole registry, as before."""
    lima, cusco, unattached = world
    editors = Group.objects.get_or_create(name=EDITORS)[0]
    editors.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_institution"),
    )
    editor = UserFactory()
    editor.groups.add(editors)
    client.force_login(editor)

    everything = [*lima.values(), *cusco.values(), unattached]
    html = client.get(LISTING).content.decode()
    assert names_in(html, everything) == {each.name for each in everything}


def test_a_moderator_adds_an_institution_and_records_its_membership(
    client, community, moderator, world
):
    _lima, cusco, _unattached = world
    client.force_login(moderator)

    added = client.post(
        f"{LISTING}add/",
        {
            "name": "Lima Newcomer Foxtrot",
            "name_en": "",
            "name_es": "",
            "acronym": "",
            "acronym_en": "",
            "acronym_es": "",
            "pillar": "academia",
            "country": "PE",
            "website": "",
        },
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    newcomer = Institution.objects.get(name="Lima Newcomer Foxtrot")
    assert newcomer.name in client.get(CHOOSER).content.decode()

    def record(institution):
        return client.post(
            "/admin/snippets/communities/membership/add/",
            {
                "community": community.pk,
                "institution": institution.pk,
                "role": Membership.Role.PLENARY,
                "status": Membership.Status.ACTIVE,
                "start_date": "",
                "end_date": "",
                "decision_reason": "",
            },
        )

    # Another community's institution cannot be slipped in by its id.
    assert record(cusco["applied"]).status_code == 200
    assert not Membership.objects.filter(
        community=community, institution=cusco["applied"]
    ).exists()
    assert record(newcomer).status_code == 302
    assert Membership.objects.filter(community=community, institution=newcomer).exists()
    assert newcomer.name in client.get(LISTING).content.decode()


def test_a_work_plans_checklist_offers_only_its_communitys_institutions(
    client, community, moderator, world
):
    lima, cusco, unattached = world
    everything = [*lima.values(), *cusco.values(), unattached]
    area = community.members_area()
    plan = WorkPlanPageFactory(parent=area, title="Plan 2017")
    add_activity(plan, title="Workshop", assigned_institutions=[lima["member"]])
    client.force_login(moderator)

    add = client.get(f"/admin/pages/add/communities/workplanpage/{area.pk}/")
    edit = client.get(f"/admin/pages/{plan.pk}/edit/")

    for response in (add, edit):
        assert response.status_code == 200
        html = response.content.decode()
        assert names_in(html, everything) == {each.name for each in lima.values()}


def test_a_work_plan_cannot_assign_another_communitys_institution(
    client, community, moderator, world
):
    lima, cusco, _unattached = world
    area = community.members_area()
    client.force_login(moderator)

    def add_plan(slug, institution):
        activity = {
            "title": "Workshop",
            "activity_type": "study",
            "date": "",
            "status": "planned",
            "description": "",
            **dict.fromkeys(SECTOR_FIELDS, 0),
        }
        data = nested_form_data(
            {
                "title": f"Plan {slug}",
                "slug": slug,
                "starts_on": "2017-01-01",
                "ends_on": "2017-12-31",
                "objectives": rich_text(""),
                "activities": inline_formset([activity]),
                "comments": inline_formset([]),
            }
        )
        # A multiple choice is one key with a list (nested_form_data would number it).
        data["activities-0-assigned_institutions"] = [institution.pk]
        return client.post(
            f"/admin/pages/add/communities/workplanpage/{area.pk}/", data
        )

    assert add_plan("elsewhere", cusco["applied"]).status_code == 200
    assert not WorkPlanPage.objects.filter(slug="elsewhere").exists()
    assert add_plan("ours", lima["member"]).status_code == 302
    (activity,) = WorkPlanPage.objects.get(slug="ours").activities.all()
    assert list(activity.assigned_institutions.all()) == [lima["member"]]


def test_an_attributed_note_cannot_name_another_communitys_institution(
    client, community, moderator, world
):
    lima, cusco, _unattached = world
    meeting = MeetingPageFactory(parent=community.members_area(), title="Plenary")
    client.force_login(moderator)

    def add_note(institution):
        return client.post(
            "/admin/snippets/communities/attributednote/add/",
            {
                "meeting": meeting.pk,
                "speaker_institution": institution.pk,
                "speaker_name": "",
                "text": "We will publish the figures.",
            },
        )

    assert add_note(cusco["applied"]).status_code == 200
    assert not AttributedNote.objects.exists()
    assert add_note(lima["member"]).status_code == 302
    assert AttributedNote.objects.get().speaker_institution == lima["member"]
