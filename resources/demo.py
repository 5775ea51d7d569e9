# ruff: noqa: E501 - bilingual demo sentences read better unbroken
"""Knowledge-base demo content, in English and Spanish, drawn from the seed
stories (in our own words): case studies, the ten working-group steps as good
practices, a public Publications library and a members-only library for each
community, with real PDF files that contain text.

The Peruvian case studies and the libraries of the Peruvian communities are
written in Spanish first and translated to English; the rest in English first
and translated to Spanish. Texts are (English, Spanish) pairs either way.

Everything is got-or-created by slug or title, so loading twice adds nothing.
"""

import datetime

from django.core.files.base import ContentFile
from taggit.models import Tag
from wagtail.models import Page

from intranet.demo import (
    LANGUAGES,
    SPANISH_REGIONS,
    in_language,
    other_language,
    translations,
    written_in,
)
from intranet.models import TopicLabel

from .models import (
    CaseStudyChange,
    CaseStudyCommunity,
    CaseStudyGoodPractice,
    CaseStudyPage,
    CaseStudyVoice,
    Document,
    DocumentLibraryPage,
    GoodPracticePage,
)
from .pdf import pdf_bytes
from .services import ensure_knowledge_indexes

# (slug, theme, (title en, es), (summary en, es), (practice en, es))
GOOD_PRACTICES = [
    (
        "find-a-champion",
        "leadership",
        (
            "Find a champion, then share the lead",
            "Encontrar un impulsor y luego compartir el liderazgo",
        ),
        (
            "One person or institution starts the group; collective ownership keeps it alive.",
            "Una persona o institución inicia el grupo; la propiedad colectiva lo mantiene vivo.",
        ),
        (
            "Let one convinced actor convene companies, government and civil society, and "
            "hand leadership to the group as soon as it can carry it.",
            "Deje que un actor convencido convoque a empresas, Estado y sociedad civil, y "
            "traspase el liderazgo al grupo en cuanto pueda asumirlo.",
        ),
    ),
    (
        "first-meeting",
        "first_meeting",
        ("Open with a small core group", "Empezar con un núcleo pequeño"),
        (
            "A few key actors from each pillar launch the group and set long-term objectives.",
            "Unos pocos actores clave de cada pilar lanzan el grupo y fijan objetivos de largo plazo.",
        ),
        (
            "Invite a handful of actors per pillar, formally invite observers too, and agree "
            "objectives and first joint activities at the constituent meeting.",
            "Invite a unos pocos actores por pilar, invite formalmente también a los "
            "observadores y acuerde objetivos y primeras actividades en la reunión constitutiva.",
        ),
    ),
    (
        "scoping-study",
        "scoping_study",
        ("Start with a scoping study", "Empezar con un estudio de diagnóstico"),
        (
            "Interviews map the situation and make the first contacts with future members.",
            "Las entrevistas retratan la situación y abren los primeros contactos con futuros miembros.",
        ),
        (
            "Interview companies, embassies, officials and NGOs about the state of security and "
            "human rights before the group is founded, and publish what you learn.",
            "Entreviste a empresas, embajadas, funcionarios y ONG sobre la situación de "
            "seguridad y derechos humanos antes de fundar el grupo, y publique lo aprendido.",
        ),
    ),
    (
        "participation-criteria",
        "participation_criteria",
        ("Agree who may join", "Acordar quién puede participar"),
        (
            "Members represent institutions, work on the topic and are respected by peers.",
            "Los miembros representan a instituciones, trabajan en el tema y son respetados por sus pares.",
        ),
        (
            "Write membership criteria from the start, accept applications by letter or "
            "nomination, and invite community representatives when NGOs cannot speak for them.",
            "Defina criterios de membresía desde el inicio, acepte solicitudes por carta o "
            "nominación e invite a representantes comunitarios cuando las ONG no los representen.",
        ),
    ),
    (
        "working-rules",
        "working_rules",
        ("Set clear working rules", "Fijar reglas de trabajo claras"),
        (
            "Quarterly two-hour meetings under the Chatham House Rule build trust.",
            "Reuniones trimestrales de dos horas bajo la regla de Chatham House generan confianza.",
        ),
        (
            "Agree the meeting cadence and length, decide topics and venue for the next meeting "
            "before leaving, and circulate unattributed minutes to members only.",
            "Acuerde frecuencia y duración de las reuniones, decida temas y lugar de la siguiente "
            "antes de cerrar y circule actas sin atribuciones solo entre miembros.",
        ),
    ),
    (
        "management-levels",
        "management_levels",
        ("Three management levels", "Tres niveles de gestión"),
        (
            "A plenary, a coordination group with every pillar, and a neutral secretariat.",
            "Un plenario, un grupo de coordinación con todos los pilares y una secretaría neutral.",
        ),
        (
            "Give the plenary the decisions, the coordination group the preparation, and a "
            "respected neutral secretariat the convening and the minutes.",
            "Deje las decisiones al plenario, la preparación al grupo de coordinación y la "
            "convocatoria y las actas a una secretaría neutral y respetada.",
        ),
    ),
    (
        "work-plan",
        "work_plan",
        (
            "A yearly work plan with tasks for every pillar",
            "Un plan de trabajo anual con tareas para cada pilar",
        ),
        (
            "Between 2010 and 2015 the Lima group held 28 activities with 2,213 participants.",
            "Entre 2010 y 2015 el grupo de Lima realizó 28 actividades con 2213 participantes.",
        ),
        (
            "Plan at least a year of training, promotion, studies, visits and monitoring, and "
            "assign each activity to member institutions.",
            "Planifique al menos un año de capacitación, difusión, estudios, visitas y "
            "seguimiento, y asigne cada actividad a instituciones miembro.",
        ),
    ),
    (
        "discussion-topics",
        "discussion_topics",
        ("Choose topics members need", "Elegir temas que los miembros necesitan"),
        (
            "Useful topics, good speakers and varied formats keep members coming.",
            "Temas útiles, buenos ponentes y formatos variados mantienen el interés.",
        ),
        (
            "Pick topics from members' daily work, such as private security law or police "
            "agreements, and listen to all sides without intervening in incidents.",
            "Elija temas del trabajo diario de los miembros, como la ley de seguridad privada o "
            "los convenios con la policía, y escuche a todas las partes sin intervenir en incidentes.",
        ),
    ),
    (
        "relations-and-alliances",
        "relations_alliances",
        ("Build alliances beyond the group", "Tejer alianzas más allá del grupo"),
        (
            "Outreach to ministries, police and related initiatives widens the group's reach.",
            "El acercamiento a ministerios, policía e iniciativas afines amplía el alcance del grupo.",
        ),
        (
            "Encourage members to reach out jointly or alone, and invite non-members as guest "
            "speakers on the topics they know.",
            "Anime a los miembros a hacer incidencia juntos o por separado e invite a no "
            "miembros como ponentes en los temas que dominan.",
        ),
    ),
    (
        "state-commitment",
        "state_commitment",
        (
            "Secure the state's active commitment",
            "Lograr el compromiso activo del Estado",
        ),
        (
            "Officials who take part lend credibility and help carry out the work plan.",
            "Los funcionarios que participan dan credibilidad y ayudan a ejecutar el plan de trabajo.",
        ),
        (
            "Invite the ministries concerned from the start and ask for concrete commitments, "
            "not just attendance.",
            "Invite desde el inicio a los ministerios involucrados y pida compromisos concretos, "
            "no solo asistencia.",
        ),
    ),
]

