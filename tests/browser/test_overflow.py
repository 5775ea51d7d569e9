"""Nothing scrolls sideways on a 375 px phone: every page type, in both languages.

One world is built for the whole run (long Spanish titles, long institution names,
long URLs, tables of many columns), then each page is visited by the person who
may see it. Each page is also saved as a screenshot in test-results/overflow/, to
look at: a page can fit and still be hard to read.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import Page, get_page_models

from communities.factories import (
    AttributedNoteFactory,
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MeetingPageFactory,
    MembershipFactory,
    WorkPlanPageFactory,
    add_activity,
)
from communities.models import Membership
from communities.services import decide
from intranet.factories import StandardPageFactory, UserFactory
from intranet.translation import translate_page
from resources.factories import (
    CaseStudyChangeFactory,
    CaseStudyPageFactory,
    CaseStudyVoiceFactory,
    DocumentFactory,
    DocumentLibraryPageFactory,
    GoodPracticePageFactory,
    ImageFactory,
)
from resources.models import (
    CaseStudyCommunity,
    CaseStudyDocument,
    CaseStudyGoodPractice,
)
from resources.services import ensure_knowledge_indexes
from tests.browser.conftest import publish

PHONE = {"width": 375, "height": 740}
SCREENSHOTS = Path(settings.BASE_DIR) / "test-results" / "overflow"
LONG_URL = (
    "https://www.minem.gob.pe/minem/archivos/file/Mineria/PUBLICACIONES/ANUARIOS/"
    "2017/Anuario_Minero_2017_Principios_Voluntarios_Seguridad_Derechos_Humanos.pdf"
)
# What the document under a meeting or a case study links to, and its file name.
LONG_FILE_TITLE = (
    "Estudio de factibilidad para la implementación de los Principios Voluntarios "
    "en la macrorregión sur: entrevistas, talleres y recomendaciones"
)

# English → Spanish, for translate_page: Spanish runs longer.
SPANISH = {
    "About the communities of learning and practice": (
        "Acerca de las comunidades de aprendizaje y práctica"
    ),
    "How to join": "Cómo incorporarse a una comunidad",
    "Terms of participation": "Términos y condiciones de participación",
    "Who we are and how the dialogue works between companies, government and "
    "civil society": (
        "Quiénes somos y cómo funciona el diálogo entre empresas, Estado y "
        "sociedad civil organizada"
    ),
    "Communities": "Comunidades",
    "National Working Group on the Voluntary Principles on Security and Human Rights": (
        "Grupo de Trabajo Nacional sobre los Principios Voluntarios de Seguridad y "
        "Derechos Humanos en el Sector Extractivo"
    ),
    "A trusted space where companies, the State and civil society talk about "
    "security around mining operations.": (
        "Un espacio de confianza donde empresas, Estado y sociedad civil dialogan "
        "sobre la seguridad en torno a las operaciones mineras."
    ),
    "Members area": "Área de miembros",
    "Quarterly plenary on the use of force by private security companies around "
    "mining operations": (
        "Sesión plenaria trimestral sobre el uso de la fuerza por empresas de "
        "seguridad privada en torno a las operaciones mineras"
    ),
    "Work plan 2017–2018": "Plan de trabajo 2017–2018",
    "Library of the working group": "Biblioteca del grupo de trabajo",
    "From a regional dialogue to a permanent working group in Cusco": (
        "De un diálogo regional a un grupo de trabajo permanente en Cusco"
    ),
    "Agree the confidentiality rule before the first meeting": (
        "Acordar la regla de confidencialidad antes de la primera reunión"
    ),
}


def _spanish(*keys):
    return {key: SPANISH[key] for key in keys}


def build_world(home):
    """Pages of every type in English and Spanish, and the people who see them."""
    spanish_home = translate_page(home, "es", {"Minka": "Minka"})

    # Site-wide pages: a menu with long Spanish titles, a body with a wide image.
    for title in (
        "About the communities of learning and practice",
        "How to join",
        "Terms of participation",
    ):
        translate_page(
            publish(StandardPageFactory(parent=home, title=title, show_in_menus=True)),
            "es",
            _spanish(title),
        )
    title = (
        "Who we are and how the dialogue works between companies, government and "
        "civil society"
    )
    standard = publish(
        StandardPageFactory(
            parent=home,
            title=title,
            slug="who-we-are",
            intro="Minka is convened by a neutral secretariat.",
            body=[
                ("heading", {"text": "Documents of reference", "level": "h2"}),
                (
                    "paragraph",
                    f'<p>The yearbook is at <a href="{LONG_URL}">{LONG_URL}</a>.</p>',
                ),
                (
                    "image",
                    {
                        "image": ImageFactory(file__width=1600, file__height=400),
                        "alt_text": "A plenary",
                        "caption": "Lima, 2017",
                    },
                ),
                (
                    "quote",
                    {
                        "quote": "For the first time we sat at one table.",
                        "attribution": "Representative of a rondas campesinas "
                        "federation",
                    },
                ),
            ],
        )
    )
    standard_es = translate_page(standard, "es", _spanish(title))

    # A community, its members area and everything members-only below it.
    index = CommunityIndexPageFactory(parent=home)
    translate_page(index, "es", _spanish("Communities"))
    community = CommunityPageFactory(
        parent=index,
        slug="voluntary-principles",
        title=(
            "National Working Group on the Voluntary Principles on Security and "
            "Human Rights"
        ),
        kind="working_group",
        region="Lima Metropolitana y Callao",
        founded_on=datetime.date(2010, 3, 1),
        summary=(
            "A trusted space where companies, the State and civil society talk "
            "about security around mining operations."
        ),
        purpose=f"<p>Guidance in the yearbook: {LONG_URL}</p>",
        meeting_cadence="Quarterly, and whenever members ask",
        meeting_duration_minutes=120,
        confidentiality_rule="chatham_house",
    )
    publish(community)
    community_es = translate_page(
        community,
        "es",
        _spanish(
            "National Working Group on the Voluntary Principles on Security and "
            "Human Rights",
            "A trusted space where companies, the State and civil society talk "
            "about security around mining operations.",
        ),
    )
    area = community.members_area()
    area_es = translate_page(area, "es", _spanish("Members area"))
    coordination = community.coordination_area()
    coordination_es = translate_page(
        coordination, "es", {"Coordination group": "Grupo de coordinación"}
    )

    institutions = [
        InstitutionFactory(
            name=(
                "Superintendencia Nacional de Control de Servicios de Seguridad, "
                "Armas, Municiones y Explosivos de Uso Civil"
            ),
            acronym="SUCAMEC",
            pillar="government",
            website=LONG_URL,
        ),
        InstitutionFactory(
            name="Confederación Nacional de Instituciones Empresariales Privadas",
            acronym="CONFIEP",
            pillar="company",
        ),
        InstitutionFactory(
            name="Coordinadora Nacional de Derechos Humanos",
            acronym="CNDDHH",
            pillar="civil_society",
        ),
        InstitutionFactory(
            name="Pontificia Universidad Católica del Perú",
            acronym="PUCP",
            pillar="academia",
        ),
        InstitutionFactory(
            name="Embajada del Reino de los Países Bajos",
            name_en="Embassy of the Kingdom of the Netherlands",
            acronym="",
            pillar="observer",
        ),
    ]

    def person(username, first_name, last_name):
        return UserFactory(
            username=username, first_name=first_name, last_name=last_name
        )

    member = person("member", "Rosa María", "Quispe Huamán de la Cruz")
    moderator = person("moderator", "José Antonio", "Fernández-Baca Villanueva")
    applicant = person("applicant", "Ana Lucía", "Mamani Choquehuanca")
    outsider = person("outsider", "Kwame", "Mensah-Bonsu")
    roles = [Membership.Role.PLENARY, Membership.Role.COORDINATION]
    for number, institution in enumerate(institutions):
        MembershipFactory(
            community=community,
            institution=institution,
            role=roles[min(number, 1)],
            representatives=[member] if number == 0 else [moderator],
        )
    MembershipFactory(
        community=community,
        institution=InstitutionFactory(
            name="Asociación Interétnica de Desarrollo de la Selva Peruana",
            acronym="AIDESEP",
            pillar="civil_society",
        ),
        status=Membership.Status.APPLIED,
        submitted_by=applicant,
        submitted_at=timezone.now(),
        letter="We work with indigenous peoples near the mines.\n" * 3,
        motivation="To bring the voice of Amazonian peoples to the table.",
    )
    declined = MembershipFactory(
        community=community,
        institution=InstitutionFactory(
            name="Federación Departamental de Rondas Campesinas de Cajamarca",
            acronym="",
            pillar="civil_society",
        ),
        status=Membership.Status.APPLIED,
        submitted_by=applicant,
        submitted_at=timezone.now() - datetime.timedelta(days=40),
    )
    decide(
        declined,
        approved=False,
        by=moderator,
        reason=(
            "La federación trabaja en otra región; la invitamos al grupo de Cusco "
            "cuando se abra la convocatoria."
        ),
    )

    meeting_title = (
        "Quarterly plenary on the use of force by private security companies "
        "around mining operations"
    )
    meeting = MeetingPageFactory(
        parent=area,
        title=meeting_title,
        starts_at=timezone.now().replace(microsecond=0) - datetime.timedelta(days=9),
        venue="Auditorio de la Sociedad Nacional de Minería, Petróleo y Energía",
        agenda=(
            "Private security companies and the new regulation of SUCAMEC\n"
            "Use of force: agreements between the Policía Nacional and companies"
        ),
        guests="Defensoría del Pueblo — Adjuntía para la Prevención de Conflictos",
        minutes=f"<p>Members read the yearbook ({LONG_URL}).</p>",
    )
    meeting.attended_by.set(institutions)
    publish(meeting)
    AttributedNoteFactory(meeting=meeting, speaker_institution=institutions[0])
    meeting_es = translate_page(meeting, "es", _spanish(meeting_title))
    MeetingPageFactory(parent=area, title="Plenaria de diciembre")

    plan = publish(
        WorkPlanPageFactory(
            parent=area,
            title="Work plan 2017–2018",
            objectives="<p>Train the regional police and private guards.</p>",
        )
    )
    for number in range(4):
        add_activity(
            plan,
            title=(
                "Workshop on security and human rights for the regional police "
                f"and private security guards, number {number + 1}"
            ),
            date=datetime.date(2017, 2 + number, 10),
            status="held" if number % 2 else "planned",
            participants_police=79,
            participants_security_providers=31,
            assigned_institutions=institutions[:3],
        )
    plan_es = translate_page(plan, "es", _spanish("Work plan 2017–2018"))

    library = publish(
        DocumentLibraryPageFactory(
            parent=area,
            title="Library of the working group",
            collection=community.collection,
        )
    )
    library_es = translate_page(library, "es", _spanish("Library of the working group"))
    for number in range(3):
        DocumentFactory(
            title=f"{LONG_FILE_TITLE} ({number + 1})",
            collection=community.collection,
            document_type="study",
            language="es",
            date=datetime.date(2017, 6, 30),
            description=f"Seventy-two interviews; the full text at {LONG_URL}",
            tags=["seguridad privada", "derechos humanos"],
        )

    # The knowledge base: case studies, good practices, public publications.
    english = ensure_knowledge_indexes("en")
    spanish = ensure_knowledge_indexes("es")
    document = DocumentFactory(
        title=LONG_FILE_TITLE,
        collection=english["publications_collection"],
        document_type="study",
        date=datetime.date(2017, 6, 30),
        description="Seventy-two interviews in the mining regions of southern Peru.",
        tags=["feasibility"],
    )
    practice_title = "Agree the confidentiality rule before the first meeting"
    practice = publish(
        GoodPracticePageFactory(
            parent=english["good_practices"],
            title=practice_title,
            tags=["confidencialidad", "reglas de trabajo"],
        )
    )
    practice_es = translate_page(practice, "es", _spanish(practice_title))
    case_title = "From a regional dialogue to a permanent working group in Cusco"
    case = CaseStudyPageFactory(
        parent=english["case_studies"],
        title=case_title,
        region="Cusco, Apurímac y Arequipa (corredor minero del sur)",
        pillars=["company", "government", "civil_society", "academia", "observer"],
        tags=["seguridad", "diálogo multiactor", "principios voluntarios"],
        approach=f"<p>A feasibility study: {LONG_URL}</p>",
    )
    CaseStudyChangeFactory(
        page=case,
        from_text="Desconfianza entre la policía y las comunidades campesinas",
    )
    CaseStudyVoiceFactory(
        page=case,
        speaker_role="Presidenta de la Federación Departamental de Rondas Campesinas",
    )
    CaseStudyCommunity.objects.create(page=case, community=community)
    CaseStudyGoodPractice.objects.create(page=case, good_practice=practice)
    CaseStudyDocument.objects.create(page=case, document=document)
    publish(case)
    case_es = translate_page(case, "es", _spanish(case_title))

    # Someone who never logs in here: a login would void the reset link.
    forgetful = person("forgetful", "Akosua", "Owusu-Ansah")
    token = default_token_generator.make_token(forgetful)
    uid = urlsafe_base64_encode(force_bytes(forgetful.pk))
    slug = community.slug
    pages = {  # name → (who, English path, Spanish path)
        "home": ("visitor", home.url, spanish_home.url),
        "home-member": ("member", home.url, spanish_home.url),
        "standard": ("visitor", standard.url, standard_es.url),
        "community-index": ("visitor", index.url, community_es.get_parent().url),
        "community": ("visitor", community.url, community_es.url),
        "community-member": ("member", community.url, community_es.url),
        "community-my-requests": ("applicant", community.url, community_es.url),
        "members-area": ("member", area.url, area_es.url),
        "coordination-area": ("moderator", coordination.url, coordination_es.url),
        "meeting": ("moderator", meeting.url, meeting_es.url),
        "work-plan": ("member", plan.url, plan_es.url),
        "library-members": ("member", library.url, library_es.url),
        "library-public": (
            "visitor",
            english["publications"].url,
            spanish["publications"].url,
        ),
        "case-studies": (
            "visitor",
            english["case_studies"].url,
            spanish["case_studies"].url,
        ),
        "case-study": ("visitor", case.url, case_es.url),
        "good-practices": (
            "visitor",
            english["good_practices"].url,
            spanish["good_practices"].url,
        ),
        "good-practice": ("visitor", practice.url, practice_es.url),
        "directory": ("member", f"/communities/{slug}/directory/", None),
        "dashboard": ("member", f"/communities/{slug}/dashboard/", None),
        "applications": ("moderator", f"/communities/{slug}/applications/", None),
        "apply": ("outsider", f"/communities/{slug}/apply/", None),
        "apply-pending": ("applicant", f"/communities/{slug}/apply/", None),
        "nominate": ("member", f"/communities/{slug}/nominate/", None),
        "search": (
            "member",
            "/search/?q=security&country=PE&kind=case_study&all_languages=1",
            None,
        ),
        "login": ("visitor", "/accounts/login/", None),
        "login-refused": ("outsider", f"/accounts/login/?next={area.url}", None),
        "password-reset": ("visitor", "/accounts/password/reset/", None),
        "password-reset-sent": ("visitor", "/accounts/password/reset/sent/", None),
        "password-reset-confirm": (
            "visitor",
            f"/accounts/password/reset/{uid}/{token}/",
            None,
        ),
        "password-reset-complete": (
            "visitor",
            "/accounts/password/reset/complete/",
            None,
        ),
        "404": ("visitor", "/no-such-page/", None),
        "403": ("member", f"/communities/{slug}/applications/", None),
    }
    people = {
        "member": member,
        "moderator": moderator,
        "applicant": applicant,
        "outsider": outsider,
    }
    shown = (home, standard, index, community, area, coordination, meeting, plan)
    shown += (library, case)
    shown += (practice, *english.values())
    page_types = {type(page.specific) for page in shown if isinstance(page, Page)}
    return pages, people, page_types


# The deepest elements that stick out to the right (their box or their text), to
# say where an overflow comes from.
MEASURE = """() => {
    const root = document.documentElement;
    const wide = [];
    for (const element of document.body.querySelectorAll('*')) {
        const box = element.getBoundingClientRect();
        const spills = getComputedStyle(element).overflowX === 'visible'
            && element.scrollWidth > element.clientWidth + 1
            && box.left + element.scrollWidth > root.clientWidth + 1;
        if ((box.width && box.right > root.clientWidth + 1) || spills) {
            const classes = typeof element.className === 'string'
                ? element.className.trim().split(/\\s+/).filter(Boolean) : [];
            wide.push([element.tagName.toLowerCase(), ...classes].join('.'));
        }
    }
    return {scroll: root.scrollWidth, client: root.clientWidth,
            wide: wide.slice(-4)};
}"""


# What a page that is not there, or not for this person, answers.
STATUS = {"404": 404, "403": 403}


def test_no_page_scrolls_sideways_at_375_pixels(site, home, open_context):
    pages, people, page_types = build_world(home)
    project_types = {
        model
        for model in get_page_models()
        if model._meta.app_label in ("intranet", "communities", "resources", "search")
    }
    assert project_types <= page_types, project_types - page_types
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    tabs = {}

    def tab_for(who):
        """One phone per person, signed in with a session of their own."""
        if who not in tabs:
            context = open_context(viewport=PHONE, is_mobile=True, has_touch=True)
            if who != "visitor":
                client = Client()
                client.force_login(people[who])
                session = client.cookies[settings.SESSION_COOKIE_NAME].value
                context.add_cookies(
                    [
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": session,
                            "url": site,
                        }
                    ]
                )
            tabs[who] = context.new_page()
        return tabs[who]

    failures = []
    for name, (who, english_path, spanish_path) in pages.items():
        for language, path in (
            ("en", english_path),
            ("es", spanish_path or "/es" + english_path),
        ):
            tab = tab_for(who)
            response = tab.goto(site + path)
            tab.screenshot(path=SCREENSHOTS / f"{language}-{name}.png", full_page=True)
            where = f"{language}-{name} {path} as {who}"
            # The page itself, not a login page or an error in its place.
            shown = (response.status, "/accounts/login/" in tab.url)
            expected = (STATUS.get(name, 200), "/accounts/login/" in path)
            lang = tab.evaluate("document.documentElement.lang")
            if shown != expected or lang != language:
                failures.append(f"{where}: shows {shown}, lang={lang}")
            widths = tab.evaluate(MEASURE)
            if widths["scroll"] > widths["client"]:
                failures.append(f"{where}: {widths}")

    assert not failures, "\n".join(failures)
