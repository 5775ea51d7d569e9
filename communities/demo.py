"""Demo content for the four seed communities, in English and Spanish.

Facts (places, dates, institutions, figures) come from the seed documents; the
wording is ours. Everything is got-or-created by slug or name, so loading twice
duplicates nothing.
"""

import datetime

from django.utils import timezone
from wagtail.models import Task, Workflow

from intranet.demo import SPANISH_REGIONS, english_home

from .models import (
    Activity,
    AttributedNote,
    CalendarToken,
    CommunityIndexPage,
    CommunityPage,
    Institution,
    MeetingPage,
    Membership,
    WorkPlanPage,
)
from .services import delete_community_access

Role = Membership.Role
GOV, COMPANY, CIVIL, ACADEMIA, OBSERVER = (
    "government",
    "company",
    "civil_society",
    "academia",
    "observer",
)

INDEX = {
    "title": ("Communities", "Comunidades"),
    "slug": ("communities", "comunidades"),
    "intro": (
        "Groups where companies, government and civil society learn together.",
        "Grupos donde empresas, Estado y sociedad civil aprenden juntos.",
    ),
}

# name, acronym, pillar, country
INSTITUTIONS = [
    ("Ministry of the Interior", "MININTER", GOV, "PE"),
    ("Ministry of Energy and Mines", "MINEM", GOV, "PE"),
    ("Ministry of Foreign Affairs", "RREE", GOV, "PE"),
    ("Ministry of Justice and Human Rights", "MINJUSDH", GOV, "PE"),
    ("Dialogue and Sustainability Office (PCM)", "ODS-PCM", GOV, "PE"),
    ("SUCAMEC", "SUCAMEC", GOV, "PE"),
    ("Anglo American", "", COMPANY, "PE"),
    ("Antamina", "", COMPANY, "PE"),
    ("Barrick", "", COMPANY, "PE"),
    ("Glencore", "", COMPANY, "PE"),
    ("Las Bambas (MMG)", "MMG", COMPANY, "PE"),
    ("Repsol", "", COMPANY, "PE"),
    ("Rio Tinto", "", COMPANY, "PE"),
    ("Yanacocha (Newmont)", "", COMPANY, "PE"),
    ("APRODEH", "APRODEH", CIVIL, "PE"),
    ("Institute of Democracy and Human Rights (PUCP)", "IDEH-PUCP", CIVIL, "PE"),
    ("Instituto de Defensa Legal", "IDL", CIVIL, "PE"),
    ("Asociación SER", "SER", CIVIL, "PE"),
    ("Socios Perú", "", CIVIL, "PE"),
    ("Embassy of Australia", "", OBSERVER, "AU"),
    ("British Embassy", "", OBSERVER, "GB"),
    ("Embassy of Canada", "", OBSERVER, "CA"),
    ("Embassy of Colombia", "", OBSERVER, "CO"),
    ("Embassy of the Netherlands", "", OBSERVER, "NL"),
    ("Embassy of Switzerland", "", OBSERVER, "CH"),
    ("Embassy of the United States", "", OBSERVER, "US"),
    ("European Union Delegation", "EU", OBSERVER, ""),
    ("International Committee of the Red Cross", "ICRC", OBSERVER, ""),
    ("UNLIREC", "UNLIREC", OBSERVER, ""),
    # Cusco
    ("Ministry of Production (Cusco office)", "PRODUCE", GOV, "PE"),
    ("Peruvian National Police (Cusco)", "PNP", GOV, "PE"),
    ("First Quantum", "", COMPANY, "PE"),
    ("Centro Guamán Poma de Ayala", "", CIVIL, "PE"),
    # Moquegua
    ("Regional Government of Moquegua", "GORE Moquegua", GOV, "PE"),
    ("Anglo American Quellaveco", "", COMPANY, "PE"),
    ("Southern Peru Copper Corporation", "SPCC", COMPANY, "PE"),
    ("Universidad Nacional de Moquegua", "UNAM", ACADEMIA, "PE"),
    ("Moquegua Federation of Neighbourhood Councils", "", CIVIL, "PE"),
    # Ghana
    ("Minerals Commission of Ghana", "", GOV, "GH"),
    ("Tarkwa-Nsuaem Municipal Assembly", "", GOV, "GH"),
    ("Ghana National Association of Small Scale Miners", "GNASSM", COMPANY, "GH"),
    ("Ghana Chamber of Mines", "", COMPANY, "GH"),
    ("Friends of the Nation", "", CIVIL, "GH"),
    ("University of Mines and Technology, Tarkwa", "UMaT", ACADEMIA, "GH"),
    ("International Institute for Environment and Development", "IIED", OBSERVER, "GB"),
]