# slug, language written in, titles, country, region, years, pillars, topics,
# community slug, texts
CASE_STUDIES = [
    {
        "slug": "ghana-tarkwa-dialogue",
        "language": "en",
        "title": (
            "A national dialogue on small-scale mining in Tarkwa",
            "Un diálogo nacional sobre minería a pequeña escala en Tarkwa",
        ),
        "country": "GH",
        "region": "Western Region",
        "years": (2015, 2016),
        "pillars": ["government", "company", "civil_society", "academia"],
        "topics": ["artisanal mining", "dialogue"],
        "community": "ghana",
        "summary": (
            "Six months of research led to a four-day dialogue in January 2016 "
            "and a Learning and Leadership Group to carry the reform roadmap.",
            "Seis meses de investigación llevaron a un diálogo de cuatro días en enero "
            "de 2016 y a un Grupo de Aprendizaje y Liderazgo que impulsa la hoja de ruta.",
        ),
        "challenge": (
            "Artisanal miners were seen as a problem, and policy was made without them.",
            "La minería artesanal se veía como un problema y las políticas se hacían sin ella.",
        ),
        "approach": (
            "Research in the field, pre-dialogue workshops and two days of site visits "
            "put miners, companies, officials and academics on an equal footing.",
            "Investigación de campo, talleres previos y dos días de visitas a minas "
            "pusieron en pie de igualdad a mineros, empresas, funcionarios y académicos.",
        ),
        "results": (
            "Participants agreed a roadmap for sector reform and appointed leaders to guide it.",
            "Los participantes acordaron una hoja de ruta para reformar el sector y designaron líderes.",
        ),
        "lessons": (
            "Starting in the field moves the talk from blame to the future.",
            "Empezar en el terreno lleva la conversación de la culpa al futuro.",
        ),
        "changes": [
            (
                (
                    "Outdated policy on small-scale mining",
                    "Integrated, informed policy",
                ),
                (
                    "Políticas desactualizadas sobre la pequeña minería",
                    "Políticas integradas e informadas",
                ),
            )
        ],
        "voice": (
            (
                "Together we can build a respected sector that creates jobs.",
                "Juntos podemos construir un sector respetado que crea empleo.",
            ),
            (
                "Head of a national minerals regulator",
                "Director de un regulador minero nacional",
            ),
        ),
        "practices": ["first-meeting"],
    },
    {
        "slug": "cusco-regional-group",
        "language": "es",
        "title": (
            "Founding a regional working group in Cusco",
            "La fundación de un grupo de trabajo regional en Cusco",
        ),
        "country": "PE",
        "region": "Cusco",
        "years": (2017, 2018),
        "pillars": ["government", "company", "civil_society", "observer"],
        "topics": ["security", "human rights"],
        "community": "cusco",
        "summary": (
            "A feasibility study with 72 interviews led to a regional group founded in "
            "August 2017, which trained 115 people, 83 of them police officers.",
            "Un estudio de factibilidad con 72 entrevistas llevó a fundar un grupo "
            "regional en agosto de 2017, que capacitó a 115 personas, 83 de ellas policías.",
        ),
        "challenge": (
            "Southern mining regions had no local space to discuss security and human rights.",
            "Las regiones mineras del sur no tenían un espacio local para tratar seguridad y derechos humanos.",
        ),
        "approach": (
            "Research from February to June 2017, regional workshops, then a core group "
            "coordinated by a ministry with police, three companies and two NGOs.",
            "Investigación de febrero a junio de 2017, talleres regionales y luego un "
            "núcleo coordinado por un ministerio con policía, tres empresas y dos ONG.",
        ),
        "results": (
            "A work plan for 2018 and outreach to new members.",
            "Un plan de trabajo para 2018 y acercamiento a nuevos miembros.",
        ),
        "lessons": (
            "A young group needs support beyond its first months to last.",
            "Un grupo joven necesita apoyo más allá de sus primeros meses para perdurar.",
        ),
        "changes": [
            (
                ("Security discussed only in Lima", "A regional table in Cusco"),
                ("La seguridad se discutía solo en Lima", "Una mesa regional en Cusco"),
            )
        ],
        "voice": None,
        "practices": ["scoping-study", "first-meeting"],
    },
    {
        "slug": "lima-first-years",
        "language": "es",
        "title": (
            "The Lima working group's first years",
            "Los primeros años del grupo de trabajo de Lima",
        ),
        "country": "PE",
        "region": "Lima",
        "years": (2010, 2015),
        "pillars": ["government", "company", "civil_society", "observer"],
        "topics": ["security", "human rights", "trust"],
        "community": "lima",
        "summary": (
            "From a 2010 study to a trusted space of 29 institutions that met every "
            "quarter and held 28 activities.",
            "De un estudio de 2010 a un espacio de confianza de 29 instituciones que "
            "se reunió cada trimestre y realizó 28 actividades.",
        ),
        "challenge": (
            "Companies, state and civil society distrusted each other on security.",
            "Empresas, Estado y sociedad civil desconfiaban entre sí en temas de seguridad.",
        ),
        "approach": (
            "A neutral secretariat, quarterly meetings and the Chatham House Rule.",
            "Una secretaría neutral, reuniones trimestrales y la regla de Chatham House.",
        ),
        "results": (
            "2,213 people trained, from police officers to community leaders.",
            "2213 personas capacitadas, de policías a líderes comunitarios.",
        ),
        "lessons": (
            "The state must take part actively, not only attend.",
            "El Estado debe participar activamente, no solo asistir.",
        ),
        "changes": [
            (
                ("Distrust between sectors", "A trusted space for dialogue"),
                ("Desconfianza entre sectores", "Un espacio de diálogo de confianza"),
            )
        ],
        "voice": None,
        "practices": ["working-rules", "management-levels", "work-plan"],
    },
    {
        "slug": "moquegua-community-design",
        "language": "es",
        "title": (
            "Designing a community of learning in Moquegua",
            "El diseño de una comunidad de aprendizaje en Moquegua",
        ),
        "country": "PE",
        "region": "Moquegua",
        "years": (2018, None),
        "pillars": ["government", "company", "civil_society", "academia"],
        "topics": ["governance", "trust"],
        "community": "moquegua",
        "summary": (
            "A neutral space built with regional actors on mutual respect, "
            "transparency and commitment, kept apart from negotiation.",
            "Un espacio neutral construido con actores regionales sobre respeto mutuo, "
            "transparencia y compromiso, separado de la negociación.",
        ),
        "challenge": (
            "Dialogue in mining regions easily turns into negotiation.",
            "En regiones mineras el diálogo se convierte fácilmente en negociación.",
        ),
        "approach": (
            "Participatory design and roles defined from the beginning for each actor.",
            "Diseño participativo y roles definidos desde el inicio para cada actor.",
        ),
        "results": (
            "Members exchange experiences and find good practices for the region.",
            "Los miembros intercambian experiencias y encuentran buenas prácticas para la región.",
        ),
        "lessons": (
            "Representatives need their institution's full backing to speak freely.",
            "Los representantes necesitan el respaldo pleno de su institución para hablar con libertad.",
        ),
        "changes": [],
        "voice": None,
        "practices": ["participation-criteria"],
    },
]

