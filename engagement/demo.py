"""Demo: each community's progress along the ten steps, as its history tells
it, and owners and review dates for the knowledge base.

The Lima working group (since 2010) has taken nearly every step; the Cusco
group (August 2017) has its core group, study, topics and first work plan but
is still widening; the Ghana group (2016) is at its start. Notes are written
in each group's own language: Spanish for the Peruvian groups.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from communities.models import Activity, CommunityPage, MeetingPage, WorkPlanPage
from resources.models import CaseStudyPage, GoodPracticePage

from .models import Step, StepStatus, Tracker, TrackerStep
from .tracker import tracker_of

DONE, UNDER_WAY = StepStatus.DONE, StepStatus.IN_PROGRESS

# For each community: public summary?, and per step (status, date, note,
# evidence). Evidence names a meeting by its slug in either language, or a
# work-plan activity by its date.
PROGRESS = {
    "lima": (
        True,
        {
            Step.LEADERSHIP: (
                DONE,
                datetime.date(2010, 3, 1),
                "Socios Perú asume la secretaría como convocante neutral; las "
                "empresas, el Estado y la sociedad civil aceptan su papel.",
                {},
            ),
            Step.FIRST_MEETING: (
                DONE,
                datetime.date(2010, 6, 1),
                "Primera reunión del grupo nacional en Lima, con empresas "
                "miembros de los Principios Voluntarios y embajadas.",
                {},
            ),
            Step.SCOPING_STUDY: (
                DONE,
                datetime.date(2010, 9, 1),
                "Diagnóstico de los retos de seguridad y derechos humanos en "
                "las operaciones mineras del país.",
                {},
            ),
            Step.PARTICIPATION_CRITERIA: (
                DONE,
                datetime.date(2011, 1, 1),
                "Participan instituciones, no personas: empresas, Estado, "
                "sociedad civil y observadores.",
                {},
            ),
            Step.WORKING_RULES: (
                DONE,
                datetime.date(2011, 1, 1),
                "Regla de Chatham House y reuniones trimestrales de duración fija.",
                {},
            ),
            Step.MANAGEMENT_LEVELS: (
                DONE,
                datetime.date(2011, 6, 1),
                "Plenaria, grupo de coordinación y secretaría técnica.",
                {},
            ),
            Step.WORK_PLAN: (
                DONE,
                datetime.date(2012, 1, 1),
                "Planes de trabajo plurianuales con capacitación, promoción y "
                "evaluaciones.",
                {"activity": "first"},
            ),
            Step.DISCUSSION_TOPICS: (
                DONE,
                datetime.date(2015, 3, 12),
                "Uso de la fuerza, seguridad privada y relación con la policía.",
                {"meeting": "plenaria-ley-de-seguridad-privada"},
            ),
            Step.RELATIONS_ALLIANCES: (
                DONE,
                datetime.date(2016, 1, 1),
                "Alianzas con DCAF y el CICR; sus lecciones dan origen a la "
                "herramienta de los diez pasos.",
                {},
            ),
            Step.STATE_COMMITMENT: (
                UNDER_WAY,
                None,
                "Los ministerios participan; falta un compromiso formal del Estado "
                "con los Principios Voluntarios.",
                {},
            ),
        },
    ),
    "cusco": (
        True,
        {
            Step.LEADERSHIP: (
                DONE,
                datetime.date(2017, 8, 24),
                "El Ministerio de la Producción asume la coordinación del grupo "
                "impulsor.",
                {"meeting": "constitucion-del-grupo"},
            ),
            Step.FIRST_MEETING: (
                DONE,
                datetime.date(2017, 8, 24),
                "Reunión de constitución del grupo regional.",
                {"meeting": "constitucion-del-grupo"},
            ),
            Step.SCOPING_STUDY: (
                DONE,
                datetime.date(2017, 6, 30),
                "Estudio de factibilidad en la Macro Sur: 72 actores entrevistados "
                "y talleres en cada región.",
                {},
            ),
            Step.PARTICIPATION_CRITERIA: (
                UNDER_WAY,
                None,
                "Se busca sumar más empresas, autoridades y organizaciones de la "
                "sociedad civil.",
                {},
            ),
            Step.WORKING_RULES: (UNDER_WAY, None, "", {}),
            Step.MANAGEMENT_LEVELS: (StepStatus.NOT_STARTED, None, "", {}),
            Step.WORK_PLAN: (
                DONE,
                datetime.date(2017, 12, 7),
                "Plan de trabajo para 2018 aprobado a fines de 2017.",
                {"activity": "first"},
            ),
            Step.DISCUSSION_TOPICS: (
                DONE,
                datetime.date(2017, 8, 24),
                "Conflictos sociales, diálogo, prevención y capacitación.",
                {},
            ),
            Step.RELATIONS_ALLIANCES: (
                UNDER_WAY,
                None,
                "Apoyo de DCAF y del grupo nacional de Lima.",
                {},
            ),
            Step.STATE_COMMITMENT: (StepStatus.NOT_STARTED, None, "", {}),
        },
    ),
    "ghana": (
        False,
        {
            Step.LEADERSHIP: (
                UNDER_WAY,
                None,
                "A national leadership group is forming around the Tarkwa roadmap.",
                {},
            ),
            Step.FIRST_MEETING: (
                DONE,
                datetime.date(2016, 1, 20),
                "The Tarkwa dialogue agreed a roadmap for small-scale mining.",
                {"meeting": "roadmap-follow-up"},
            ),
            Step.DISCUSSION_TOPICS: (
                UNDER_WAY,
                None,
                "The roadmap's four priorities shared out among members.",
                {"meeting": "roadmap-follow-up"},
            ),
        },
    ),
}


def _community(slug):
    return (
        CommunityPage.objects.filter(slug=slug)
        .order_by("pk")  # the page written first: its translation's source
        .first()
    )


def _evidence(community, spec):
    found = {}
    if "meeting" in spec:
        found["meeting"] = (
            MeetingPage.objects.descendant_of(community)
            .filter(slug=spec["meeting"])
            .first()
        )
    if "activity" in spec:
        found["activity"] = (
            Activity.objects.filter(
                plan__in=WorkPlanPage.objects.descendant_of(community)
            )
            .exclude(date=None)
            .order_by("date", "pk")
            .first()
        )
    return found


def load(loader):
    for slug, (public, steps) in PROGRESS.items():
        community = _community(slug)
        if community is None:
            continue
        tracker = tracker_of(community)
        Tracker.objects.filter(pk=tracker.pk).update(public_summary=public)
        for step, (status, reached_on, note, evidence) in steps.items():
            TrackerStep.objects.filter(tracker=tracker, step=step).update(
                status=status,
                reached_on=reached_on,
                note=note,
                **_evidence(community, evidence),
            )
    loader.progress("The ten steps: Lima mature, Cusco part-way, Ghana at its start")

    editor = get_user_model().objects.filter(username="editor").first()
    today = timezone.localdate()
    # One overdue, one due within the month, the rest next year.
    dates = [today - datetime.timedelta(days=20), today + datetime.timedelta(days=14)]
    for model in (CaseStudyPage, GoodPracticePage):
        for page in model.objects.filter(locale__language_code="en").order_by("pk"):
            review_on = dates.pop(0) if dates else today + datetime.timedelta(days=365)
            model.objects.filter(translation_key=page.translation_key).update(
                content_owner=editor, review_on=review_on
            )
    loader.progress("Owners and review dates for case studies and good practices")


def reset(loader):
    TrackerStep.objects.all().delete()
    Tracker.objects.all().delete()
