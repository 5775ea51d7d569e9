"""Member directory, participation dashboard, CSV and iCal: members only."""

import datetime

import pytest
from django.utils import timezone

from communities.factories import (
    InstitutionFactory,
    MeetingPageFactory,
    WorkPlanPageFactory,
    add_activity,
)
from communities.models import CalendarToken

pytestmark = pytest.mark.django_db

SECRET_INSTITUTION = "Minera Confidencial SA"


@pytest.fixture
def data(community, join):
    representative = join(
        community, institution=InstitutionFactory(name=SECRET_INSTITUTION)
    )
    ngo = InstitutionFactory(name="Centro Guamán Poma", pillar="civil_society")
    join(community, institution=ngo)
    meeting = MeetingPageFactory(
        parent=community.members_area(),
        title="Plenary on use of force",
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    meeting.attended_by.set([representative.membership.institution, ngo])
    meeting.save()
    plan = WorkPlanPageFactory(parent=community.members_area())
    add_activity(plan, status="held", participants_police=83, participants_ngos=32)
    return meeting


def urls(community):
    base = f"/communities/{community.slug}"
    return [f"{base}/directory/", f"{base}/dashboard/", f"{base}/dashboard.csv"]


def test_member_sees_directory_dashboard_and_csv(client, community, data, member):
    client.force_login(member)
    directory, dashboard, csv_url = urls(community)
    html = client.get(directory).content.decode()
    assert SECRET_INSTITUTION in html and "Centro Guamán Poma" in html
    assert member.username in html

    response = client.get(dashboard)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "pillar-fill--company" in html
    assert "Plenary on use of force" in html
    assert "style=" not in html.split("<main", 1)[1]

    response = client.get(csv_url)
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "Plenary on use of force" in body
    assert "Police,83" in body


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_others_get_no_member_data(client, community, data, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in urls(community):
        response = client.get(url)
        assert response.status_code == 404
        assert SECRET_INSTITUTION not in response.content.decode()


def test_visitor_gets_no_member_data(client, community, data):
    for url in urls(community):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    html = client.get(community.url).content.decode()
    assert SECRET_INSTITUTION not in html
    assert "Civil society" in html  # the count per pillar is public


def test_directory_queries_do_not_grow(
    client, community, member, join, django_assert_max_num_queries
):
    client.force_login(member)
    url = f"/communities/{community.slug}/directory/"
    join(community)
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for _ in range(8):
        join(community)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_dashboard_queries_do_not_grow(
    client, community, member, django_assert_max_num_queries
):
    client.force_login(member)
    url = f"/communities/{community.slug}/dashboard/"
    area = community.members_area()
    last_month = timezone.now() - datetime.timedelta(days=30)
    meeting = MeetingPageFactory(parent=area, starts_at=last_month)
    meeting.attended_by.set([member.membership.institution])
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for _ in range(6):
        meeting = MeetingPageFactory(parent=area, starts_at=last_month)
        meeting.attended_by.set([member.membership.institution])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_ical_feed_for_members_with_their_token(client, community, data, member):
    token = CalendarToken.for_user(member).token
    url = f"/communities/{community.slug}/ical/{token}/"
    response = client.get(url)  # no session: calendar apps cannot log in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VCALENDAR" in body and "SUMMARY:Plenary on use of force" in body

    client.force_login(member)
    response = client.post(
        "/communities/calendar/reset/", {"next": community.members_area().url}
    )
    assert response.status_code == 302
    client.logout()
    assert client.get(url).status_code == 404
    new_token = CalendarToken.objects.get(user=member).token
    assert new_token != token
    assert (
        client.get(f"/communities/{community.slug}/ical/{new_token}/").status_code
        == 200
    )


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_ical_feed_gives_nothing_to_non_members(client, community, data, who, request):
    token = CalendarToken.for_user(request.getfixturevalue(who)).token
    response = client.get(f"/communities/{community.slug}/ical/{token}/")
    assert response.status_code == 404
    assert b"Plenary" not in response.content


def test_ical_feed_with_a_bad_token_is_404(client, community, data):
    response = client.get(f"/communities/{community.slug}/ical/not-a-token/")
    assert response.status_code == 404


def test_ical_stops_when_membership_ends(client, community, data, member):
    token = CalendarToken.for_user(member).token
    member.membership.status = "left"
    member.membership.save()
    assert client.get(f"/communities/{community.slug}/ical/{token}/").status_code == 404


def test_reset_needs_post(client, member):
    client.force_login(member)
    assert client.get("/communities/calendar/reset/").status_code == 405


def test_home_panel_shows_my_communities_and_upcoming_meetings(
    client, home, community, other_community, data, member, outsider
):
    MeetingPageFactory(
        parent=community.members_area(),
        title="Plenary on the work plan",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    client.force_login(member)
    html = client.get("/").content.decode()
    assert "My communities" in html
    assert "Lima working group" in html and "Plenary on the work plan" in html
    assert "Plenary on use of force" not in html  # held three days ago
    assert "Cusco working group" not in html

    client.force_login(outsider)
    html = client.get("/").content.decode()
    assert "My communities" not in html and "Plenary on the work plan" not in html
    client.logout()
    assert "Plenary on the work plan" not in client.get("/").content.decode()


def test_members_area_shows_the_next_meeting_first_then_the_latest_past_one(
    client, community, member
):
    now = timezone.now()
    area = community.members_area()
    for title, days in [
        ("Plenary 2015", -3000),
        ("Plenary next month", 30),
        ("Plenary last month", -30),
        ("Plenary next week", 7),
    ]:
        MeetingPageFactory(
            parent=area, title=title, starts_at=now + datetime.timedelta(days=days)
        )
    client.force_login(member)

    html = client.get(area.url).content.decode()

    order = [
        "Upcoming meetings",
        "Plenary next week",
        "Plenary next month",
        "Past meetings",
        "Plenary last month",
        "Plenary 2015",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)


def test_dashboard_shows_held_meetings_in_the_readers_language(
    client, community, member
):
    from intranet.translation import translate_page

    area = community.members_area()
    held = MeetingPageFactory(
        parent=area,
        title="Plenary on consultation",
        starts_at=timezone.now() - datetime.timedelta(days=10),
    )
    held.attended_by.set([member.membership.institution])
    MeetingPageFactory(
        parent=area,
        title="Plenary still to come",
        starts_at=timezone.now() + datetime.timedelta(days=10),
    )
    translate_page(community, "es", {})
    translate_page(area, "es", {})
    translate_page(held, "es", {"Plenary on consultation": "Plenaria sobre consulta"})
    client.force_login(member)

    english = client.get(f"/communities/{community.slug}/dashboard/").content.decode()
    spanish = client.get(
        f"/es/communities/{community.slug}/dashboard/"
    ).content.decode()

    assert "Plenary on consultation" in english
    assert "Plenaria sobre consulta" in spanish
    assert "Plenary on consultation" not in spanish
    assert "Plenary still to come" not in english  # no attendance yet


def test_directory_shows_each_acronym_once(client, community, join, member):
    for name, acronym in (
        ("Las Bambas (MMG)", "MMG"),
        ("SUCAMEC", "SUCAMEC"),
        ("Instituto de Defensa Legal", "IDL"),
    ):
        join(community, institution=InstitutionFactory(name=name, acronym=acronym))
    client.force_login(member)
    for prefix in ("", "/es"):
        html = client.get(f"{prefix}/communities/{community.slug}/directory/")
        html = html.content.decode()
        assert "Las Bambas (MMG)</th>" in html and "(MMG) (MMG)" not in html
        assert "SUCAMEC</th>" in html and "SUCAMEC (SUCAMEC)" not in html
        assert "Instituto de Defensa Legal (IDL)</th>" in html


def test_dashboard_csv_opens_as_utf8_in_excel(client, community, data, member):
    data.title = "Reunión plenaria"
    data.save()
    client.force_login(member)
    for prefix in ("", "/es"):
        response = client.get(f"{prefix}/communities/{community.slug}/dashboard.csv")
        assert response.content.startswith("\ufeff".encode())
        assert "Reunión plenaria" in response.content.decode("utf-8-sig")