PUBLIC_DOCUMENTS = [
    (
        "Ten steps to promote the Voluntary Principles",
        "toolkit",
        "en",
        datetime.date(2016, 8, 31),
        [
            "A working group starts with a champion, a core group and a scoping study.",
            "Quarterly meetings under the Chatham House Rule build trust among pillars.",
        ],
    ),
    (
        "Estudio de factibilidad de la Macro Sur",
        "study",
        "es",
        datetime.date(2017, 6, 30),
        [
            "Setenta y dos entrevistas en regiones mineras del sur del Perú.",
            "El estudio recomendó crear un grupo regional en Cusco.",
        ],
    ),
]


def _good_practices(loader, index):
    pages = {}
    for slug, theme, title, summary, practice in GOOD_PRACTICES:
        page = GoodPracticePage.objects.child_of(index).filter(slug=slug).first()
        if page is None:
            page = GoodPracticePage(
                title=title[0],
                slug=slug,
                theme=theme,
                summary=summary[0],
                practice=f"<p>{practice[0]}</p>",
                where_it_applies="Multi-stakeholder working groups on mining.",
            )
            index.add_child(instance=page)
            page.save_revision().publish()
            loader.translate(
                page,
                {
                    title[0]: title[1],
                    summary[0]: summary[1],
                    practice[0]: practice[1],
                    slug: slug,
                    "Multi-stakeholder working groups on mining.": "Grupos de trabajo multiactor sobre minería.",
                },
            )
        pages[slug] = page
    return pages