LIMA_MEMBERS = [name for name, *_ in INSTITUTIONS[:29]]


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


COMMUNITIES = [
    {
        "slug": "lima",
        "title": (
            "Voluntary Principles Working Group (Lima)",
            "Grupo de Trabajo sobre los Principios Voluntarios (Lima)",
        ),
        "kind": "working_group",
        "country": "PE",
        "region": "Lima",
        "founded_on": datetime.date(2010, 6, 1),
        "confidentiality_rule": "chatham_house",
        "meeting_cadence": (
            "At least quarterly, and whenever members ask",
            "Al menos trimestral, y cuando los miembros lo pidan",
        ),
        "duration": 120,
        "summary": (
            "The national multi-stakeholder group on security and human rights in "
            "the extractive industries, convened since 2010 after a scoping study.",
            "El grupo nacional multiactor sobre seguridad y derechos humanos en las "
            "industrias extractivas, convocado desde 2010 tras un estudio de línea "
            "de base.",
        ),
        "purpose": [
            (
                "Offer a trusted space where companies, the State and civil society "
                "reflect together on security and human rights challenges.",
                "Ofrecer un espacio de confianza donde empresas, Estado y sociedad "
                "civil reflexionen juntos sobre los retos de seguridad y derechos "
                "humanos.",
            ),
            (
                "Improve how the Voluntary Principles are put into practice in "
                "Peru, and win a firmer commitment from the State.",
                "Mejorar la aplicación de los Principios Voluntarios en el Perú y "
                "lograr un compromiso más firme del Estado.",
            ),
        ],
        "principles": [
            (
                "Representation is institutional, never personal.",
                "La representación es institucional, nunca personal.",
            ),
            (
                "Confidentiality: what is said may be used, but not who said it.",
                "Confidencialidad: lo dicho puede usarse, pero no quién lo dijo.",
            ),
        ],
        "working_rules": [
            (
                "Each meeting agrees the topics, guests and venue of the next. The "
                "secretariat drafts a report that the coordination group approves "
                "before it circulates among members only.",
                "Cada reunión acuerda los temas, invitados y sede de la siguiente. "
                "La secretaría redacta un informe que el grupo coordinador aprueba "
                "antes de circular solo entre los miembros.",
            ),
        ],
        "management_levels": [
            (
                "Plenary of all member institutions; a coordination group with the "
                "three pillars; and a secretariat held by Socios Perú.",
                "Plenaria de todas las instituciones miembro; un grupo coordinador "
                "con los tres pilares; y una secretaría a cargo de Socios Perú.",
            ),
        ],
        "members": LIMA_MEMBERS,
        "roles": {
            "Socios Perú": Role.SECRETARIAT,
            "Embassy of Switzerland": Role.COORDINATION,
            "Antamina": Role.COORDINATION,
            "Ministry of the Interior": Role.COORDINATION,
            "European Union Delegation": Role.OBSERVER,
            "International Committee of the Red Cross": Role.OBSERVER,
            "UNLIREC": Role.OBSERVER,
        },
        "moderator_of": "Socios Perú",
        "member_of": "Barrick",
        "start": datetime.date(2010, 6, 1),
    },
    {
        "slug": "cusco",
        "title": (
            "Regional Voluntary Principles Working Group (Cusco)",
            "Grupo Regional de Trabajo sobre los Principios Voluntarios (Cusco)",
        ),
        "kind": "working_group",
        "country": "PE",
        "region": "Cusco",
        "founded_on": datetime.date(2017, 8, 1),
        "confidentiality_rule": "chatham_house",
        "meeting_cadence": ("Quarterly", "Trimestral"),
        "duration": 120,
        "summary": (
            "A regional offshoot of the Lima group in the southern mining corridor, "
            "set up in August 2017 after interviews with 72 local stakeholders.",
            "Una réplica regional del grupo de Lima en el corredor minero del sur, "
            "creada en agosto de 2017 tras entrevistar a 72 actores locales.",
        ),
        "purpose": [
            (
                "Help regional actors understand and apply good practices on "
                "security and human rights, and address security challenges "
                "together.",
                "Ayudar a los actores regionales a entender y aplicar buenas "
                "prácticas de seguridad y derechos humanos, y abordar juntos los "
                "retos de seguridad.",
            ),
        ],
        "principles": [
            (
                "Priority topics: social conflict, dialogue, prevention and training.",
                "Temas prioritarios: conflicto social, diálogo, prevención y "
                "capacitación.",
            ),
        ],
        "working_rules": [
            (
                "Follows the national group's rules, including the Chatham House Rule.",
                "Sigue las reglas del grupo nacional, incluida la regla de Chatham "
                "House.",
            ),
        ],
        "management_levels": [
            (
                "A core group (grupo impulsor) coordinated by the regional office of "
                "the Ministry of Production, with Socios Perú as secretariat.",
                "Un grupo impulsor coordinado por la oficina regional del Ministerio "
                "de la Producción, con Socios Perú como secretaría.",
            ),
        ],
        "members": [
            "Ministry of Production (Cusco office)",
            "Peruvian National Police (Cusco)",
            "Las Bambas (MMG)",
            "Glencore",
            "First Quantum",
            "Centro Guamán Poma de Ayala",
            "Socios Perú",
            "Ministry of Foreign Affairs",
        ],
        "roles": {
            "Ministry of Production (Cusco office)": Role.COORDINATION,
            "Socios Perú": Role.SECRETARIAT,
            "Ministry of Foreign Affairs": Role.OBSERVER,
        },
        "moderator_of": "Ministry of Production (Cusco office)",
        "member_of": "Centro Guamán Poma de Ayala",
        "start": datetime.date(2017, 8, 1),
    },
    {
        "slug": "moquegua",
        "title": (
            "Community of Learning on Mining Governance (Moquegua)",
            "Comunidad de Aprendizaje sobre Gobernanza Minera (Moquegua)",
        ),
        "kind": "community_of_learning",
        "country": "PE",
        "region": "Moquegua",
        "founded_on": None,
        "confidentiality_rule": "none",
        "meeting_cadence": ("Every two months", "Cada dos meses"),
        "duration": 180,
        "summary": (
            "A neutral regional space to exchange ideas and learn together about "
            "mining and development in Moquegua, rather than to negotiate.",
            "Un espacio regional neutral para intercambiar ideas y aprender juntos "
            "sobre minería y desarrollo en Moquegua, no para negociar.",
        ),
        "purpose": [
            (
                "Understand other points of view, find solutions to recurring "
                "regional problems from past experience, and build trust.",
                "Comprender otros puntos de vista, encontrar soluciones a problemas "
                "regionales recurrentes a partir de la experiencia y construir "
                "confianza.",
            ),
        ],
        "principles": [
            (
                "Mutual respect, transparency and commitment.",
                "Respeto mutuo, transparencia y compromiso.",
            ),
        ],
        "working_rules": [
            (
                "Each participant knows from the start the aims, scope and limits of "
                "their role, and speaks with the backing of their institution.",
                "Cada participante conoce desde el inicio los objetivos, alcances y "
                "límites de su rol, y habla con el respaldo de su institución.",
            ),
        ],
        "management_levels": [
            (
                "Plenary of participants, facilitated by a neutral secretariat.",
                "Plenaria de participantes, facilitada por una secretaría neutral.",
            ),
        ],
        "members": [
            "Regional Government of Moquegua",
            "Anglo American Quellaveco",
            "Southern Peru Copper Corporation",
            "Universidad Nacional de Moquegua",
            "Moquegua Federation of Neighbourhood Councils",
            "Socios Perú",
        ],
        "roles": {"Socios Perú": Role.SECRETARIAT},
        "moderator_of": "Socios Perú",
        "member_of": "Universidad Nacional de Moquegua",
        "start": datetime.date(2019, 3, 1),
    },
    {
        "slug": "ghana",
        "title": (
            "Ghana Learning and Leadership Group",
            "Grupo de Aprendizaje y Liderazgo de Ghana",
        ),
        "kind": "learning_and_leadership_group",
        "country": "GH",
        "region": "Western Region (Tarkwa)",
        "founded_on": datetime.date(2016, 1, 1),
        "confidentiality_rule": "none",
        "meeting_cadence": ("Twice a year", "Dos veces al año"),
        "duration": 240,
        "summary": (
            "Government, business and community leaders who carry forward the "
            "roadmap for artisanal and small-scale mining agreed at the Tarkwa "
            "dialogue of January 2016.",
            "Líderes del gobierno, las empresas y las comunidades que impulsan la "
            "hoja de ruta para la minería artesanal y de pequeña escala acordada en "
            "el diálogo de Tarkwa de enero de 2016.",
        ),
        "purpose": [
            (
                "Show the business case for responsible small-scale mining, improve "
                "practices, build support across government, and give miners, "
                "especially women, a stronger voice.",
                "Demostrar la conveniencia de una minería en pequeña escala "
                "responsable, mejorar prácticas, sumar apoyo en el gobierno y dar "
                "más voz a los mineros, sobre todo a las mujeres.",
            ),
        ],
        "principles": [
            (
                "Local ownership, equal footing for every stakeholder, and a focus "
                "on solutions.",
                "Apropiación local, igualdad entre todos los actores y enfoque en "
                "soluciones.",
            ),
        ],
        "working_rules": [
            (
                "The dialogue is a process, not an event: research, pre-dialogue "
                "workshops, field visits and follow-up.",
                "El diálogo es un proceso, no un evento: investigación, talleres "
                "previos, visitas de campo y seguimiento.",
            ),
        ],
        "management_levels": [
            (
                "A national leadership group, with Friends of the Nation as "
                "secretariat and IIED as supporting partner.",
                "Un grupo nacional de liderazgo, con Friends of the Nation como "
                "secretaría e IIED como socio de apoyo.",
            ),
        ],
        "members": [
            "Minerals Commission of Ghana",
            "Tarkwa-Nsuaem Municipal Assembly",
            "Ghana National Association of Small Scale Miners",
            "Ghana Chamber of Mines",
            "Friends of the Nation",
            "University of Mines and Technology, Tarkwa",
            "International Institute for Environment and Development",
        ],
        "roles": {
            "Friends of the Nation": Role.SECRETARIAT,
            "Minerals Commission of Ghana": Role.COORDINATION,
            "International Institute for Environment and Development": Role.OBSERVER,
        },
        "moderator_of": "Friends of the Nation",
        "member_of": "Ghana National Association of Small Scale Miners",
        "start": datetime.date(2016, 1, 1),
    },
]

