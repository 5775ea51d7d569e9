"""Importing a community's life from files: institutions, the community page and
its members area, memberships, meetings, work plans, the ten steps and people."""

import datetime
import textwrap

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page

from communities.models import (
    AttributedNote,
    CommunityPage,
    Institution,
    MeetingPage,
    Membership,
    WorkPlanPage,
)
from engagement.models import StepStatus, Tracker
from intranet.importing import import_path

FILES = {
    "people.yaml": """
        - type: person
          username: ana
          email: ana@example.org
          role: Moderator of the Cusco group
        - type: person
          username: ben
          email: ben@example.org
          groups: [Editors]
    """,
    "institutions.yaml": """
        - type: institution
          name: Ministerio de la Producción
          acronym: PRODUCE
          pillar: Government
          country: PE
          name_en: Ministry of Production
        - type: institution
          name: Socios Perú
          pillar: civil_society
          country: Peru
        - type: institution
          name: First Quantum
          pillar: company
    """,
    "communities/index.en.md": """
        ---
        type: community_index
        slug: communities
        title: Communities
        show_in_menus: true
        ---
        Groups that learn together.
    """,
    "communities/index.es.md": """
        ---
        type: community_index
        slug: comunidades
        locale: es
        translation_of: communities
        title: Comunidades
        ---
        Grupos que aprenden juntos.
    """,
    "communities/cusco/community.es.md": """
        ---
        type: community
        slug: cusco
        locale: es
        title: Grupo de Cusco
        kind: working_group
        country: PE
        region: Cusco
        founded_on: 2017-08-01
        confidentiality_rule: chatham_house
        meeting_duration_minutes: 90
        summary: Un grupo regional.
        meeting_cadence: Trimestral
        members_area: {title: Área de miembros, slug: miembros}
        ---
        ## Propósito

        Abordar juntos los retos de seguridad.

        ## Principios

        Representación institucional.

        Confidencialidad.
    """,
    "communities/cusco/community.en.md": """
        ---
        type: community
        slug: cusco
        translation_of: cusco
        title: Cusco group
        summary: A regional group.
        meeting_cadence: Quarterly
        members_area: {title: Members area, slug: members}
        ---
        ## Purpose

        Address security challenges together.
    """,
    "communities/cusco/memberships.yaml": """
        - type: membership
          community: cusco
          institution: PRODUCE
          role: coordination
          start_date: 2017-08-01
          representatives: [ana]
        - type: membership
          community: cusco
          institution: Socios Peru
          role: Secretariat
    """,
    "communities/cusco/meetings/founding.es.md": """
        ---
        type: meeting
        slug: constitucion
        locale: es
        community: cusco
        title: Reunión de constitución
        starts_at: 2017-08-24 10:00
        venue: Cusco
        agenda: [Estudio de factibilidad, Grupo impulsor]
        attended_by: [Ministry of Production, Socios Perú]
        notes:
        - speaker_institution: PRODUCE
          text: Ofreció la coordinación.
        ---
        El grupo acordó cuatro prioridades.
    """,
    "communities/cusco/meetings/founding.en.md": """
        ---
        type: meeting
        slug: founding-meeting
        community: cusco
        translation_of: constitucion
        title: Founding meeting
        agenda: [Feasibility study, Core group]
        ---
    """,
    "communities/cusco/meetings/next.es.md": """
        ---
        type: meeting
        slug: proxima
        locale: es
        community: cusco
        title: Próxima reunión
        starts_at: +21 days 09:00
        ---
    """,
    "communities/cusco/work-plan.es.md": """
        ---
        type: work_plan
        slug: plan-2018
        locale: es
        community: cusco
        title: Plan 2018
        starts_on: 2017-08-01
        ends_on: 2018-12-31
        activities:
        - title: Capacitación para la policía
          activity_type: capacity_building
          date: 2017-09-21
          status: held
          participants: {police: 45, companies: 6}
          assigned_institutions: [First Quantum, PRODUCE]
        - title: Acercamiento a empresas
          activity_type: lobbying
          status: planned
        ---
    """,
    "communities/cusco/work-plan.en.md": """
        ---
        type: work_plan
        slug: plan-2018
        community: cusco
        translation_of: plan-2018
        title: 2018 plan
        activities:
        - title: Training for the police
        - title: Outreach to companies
        ---
    """,
    "communities/cusco/tracker.yaml": """
        type: tracker
        community: cusco
        public_summary: true
        steps:
          first_meeting:
            status: done
            reached_on: 2017-08-24
            note: Reunión de constitución.
            meeting: constitucion
          work_plan:
            status: done
            activity: Capacitación para la policía
          working_rules:
            status: in_progress
    """,
}