def _community(slug, locale):
    return Page.objects.filter(
        slug=slug,
        locale=locale,
        content_type__app_label="communities",
        content_type__model="communitypage",
    ).first()


def _case_studies(loader, indexes, practices):
    for spec in CASE_STUDIES:
        language = spec["language"]
        locale = loader.locale(language)
        index = indexes[language]["case_studies"]
        if CaseStudyPage.objects.child_of(index).filter(slug=spec["slug"]).exists():
            continue
        texts = ("title", "summary", "challenge", "approach", "results", "lessons")
        text = {key: in_language(spec[key], language) for key in texts}
        strings = translations([spec[key] for key in texts], language)
        start, end = spec["years"]
        page = CaseStudyPage(
            title=text["title"],
            slug=spec["slug"],
            summary=text["summary"],
            country=spec["country"],
            region=spec["region"],
            start_year=start,
            end_year=end,
            pillars=spec["pillars"],
            challenge=f"<p>{text['challenge']}</p>",
            approach=f"<p>{text['approach']}</p>",
            results=f"<p>{text['results']}</p>",
            lessons_learned=f"<p>{text['lessons']}</p>",
        )
        if language == "en" and spec["region"] in SPANISH_REGIONS:
            strings[spec["region"]] = SPANISH_REGIONS[spec["region"]]
        for change in spec["changes"]:
            from_text, to_text = in_language(change, language)
            page.changes.add(CaseStudyChange(from_text=from_text, to_text=to_text))
            strings.update(translations(zip(*change, strict=True), language))
        if spec["voice"]:
            quote, role = spec["voice"]
            page.voices.add(
                CaseStudyVoice(
                    quote=in_language(quote, language),
                    speaker_role=in_language(role, language),
                    consent_given=True,
                )
            )
            strings.update(translations([quote, role], language))
        for slug in spec["practices"]:
            practice = practices[slug].get_translation(locale)
            page.related_practices.add(CaseStudyGoodPractice(good_practice=practice))
        community = _community(spec["community"], locale)
        if community is not None:
            page.communities.add(CaseStudyCommunity(community=community))
        page.tags.add(*spec["topics"])
        index.add_child(instance=page)
        page.save_revision().publish()
        loader.translate(page, strings)