# slug: meetings (title en/es, when, venue, agenda en/es, minutes [(en, es)],
# attendees, attributed notes [(institution, text)])
MEETINGS = {
    "lima": [
        {
            "slug": "plenary-private-security-law",
            "title": (
                "Plenary: the draft law on private security",
                "Plenaria: el proyecto de ley de seguridad privada",
            ),
            "when": datetime.datetime(2015, 3, 12, 9, 0),
            "venue": "Socios Perú, Lima",
            "agenda": (
                "Draft law on private security companies\nAgreements between the "
                "police and extractive companies",
                "Proyecto de ley de empresas de seguridad privada\nConvenios entre "
                "la policía y las empresas extractivas",
            ),
            "guests": ("SUCAMEC legal adviser", "Asesor legal de SUCAMEC"),
            "minutes": [
                (
                    "Members reviewed the draft law and agreed to send joint "
                    "comments on training standards for private guards.",
                    "Los miembros revisaron el proyecto de ley y acordaron enviar "
                    "comentarios conjuntos sobre los estándares de capacitación de "
                    "vigilantes privados.",
                ),
                (
                    "Several participants asked that agreements between police and "
                    "companies be made public.",
                    "Varios participantes pidieron que los convenios entre la "
                    "policía y las empresas se hagan públicos.",
                ),
            ],
            "attendees": [
                "Ministry of the Interior",
                "SUCAMEC",
                "Antamina",
                "Glencore",
                "Repsol",
                "Instituto de Defensa Legal",
                "Socios Perú",
                "Embassy of Switzerland",
                "Embassy of Canada",
            ],
            "notes": [
                (
                    "Instituto de Defensa Legal",
                    "Asked that every agreement between the police and a mining "
                    "company be published in full.",
                ),
                (
                    "Glencore",
                    "Said its agreement with the police is under legal review and "
                    "could be shared with the group first.",
                ),
            ],
        },
        {
            "slug": "plenary-next",
            "title": (
                "Plenary: free, prior and informed consent",
                "Plenaria: consulta previa, libre e informada",
            ),
            "when": "upcoming",
            "venue": "Embassy of Canada, Lima",
            "agenda": (
                "Indigenous peoples and free, prior and informed consent\nNews from "
                "members",
                "Pueblos indígenas y consulta previa, libre e informada\nNovedades "
                "de los miembros",
            ),
            "guests": ("", ""),
            "minutes": [],
            "attendees": [],
            "notes": [],
        },
    ],
    "cusco": [
        {
            "slug": "constitution-of-the-group",
            "title": (
                "Founding meeting of the regional group",
                "Reunión de constitución del grupo regional",
            ),
            "when": datetime.datetime(2017, 8, 24, 10, 0),
            "venue": "Cusco",
            "agenda": (
                "Findings of the feasibility study\nCore group and coordinator",
                "Resultados del estudio de factibilidad\nGrupo impulsor y coordinador",
            ),
            "guests": ("", ""),
            "minutes": [
                (
                    "The core group agreed that the regional office of the Ministry "
                    "of Production will coordinate, and set social conflict, "
                    "dialogue, prevention and training as priorities.",
                    "El grupo impulsor acordó que la oficina regional del Ministerio "
                    "de la Producción coordine, y fijó como prioridades el conflicto "
                    "social, el diálogo, la prevención y la capacitación.",
                ),
            ],
            "attendees": [
                "Ministry of Production (Cusco office)",
                "Peruvian National Police (Cusco)",
                "Las Bambas (MMG)",
                "Glencore",
                "First Quantum",
                "Centro Guamán Poma de Ayala",
                "Socios Perú",
                "Ministry of Foreign Affairs",
            ],
            "notes": [
                (
                    "Peruvian National Police (Cusco)",
                    "Offered officers for a first training on the Voluntary "
                    "Principles in September.",
                ),
            ],
        },
        {
            "slug": "next-regional-meeting",
            "title": (
                "Regional meeting: outreach plan",
                "Reunión regional: plan de difusión",
            ),
            "when": "upcoming",
            "venue": "Cusco",
            "agenda": (
                "Engaging more companies\nWork plan review",
                "Sumar más empresas\nRevisión del plan de trabajo",
            ),
            "guests": ("", ""),
            "minutes": [],
            "attendees": [],
            "notes": [],
        },
    ],
    "moquegua": [
        {
            "slug": "first-session",
            "title": ("First learning session", "Primera sesión de aprendizaje"),
            "when": datetime.datetime(2019, 4, 10, 15, 0),
            "venue": "Moquegua",
            "agenda": (
                "Roles and expectations\nWater and mining",
                "Roles y expectativas\nAgua y minería",
            ),
            "guests": ("", ""),
            "minutes": [
                (
                    "Participants shared what each expects from the community and "
                    "agreed to begin with water management around mine sites.",
                    "Los participantes compartieron lo que esperan de la comunidad "
                    "y acordaron empezar por la gestión del agua en torno a las "
                    "minas.",
                ),
            ],
            "attendees": [
                "Regional Government of Moquegua",
                "Anglo American Quellaveco",
                "Universidad Nacional de Moquegua",
                "Moquegua Federation of Neighbourhood Councils",
                "Socios Perú",
            ],
            "notes": [],
        },
    ],
    "ghana": [
        {
            "slug": "roadmap-follow-up",
            "title": ("Roadmap follow-up", "Seguimiento de la hoja de ruta"),
            "when": datetime.datetime(2016, 6, 15, 9, 0),
            "venue": "Accra",
            "agenda": (
                "Business case for responsible ASM\nWomen miners' voice",
                "Conveniencia de una MAPE responsable\nLa voz de las mujeres mineras",
            ),
            "guests": ("", ""),
            "minutes": [
                (
                    "The group shared out the four priorities of the Tarkwa roadmap "
                    "among its members.",
                    "El grupo repartió entre sus miembros las cuatro prioridades de "
                    "la hoja de ruta de Tarkwa.",
                ),
            ],
            "attendees": [
                "Minerals Commission of Ghana",
                "Ghana National Association of Small Scale Miners",
                "Friends of the Nation",
                "University of Mines and Technology, Tarkwa",
                "International Institute for Environment and Development",
            ],
            "notes": [],
        },
    ],
}