def write_files(folder, files):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    return folder


@pytest.fixture
def content(tmp_path, home):
    return write_files(tmp_path / "content", FILES)


def verbs(actions):
    counts = {}
    for action in actions:
        counts[action.verb] = counts.get(action.verb, 0) + 1
    return counts


def test_a_community_is_imported_in_the_language_it_writes_in(content):
    actions, problems = import_path(content)

    assert problems == []
    spanish = CommunityPage.objects.get(slug="cusco", locale__language_code="es")
    english = CommunityPage.objects.get(slug="cusco", locale__language_code="en")
    assert english.translation_key == spanish.translation_key
    assert spanish.purpose == "<p>Abordar juntos los retos de seguridad.</p>"
    assert (
        spanish.principles
        == "<p>Representación institucional.</p><p>Confidencialidad.</p>"
    )
    # The translation shares the facts and keeps the source's untranslated text.
    assert (english.kind, english.country.code, english.meeting_duration_minutes) == (
        "working_group",
        "PE",
        90,
    )
    assert english.purpose == "<p>Address security challenges together.</p>"
    assert english.principles == spanish.principles
    assert english.members_group == spanish.members_group
    area = spanish.members_area()
    assert (area.title, area.slug) == ("Área de miembros", "miembros")
    english_area = english.members_area()
    assert (english_area.title, english_area.slug) == ("Members area", "members")
    assert english_area.translation_key == area.translation_key
    index = Page.objects.get(slug="comunidades").specific
    assert index.intro == "<p>Grupos que aprenden juntos.</p>"


def test_memberships_give_representatives_their_community_groups(content):
    import_path(content)

    community = CommunityPage.objects.get(slug="cusco", locale__language_code="es")
    produce = Membership.objects.get(institution__acronym="PRODUCE")
    assert produce.community == community
    assert (produce.role, produce.status) == ("coordination", "active")
    assert produce.start_date == datetime.date(2017, 8, 1)
    socios = Membership.objects.get(institution__name="Socios Perú")
    assert socios.role == "secretariat"
    ana = get_user_model().objects.get(username="ana")
    assert list(produce.representatives.all()) == [ana]
    assert ana.groups.filter(pk=community.moderators_group_id).exists()
    assert not ana.has_usable_password()
    ben = get_user_model().objects.get(username="ben")
    assert list(ben.groups.values_list("name", flat=True)) == ["Editors"]


def test_meetings_share_their_facts_and_keep_notes_with_the_source(content):
    import_path(content)

    spanish = MeetingPage.objects.get(slug="constitucion")
    english = MeetingPage.objects.get(slug="founding-meeting")
    assert spanish.starts_at == timezone.make_aware(datetime.datetime(2017, 8, 24, 10))
    assert spanish.duration_minutes == 90  # the community's
    assert english.starts_at == spanish.starts_at
    assert english.venue == "Cusco"
    assert spanish.agenda == "Estudio de factibilidad\nGrupo impulsor"
    assert english.agenda == "Feasibility study\nCore group"
    # Minutes not translated yet: the English page shows the Spanish text.
    assert (
        english.minutes
        == spanish.minutes
        == "<p>El grupo acordó cuatro prioridades.</p>"
    )
    present = {institution.name for institution in english.attended_by.all()}
    assert present == {"Ministerio de la Producción", "Socios Perú"}
    note = AttributedNote.objects.get()
    assert (note.meeting_id, note.speaker_institution.acronym) == (
        spanish.pk,
        "PRODUCE",
    )
    upcoming = MeetingPage.objects.get(slug="proxima")
    expected = timezone.localdate() + datetime.timedelta(days=21)
    assert timezone.localtime(upcoming.starts_at).date() == expected
    assert timezone.localtime(upcoming.starts_at).hour == 9