def _document(
    collection,
    title,
    document_type,
    language,
    paragraphs,
    confidentiality="public",
    date=None,
):
    document = Document.objects.filter(title=title, collection=collection).first()
    if document is None:
        document = Document(
            title=title,
            collection=collection,
            document_type=document_type,
            language=language,
            confidentiality=confidentiality,
            date=date,
            description=paragraphs[0],
            file=ContentFile(pdf_bytes(title, paragraphs), name="document.pdf"),
        )
        document.save()
    return document


LIBRARY = {
    "title": ("Document library", "Biblioteca de documentos"),
    "slug": ("library", "biblioteca"),
    "intro": (
        "Minutes, reports and letters for members only.",
        "Actas, informes y cartas solo para miembros.",
    ),
}
# Each community's members-only minutes, in the language it writes in.
MINUTES_DOCUMENT = {
    "title": ("{community}: plenary minutes", "{community}: acta de la plenaria"),
    "paragraphs": [
        (
            "Unattributed summary of the last plenary, for members only.",
            "Resumen sin atribuciones de la última plenaria, solo para miembros.",
        ),
        (
            "Members discussed security incidents and the next work plan.",
            "Los miembros trataron incidentes de seguridad y el próximo plan de "
            "trabajo.",
        ),
    ],
}


def _members_libraries(loader):
    """A members-only library per community, in the language it writes in."""
    communities = Page.objects.filter(
        locale__language_code="en",
        content_type__app_label="communities",
        content_type__model="communitypage",
    ).specific()
    for english in communities:
        locale = written_in(english)
        language = locale.language_code
        community = english.get_translation(locale).specific
        collection = getattr(community, "collection", None)
        members_area = (
            Page.objects.child_of(community)
            .filter(content_type__model="membersareapage")
            .first()
        )
        if collection is None or members_area is None:
            continue
        library = DocumentLibraryPage.objects.child_of(members_area).first()
        if library is None:
            library = DocumentLibraryPage(
                title=in_language(LIBRARY["title"], language),
                slug=in_language(LIBRARY["slug"], language),
                collection=collection,
                intro=f"<p>{in_language(LIBRARY['intro'], language)}</p>",
            )
            members_area.add_child(instance=library)
            library.save_revision().publish()
            if members_area.has_translation(loader.locale(other_language(language))):
                loader.translate(library, translations(LIBRARY.values(), language))
        title = in_language(MINUTES_DOCUMENT["title"], language)
        _document(
            collection,
            title.format(community=community.title),
            "minutes",
            language,
            [in_language(pair, language) for pair in MINUTES_DOCUMENT["paragraphs"]],
            confidentiality="members",
        )


# What the demo's topics are called in Spanish (topics are shared tags).
SPANISH_TOPIC_LABELS = {
    "artisanal mining": "minería artesanal",
    "dialogue": "diálogo",
    "governance": "gobernanza",
    "human rights": "derechos humanos",
    "security": "seguridad",
    "trust": "confianza",
}


def _topic_labels():
    for name, label in SPANISH_TOPIC_LABELS.items():
        tag = Tag.objects.filter(name=name).first()
        if tag is not None:
            TopicLabel.objects.update_or_create(
                tag=tag, language="es", defaults={"label": label}
            )


def load(loader):
    indexes = {language: ensure_knowledge_indexes(language) for language in LANGUAGES}
    loader.progress("Case study, good practice and publication pages")
    practices = _good_practices(loader, indexes["en"]["good_practices"])
    loader.progress(f"{len(practices)} good practices")
    _case_studies(loader, indexes, practices)
    _topic_labels()
    loader.progress(f"{len(CASE_STUDIES)} case studies, topics labelled in Spanish")
    for title, document_type, language, date, paragraphs in PUBLIC_DOCUMENTS:
        _document(
            indexes["en"]["publications_collection"],
            title,
            document_type,
            language,
            paragraphs,
            date=date,
        )
    _members_libraries(loader)
    loader.progress("Document libraries with PDF files")


def reset(loader):
    """Remove the demo documents (the page tree reset removes the pages)."""
    titles = [spec[0] for spec in PUBLIC_DOCUMENTS]
    Document.objects.filter(title__in=titles).delete()
    for title in MINUTES_DOCUMENT["title"]:
        suffix = title.format(community="")
        Document.objects.filter(title__endswith=suffix).delete()