SECTORS = (
    "police",
    "government",
    "companies",
    "security_providers",
    "ngos",
    "community_leaders",
    "international",
    "unions",
    "others",
)


def _spread(total, count, weights):
    """`count` rows of sector figures adding up exactly to `total`."""
    rows = []
    remaining = total
    for index in range(count):
        share = remaining // (count - index)
        row = {}
        left = share
        for position, (sector, weight) in enumerate(weights):
            value = left if position == len(weights) - 1 else share * weight // 100
            row[f"participants_{sector}"] = value
            left -= value
        rows.append(row)
        remaining -= share
    return rows


LIMA_KEY_ACTIVITIES = [
    ("Breakfast for executives on business and human rights", "promotion", 2013),
    (
        "International forum on dialogue and governance in Latin America",
        "promotion",
        2014,
    ),
    (
        "International seminar: current perspectives on the Voluntary Principles",
        "promotion",
        2015,
    ),
    ("Training course for the National Police in Cusco", "capacity_building", 2014),
    ("Scoping study on the Voluntary Principles in Peru", "study", 2010),
]

LIMA_WEIGHTS = [
    ("police", 30),
    ("government", 20),
    ("companies", 20),
    ("security_providers", 10),
    ("ngos", 8),
    ("unions", 3),
    ("international", 4),
    ("community_leaders", 5),
]


