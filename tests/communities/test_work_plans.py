"""Work plans, activities and the totals shown on the community page."""

import datetime

import pytest

from communities.factories import WorkPlanPageFactory, add_activity
from communities.models import activity_totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(community):
    return WorkPlanPageFactory(parent=community.members_area(), title="Plan 2017")


def test_totals_match_recorded_activities(client, community, plan, member):
    add_activity(
        plan,
        date=datetime.date(2016, 5, 1),
        status="held",
        participants_police=10,
        participants_ngos=5,
    )
    add_activity(
        plan,
        date=datetime.date(2017, 9, 1),
        status="held",
        participants_police=83,
        participants_companies=32,
        assigned_institutions=[member.membership.institution],
    )
    add_activity(
        plan, date=datetime.date(2017, 11, 1), status="planned", participants_police=99
    )
    totals = activity_totals(community)
    assert totals["activities"] == 2
    assert totals["participants"] == 130
    assert totals["per_year"] == [(2016, 1, 15), (2017, 1, 115)]

    response = client.get(community.url)
    html = response.content.decode()
    assert "2 activities, 130 participants in all" in html
    assert "<td>115</td>" in html


def test_draft_work_plans_do_not_count(community):
    draft = WorkPlanPageFactory(parent=community.members_area(), live=False)
    add_activity(draft, status="held", participants_police=50)
    assert activity_totals(community)["participants"] == 0


def test_work_plan_is_for_members_only(client, community, plan, member, outsider):
    add_activity(
        plan,
        title="Training for the police",
        status="held",
        assigned_institutions=[member.membership.institution],
    )
    assert client.get(plan.url).status_code == 302
    client.force_login(outsider)
    assert client.get(plan.url).status_code == 404
    client.force_login(member)
    response = client.get(plan.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Training for the police" in html
    assert member.membership.institution.acronym in html


def test_work_plan_listing_queries_do_not_grow(
    client, community, plan, member, django_assert_max_num_queries
):
    client.force_login(member)
    for index in range(3):
        add_activity(
            plan,
            title=f"Activity {index}",
            assigned_institutions=[member.membership.institution],
        )
    with django_assert_max_num_queries(60) as few:
        client.get(plan.url)
    for index in range(10):
        add_activity(
            plan,
            title=f"More {index}",
            assigned_institutions=[member.membership.institution],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(plan.url)


def test_large_totals_are_grouped_by_thousands_in_each_language(
    client, community, plan
):
    from intranet.translation import translate_page

    add_activity(plan, status="held", participants_police=1200, participants_ngos=1013)
    spanish = translate_page(community, "es", {})

    english_html = client.get(community.url).content.decode()
    spanish_html = client.get(spanish.url).content.decode()

    assert "1 activity, 2,213 participants in all" in english_html
    assert "2\xa0213" in spanish_html  # Spanish groups thousands with a space


def test_founding_date_and_country_read_naturally_in_each_language(client, community):
    from intranet.translation import translate_page

    community.country = "PE"
    community.founded_on = datetime.date(2017, 8, 1)
    community.save_revision().publish()
    spanish = translate_page(community, "es", {})

    english_html = client.get(community.url).content.decode()
    spanish_html = client.get(spanish.url).content.decode()

    assert "Peru · founded in August 2017" in english_html
    # "fundado" agrees with "grupo de trabajo", "fundada" with "comunidad".
    assert "Perú · fundado en agosto de 2017" in spanish_html

    community.kind = "community_of_learning"
    community.save_revision().publish()
    spanish = translate_page(community, "es", {})
    assert "fundada en agosto de 2017" in client.get(spanish.url).content.decode()


def test_a_community_written_in_spanish_counts_its_spanish_work_plans(
    spanish_home, community_index
):
    """The figures come from the pages translations are made from, whichever
    language that is: an activity added to the Spanish plan counts on the English
    page before anyone syncs the translation."""
    from communities.factories import CommunityPageFactory
    from intranet.translation import translate_page

    spanish_index = translate_page(community_index, "es")
    spanish = CommunityPageFactory(
        parent=spanish_index, title="Grupo de Cusco", slug="cusco"
    )
    english = translate_page(spanish, "en", {"Grupo de Cusco": "Cusco group"})
    translate_page(spanish.members_area(), "en")
    plan = WorkPlanPageFactory(parent=spanish.members_area(), title="Plan 2018")
    add_activity(plan, status="held", participants_police=40)
    translate_page(plan, "en")

    add_activity(plan, status="held", participants_ngos=7)

    assert activity_totals(english)["participants"] == 47
    assert activity_totals(spanish)["participants"] == 47


def test_activities_translate_with_their_plan_and_keep_their_facts(
    spanish_home, community, plan, member
):
    """Titles are translated; type, date, status, figures and assigned
    institutions come from the plan translations are made from, also on sync."""
    from communities.models import WorkPlanPage
    from intranet.translation import translate_page

    institution = member.membership.institution
    add_activity(
        plan,
        title="Training for the police",
        status="held",
        participants_police=30,
        assigned_institutions=[institution],
    )
    translate_page(community.get_parent(), "es")
    translate_page(community, "es")
    translate_page(community.members_area(), "es")
    spanish = translate_page(
        plan, "es", {"Training for the police": "Capacitación para la policía"}
    )
    (activity,) = WorkPlanPage.objects.get(pk=spanish.pk).activities.all()
    assert activity.title == "Capacitación para la policía"
    assert activity.locale.language_code == "es"
    assert activity.participants_police == 30
    assert list(activity.assigned_institutions.all()) == [institution]

    (source,) = plan.activities.all()
    source.participants_police = 35
    source.save()
    translate_page(plan, "es")

    (activity,) = WorkPlanPage.objects.get(pk=spanish.pk).activities.all()
    assert activity.title == "Capacitación para la policía"
    assert activity.participants_police == 35
    assert list(activity.assigned_institutions.all()) == [institution]


def test_a_draft_of_a_plan_carries_its_assigned_institutions(community, plan, member):
    """Plans go through the community's workflow: what the secretariat assigned
    in a draft is there when the coordination group approves it."""
    from communities.models import WorkPlanPage

    institution = member.membership.institution
    add_activity(plan, title="Dialogue table")
    draft = WorkPlanPage.objects.get(pk=plan.pk)
    children = list(draft.activities.all())
    children[0].assigned_institutions.set([institution])
    draft.activities = children  # as the page editor's form does
    revision = draft.save_revision()
    (stored,) = WorkPlanPage.objects.get(pk=plan.pk).activities.all()
    assert list(stored.assigned_institutions.all()) == []

    revision.publish()

    (published,) = WorkPlanPage.objects.get(pk=plan.pk).activities.all()
    assert list(published.assigned_institutions.all()) == [institution]