def test_work_plans_and_the_ten_steps(content):
    import_path(content)

    spanish = WorkPlanPage.objects.get(locale__language_code="es")
    english = WorkPlanPage.objects.get(locale__language_code="en")
    first, second = spanish.activities.all()
    assert first.participants_police == 45 and first.participants_companies == 6
    assert {i.name for i in first.assigned_institutions.all()} == {
        "First Quantum",
        "Ministerio de la Producción",
    }
    translated = list(english.activities.all())
    assert [row.title for row in translated] == [
        "Training for the police",
        "Outreach to companies",
    ]
    assert translated[0].participants_police == 45
    assert translated[0].translation_key == first.translation_key
    assert (second.status, second.date) == ("planned", None)

    tracker = Tracker.objects.get()
    assert tracker.public_summary
    steps = {step.step: step for step in tracker.steps.all()}
    assert len(steps) == 10
    assert steps["first_meeting"].meeting == MeetingPage.objects.get(
        slug="constitucion"
    )
    assert steps["first_meeting"].reached_on == datetime.date(2017, 8, 24)
    assert steps["work_plan"].activity == first
    assert steps["working_rules"].status == StepStatus.IN_PROGRESS
    assert steps["leadership"].status == StepStatus.NOT_STARTED


def test_importing_twice_writes_nothing_new(content):
    import_path(content)
    revisions = {page.pk: page.revisions.count() for page in Page.objects.all()}
    counts = (Institution.objects.count(), Membership.objects.count())

    actions, problems = import_path(content)

    assert problems == []
    assert verbs(actions) == {"unchanged": len(actions)}
    assert {page.pk: page.revisions.count() for page in Page.objects.all()} == revisions
    assert (Institution.objects.count(), Membership.objects.count()) == counts
    assert AttributedNote.objects.count() == 1


def test_a_changed_file_updates_only_what_changed(content):
    import_path(content)
    path = content / "communities/cusco/memberships.yaml"
    path.write_text(path.read_text().replace("role: Secretariat", "role: observer"))

    actions, problems = import_path(content)

    assert problems == []
    changed = [action for action in actions if action.verb != "unchanged"]
    assert [(action.item.slug, action.changed) for action in changed] == [
        ("cusco/Socios Peru", ["role"])
    ]
    assert Membership.objects.get(institution__name="Socios Perú").role == "observer"


def test_a_dry_run_on_an_empty_site_plans_everything_and_writes_nothing(content):
    actions, problems = import_path(content, dry_run=True)

    assert problems == []
    assert verbs(actions) == {"create": len(actions)}
    assert not CommunityPage.objects.exists()
    assert not Institution.objects.exists()


def test_problems_name_the_file_and_line(tmp_path, home):
    folder = write_files(
        tmp_path / "bad",
        {
            "institutions.yaml": """
                - type: institution
                  name: Socios Perú
                  pillar: civil_society
            """,
            "memberships.yaml": """
                - type: membership
                  community: nowhere
                  institution: Socios Perú
                - type: institution
                  name: No pillar
            """,
            "meeting.md": """
                ---
                type: meeting
                slug: m
                title: M
                community: lima
                starts_at: next tuesday
                ---
            """,
            "translation.md": """
                ---
                type: meeting
                slug: m-en
                title: M
                community: lima
                translation_of: m
                venue: Lima
                ---
            """,
        },
    )

    actions, problems = import_path(folder)

    messages = [str(problem).removeprefix(str(folder) + "/") for problem in problems]
    assert messages == [
        "meeting.md:6: bad starts_at 'next tuesday': use YYYY-MM-DD HH:MM, or a "
        "number of days from the import and a time such as +21 days 09:00",
        "memberships.yaml:2: unknown community 'nowhere'",
        "memberships.yaml:4: missing pillar",
        "translation.md:7: a translation shares venue with its source: leave it out",
    ]
    assert Institution.objects.get().name == "Socios Perú"


def test_items_of_a_data_file_share_its_other_keys(content):
    (content / "communities/cusco/memberships.yaml").write_text(
        textwrap.dedent(
            """
            type: membership
            community: cusco
            role: observer
            items:
            - institution: PRODUCE
              role: coordination
            - institution: Socios Perú
            - institution: First Quantum
              community: nowhere
            """
        ).lstrip()
    )

    actions, problems = import_path(content)

    roles = dict(Membership.objects.values_list("institution__name", "role"))
    assert roles == {
        "Ministerio de la Producción": "coordination",
        "Socios Perú": "observer",
    }
    assert [str(problem).split("content/")[1] for problem in problems] == [
        "communities/cusco/memberships.yaml:9: unknown community 'nowhere'"
    ]