def _lima_activities():
    years = [2010, 2011, 2012, 2013, 2014, 2015]
    figures = _spread(2213, 28, LIMA_WEIGHTS)
    activities = []
    for index, figures_row in enumerate(figures):
        if index < len(LIMA_KEY_ACTIVITIES):
            title, kind, year = LIMA_KEY_ACTIVITIES[index]
        else:
            year = years[index % len(years)]
            kind = "capacity_building" if index % 2 else "promotion"
            title = f"Workshop on security and human rights ({index - 4})"
        activities.append(
            {
                "title": title,
                "activity_type": kind,
                "date": datetime.date(year, 1 + index % 11, 10),
                "status": "held",
                **figures_row,
            }
        )
    return activities


def _cusco_activities():
    # 115 participants in the 2017 training events, 83 of them police officers.
    return [
        {
            "title": "Training on the Voluntary Principles for the police",
            "activity_type": "capacity_building",
            "date": datetime.date(2017, 9, 21),
            "status": "held",
            "participants_police": 45,
            "participants_companies": 6,
            "participants_government": 4,
        },
        {
            "title": "Workshop on the DCAF-ICRC toolkit",
            "activity_type": "capacity_building",
            "date": datetime.date(2017, 11, 16),
            "status": "held",
            "participants_police": 22,
            "participants_companies": 8,
            "participants_ngos": 6,
            "participants_government": 3,
        },
        {
            "title": "Regional security challenges: joint discussion",
            "activity_type": "capacity_building",
            "date": datetime.date(2017, 12, 7),
            "status": "held",
            "participants_police": 16,
            "participants_ngos": 3,
            "participants_community_leaders": 2,
        },
        {
            "title": "Outreach to more extractive companies",
            "activity_type": "lobbying",
            "date": datetime.date(2018, 3, 1),
            "status": "planned",
        },
    ]


WORK_PLANS = {
    "lima": {
        "slug": "work-plan-2010-2015",
        "title": ("Work plan 2010–2015", "Plan de trabajo 2010–2015"),
        "period": (datetime.date(2010, 1, 1), datetime.date(2015, 12, 31)),
        "activities": _lima_activities,
    },
    "cusco": {
        "slug": "work-plan-2017-2018",
        "title": ("Work plan 2017–2018", "Plan de trabajo 2017–2018"),
        "period": (datetime.date(2017, 8, 1), datetime.date(2018, 12, 31)),
        "activities": _cusco_activities,
    },
}


def _rich(pairs):
    return _p(*(en for en, _es in pairs)), dict(pairs)


def _institutions():
    by_name = {}
    for name, acronym, pillar, country in INSTITUTIONS:
        by_name[name], _ = Institution.objects.get_or_create(
            name=name,
            defaults={"acronym": acronym, "pillar": pillar, "country": country},
        )
    return by_name


def _index(loader, home):
    index = CommunityIndexPage.objects.filter(
        slug=INDEX["slug"][0], locale=home.locale
    ).first()
    if index is None:
        index = CommunityIndexPage(
            title=INDEX["title"][0],
            slug=INDEX["slug"][0],
            intro=_p(INDEX["intro"][0]),
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        loader.translate(
            index, {INDEX[key][0]: INDEX[key][1] for key in ("title", "slug", "intro")}
        )
    return index


def _community(loader, index, spec):
    page = CommunityPage.objects.filter(slug=spec["slug"], locale=index.locale).first()
    if page is not None:
        return page
    strings = {spec["title"][0]: spec["title"][1]}
    fields = {}
    for name in ("purpose", "principles", "working_rules", "management_levels"):
        fields[name], more = _rich(spec[name])
        strings.update(more)
    for name in ("summary", "meeting_cadence"):
        fields[name] = spec[name][0]
        strings[spec[name][0]] = spec[name][1]
    if spec["region"] in SPANISH_REGIONS:
        strings[spec["region"]] = SPANISH_REGIONS[spec["region"]]
    page = CommunityPage(
        title=spec["title"][0],
        slug=spec["slug"],
        kind=spec["kind"],
        country=spec["country"],
        region=spec["region"],
        founded_on=spec["founded_on"],
        confidentiality_rule=spec["confidentiality_rule"],
        meeting_duration_minutes=spec["duration"],
        **fields,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    loader.translate(page, strings)
    area = page.members_area()
    loader.translate(area, {"Members area": "Área de miembros", "members": "miembros"})
    return page


def _memberships(loader, community, spec, institutions):
    for name in spec["members"]:
        Membership.objects.get_or_create(
            community=community,
            institution=institutions[name],
            defaults={
                "role": spec["roles"].get(name, Role.PLENARY),
                "status": Membership.Status.ACTIVE,
                "start_date": spec["start"],
            },
        )
    slug = spec["slug"]
    moderator = loader.user(
        f"{slug}-moderator",
        f"Moderator of {community.title} ({spec['moderator_of']})",
    )
    member = loader.user(
        f"{slug}-member", f"Member of {community.title} ({spec['member_of']})"
    )
    for user, name in ((moderator, spec["moderator_of"]), (member, spec["member_of"])):
        membership = Membership.objects.get(
            community=community, institution=institutions[name]
        )
        if not membership.representatives.filter(pk=user.pk).exists():
            membership.representatives.add(user)


def _meetings(loader, community, institutions):
    area = community.members_area()
    for spec in MEETINGS[community.slug]:
        if MeetingPage.objects.filter(slug=spec["slug"], locale=area.locale).exists():
            continue
        when = spec["when"]
        if when == "upcoming":
            moment = timezone.now() + datetime.timedelta(days=21)
            when = timezone.localtime(moment).replace(
                hour=9, minute=0, second=0, microsecond=0
            )
        else:
            when = timezone.make_aware(when)
        minutes, strings = _rich(spec["minutes"])
        meeting = MeetingPage(
            title=spec["title"][0],
            slug=spec["slug"],
            starts_at=when,
            duration_minutes=community.meeting_duration_minutes or 120,
            venue=spec["venue"],
            agenda=spec["agenda"][0],
            guests=spec["guests"][0],
            minutes=minutes,
        )
        area.add_child(instance=meeting)
        meeting.attended_by.set([institutions[name] for name in spec["attendees"]])
        meeting.save_revision().publish()
        for name, text in spec["notes"]:
            AttributedNote.objects.create(
                meeting=meeting, speaker_institution=institutions[name], text=text
            )
        strings[spec["title"][0]] = spec["title"][1]
        strings[spec["agenda"][0]] = spec["agenda"][1]
        if spec["guests"][0]:
            strings[spec["guests"][0]] = spec["guests"][1]
        loader.translate(meeting, strings)


def _work_plan(loader, community, institutions):
    spec = WORK_PLANS.get(community.slug)
    area = community.members_area()
    if (
        spec is None
        or WorkPlanPage.objects.filter(slug=spec["slug"], locale=area.locale).exists()
    ):
        return
    plan = WorkPlanPage(
        title=spec["title"][0],
        slug=spec["slug"],
        starts_on=spec["period"][0],
        ends_on=spec["period"][1],
    )
    area.add_child(instance=plan)
    owners = list(
        community.memberships()
        .exclude(role=Role.OBSERVER)
        .values_list("institution_id", flat=True)
    )
    for position, fields in enumerate(spec["activities"]()):
        activity = Activity.objects.create(plan=plan, sort_order=position, **fields)
        activity.assigned_institutions.set(owners[position % len(owners) :][:2])
        activity.assigned_institutions.commit()
    plan.save_revision().publish()
    spanish = loader.translate(plan, {spec["title"][0]: spec["title"][1]})
    # Translations copy activities but not their many-to-many assignments.
    assigned = {
        a.sort_order: a.assigned_institutions.all() for a in plan.activities.all()
    }
    for activity in Activity.objects.filter(plan=spanish):
        activity.assigned_institutions.set(assigned.get(activity.sort_order, []))
        activity.assigned_institutions.commit()


def load(loader):
    home = english_home()
    institutions = _institutions()
    loader.progress(f"{len(institutions)} institutions by pillar")
    index = _index(loader, home)
    for spec in COMMUNITIES:
        community = _community(loader, index, spec)
        _memberships(loader, community, spec, institutions)
        _meetings(loader, community, institutions)
        _work_plan(loader, community, institutions)
        loader.progress(f"Community: {community.title}")


def reset(loader):
    """Remove what the page tree reset does not: access, snippets, tokens."""
    for community in CommunityPage.objects.filter(
        locale__language_code="en"
    ).select_related("members_group", "moderators_group", "collection"):
        delete_community_access(community)
    AttributedNote.objects.all().delete()
    Membership.objects.all().delete()
    CalendarToken.objects.all().delete()
    Institution.objects.all().delete()
    # Workflows or tasks left without a community (a community deleted earlier).
    Workflow.objects.filter(name__startswith="Minutes approval:").delete()
    Task.objects.filter(name__startswith="Coordination group approves:").delete()
