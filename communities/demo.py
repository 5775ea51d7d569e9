"""Demo content for the four seed communities, in English and Spanish.

Facts (places, dates, institutions, figures) come from the seed documents; the
wording is ours. Each community writes in its own language first (`language`):
the Peruvian groups in Spanish, the Ghana group in English. Their pages are
created in that language and translated to the other through wagtail-localize,
so the translation source is the page they wrote. Texts are (English, Spanish)
pairs whichever was written first; a pair whose translation is None is left for
the translators (the other language shows the original until then).

Everything is got-or-created by slug or name, so loading twice duplicates nothing.
"""

import datetime

from django.utils import timezone
from wagtail.models import Task, Workflow

from intranet.demo import (
    SPANISH_REGIONS,
    english_home,
    in_language,
    translations,
)

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
# The members area is created with its community (communities.services) and
# named here in the community's language before it is translated.
MEMBERS_AREA = {
    "title": ("Members area", "Área de miembros"),
    "slug": ("members", "miembros"),
}


def _institution(name, acronym, pillar, country, **in_other_languages):
    """An institution by the name it calls itself, with the names readers of
    another language know it by (`name_en`, `name_es`, `acronym_es`...)."""
    return {
        "name": name,
        "acronym": acronym,
        "pillar": pillar,
        "country": country,
        **in_other_languages,
    }


INSTITUTIONS = [
    # Lima: the 29 members of 2016.
    _institution(
        "Ministerio del Interior",
        "MININTER",
        GOV,
        "PE",
        name_en="Ministry of the Interior",
    ),
    _institution(
        "Ministerio de Energía y Minas",
        "MINEM",
        GOV,
        "PE",
        name_en="Ministry of Energy and Mines",
    ),
    _institution(
        "Ministerio de Relaciones Exteriores",
        "RREE",
        GOV,
        "PE",
        name_en="Ministry of Foreign Affairs",
    ),
    _institution(
        "Ministerio de Justicia y Derechos Humanos",
        "MINJUSDH",
        GOV,
        "PE",
        name_en="Ministry of Justice and Human Rights",
    ),
    _institution(
        "Oficina Nacional de Diálogo y Sostenibilidad",
        "ONDS-PCM",
        GOV,
        "PE",
        name_en="National Office for Dialogue and Sustainability",
    ),
    _institution(
        "Superintendencia Nacional de Control de Servicios de Seguridad, Armas, "
        "Municiones y Explosivos de Uso Civil",
        "SUCAMEC",
        GOV,
        "PE",
        name_en="National Superintendency for the Control of Security Services, "
        "Weapons, Ammunition and Explosives for Civilian Use",
    ),
    _institution("Anglo American", "", COMPANY, "PE"),
    _institution("Antamina", "", COMPANY, "PE"),
    _institution("Barrick", "", COMPANY, "PE"),
    _institution("Glencore", "", COMPANY, "PE"),
    _institution("Las Bambas (MMG)", "MMG", COMPANY, "PE"),
    _institution("Repsol", "", COMPANY, "PE"),
    _institution("Rio Tinto", "", COMPANY, "PE"),
    _institution("Yanacocha (Newmont)", "", COMPANY, "PE"),
    _institution(
        "Asociación Pro Derechos Humanos",
        "APRODEH",
        CIVIL,
        "PE",
        name_en="Association for Human Rights",
    ),
    _institution(
        "Instituto de Democracia y Derechos Humanos de la PUCP",
        "IDEHPUCP",
        CIVIL,
        "PE",
        name_en="Institute for Democracy and Human Rights of the PUCP",
    ),
    _institution(
        "Instituto de Defensa Legal",
        "IDL",
        CIVIL,
        "PE",
        name_en="Legal Defence Institute",
    ),
    _institution("Asociación SER", "SER", CIVIL, "PE"),
    _institution("Socios Perú", "", CIVIL, "PE"),
    _institution(
        "Embassy of Australia", "", OBSERVER, "AU", name_es="Embajada de Australia"
    ),
    _institution("British Embassy", "", OBSERVER, "GB", name_es="Embajada Británica"),
    _institution("Embassy of Canada", "", OBSERVER, "CA", name_es="Embajada de Canadá"),
    # Colombia's embassy calls itself in Spanish.
    _institution(
        "Embajada de Colombia", "", OBSERVER, "CO", name_en="Embassy of Colombia"
    ),
    _institution(
        "Embassy of the Netherlands",
        "",
        OBSERVER,
        "NL",
        name_es="Embajada de los Países Bajos",
    ),
    _institution(
        "Embassy of Switzerland", "", OBSERVER, "CH", name_es="Embajada de Suiza"
    ),
    _institution(
        "Embassy of the United States",
        "",
        OBSERVER,
        "US",
        name_es="Embajada de los Estados Unidos",
    ),
    _institution(
        "European Union Delegation",
        "EU",
        OBSERVER,
        "",
        name_es="Delegación de la Unión Europea",
        acronym_es="UE",
    ),
    _institution(
        "International Committee of the Red Cross",
        "ICRC",
        OBSERVER,
        "",
        name_es="Comité Internacional de la Cruz Roja",
        acronym_es="CICR",
    ),
    _institution(
        "United Nations Regional Centre for Peace, Disarmament and Development in "
        "Latin America and the Caribbean",
        "UNLIREC",
        OBSERVER,
        "",
        name_es="Centro Regional de las Naciones Unidas para la Paz, el Desarme y "
        "el Desarrollo en América Latina y el Caribe",
    ),
    # Cusco
    _institution(
        "Ministerio de la Producción, sede Cusco",
        "PRODUCE",
        GOV,
        "PE",
        name_en="Ministry of Production, Cusco office",
    ),
    _institution(
        "Policía Nacional del Perú, Cusco",
        "PNP",
        GOV,
        "PE",
        name_en="Peruvian National Police, Cusco",
    ),
    _institution("First Quantum", "", COMPANY, "PE"),
    _institution("Centro Guamán Poma de Ayala", "", CIVIL, "PE"),
    # Moquegua
    _institution(
        "Gobierno Regional de Moquegua",
        "GORE Moquegua",
        GOV,
        "PE",
        name_en="Regional Government of Moquegua",
    ),
    _institution("Anglo American Quellaveco", "", COMPANY, "PE"),
    _institution("Southern Peru Copper Corporation", "SPCC", COMPANY, "PE"),
    _institution(
        "Universidad Nacional de Moquegua",
        "UNAM",
        ACADEMIA,
        "PE",
        name_en="National University of Moquegua",
    ),
    _institution(
        "Federación de Juntas Vecinales de Moquegua",
        "",
        CIVIL,
        "PE",
        name_en="Moquegua Federation of Neighbourhood Councils",
    ),
    # Ghana
    _institution(
        "Minerals Commission of Ghana",
        "",
        GOV,
        "GH",
        name_es="Comisión de Minerales de Ghana",
    ),
    _institution(
        "Tarkwa-Nsuaem Municipal Assembly",
        "",
        GOV,
        "GH",
        name_es="Asamblea Municipal de Tarkwa-Nsuaem",
    ),
    _institution(
        "Ghana National Association of Small Scale Miners",
        "GNASSM",
        COMPANY,
        "GH",
        name_es="Asociación Nacional de Pequeños Mineros de Ghana",
    ),
    _institution(
        "Ghana Chamber of Mines", "", COMPANY, "GH", name_es="Cámara de Minas de Ghana"
    ),
    _institution("Friends of the Nation", "", CIVIL, "GH"),
    _institution(
        "University of Mines and Technology, Tarkwa",
        "UMaT",
        ACADEMIA,
        "GH",
        name_es="Universidad de Minas y Tecnología de Tarkwa",
    ),
    _institution(
        "International Institute for Environment and Development",
        "IIED",
        OBSERVER,
        "GB",
        name_es="Instituto Internacional para el Medio Ambiente y el Desarrollo",
    ),
]

LIMA_MEMBERS = [spec["name"] for spec in INSTITUTIONS[:29]]
# Below, an institution is named by its own name or, where it has one, its acronym.


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


COMMUNITIES = [
    {
        "slug": "lima",
        "language": "es",
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
            "Ministerio del Interior": Role.COORDINATION,
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
        "language": "es",
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
            "Ministerio de la Producción, sede Cusco",
            "Policía Nacional del Perú, Cusco",
            "Las Bambas (MMG)",
            "Glencore",
            "First Quantum",
            "Centro Guamán Poma de Ayala",
            "Socios Perú",
            "Ministerio de Relaciones Exteriores",
        ],
        "roles": {
            "Ministerio de la Producción, sede Cusco": Role.COORDINATION,
            "Socios Perú": Role.SECRETARIAT,
            "Ministerio de Relaciones Exteriores": Role.OBSERVER,
        },
        "moderator_of": "Ministerio de la Producción, sede Cusco",
        "member_of": "Centro Guamán Poma de Ayala",
        "start": datetime.date(2017, 8, 1),
    },
    {
        "slug": "moquegua",
        "language": "es",
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
            "Gobierno Regional de Moquegua",
            "Anglo American Quellaveco",
            "Southern Peru Copper Corporation",
            "Universidad Nacional de Moquegua",
            "Federación de Juntas Vecinales de Moquegua",
            "Socios Perú",
        ],
        "roles": {"Socios Perú": Role.SECRETARIAT},
        "moderator_of": "Socios Perú",
        "member_of": "Universidad Nacional de Moquegua",
        "start": datetime.date(2019, 3, 1),
    },
    {
        "slug": "ghana",
        "language": "en",
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

# Meetings of each community, written in its language. Slugs, titles, agenda,
# guests and each paragraph of the minutes are (English, Spanish) pairs; venue and
# attributed notes (who said what, never translated) are in the community's
# language, institutions named as in INSTITUTIONS.
MEETINGS = {
    "lima": [
        {
            "slug": (
                "plenary-private-security-law",
                "plenaria-ley-de-seguridad-privada",
            ),
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
            "guests": ("Legal adviser, SUCAMEC", "Asesor legal de la SUCAMEC"),
            "minutes": [
                (
                    "Members went through the draft law and agreed to send joint "
                    "comments on the training standards for private guards.",
                    "Los miembros revisaron el proyecto de ley y acordaron enviar "
                    "comentarios conjuntos sobre los estándares de capacitación de "
                    "los vigilantes privados.",
                ),
                (
                    "Several participants asked for the agreements between the "
                    "police and companies to be made public.",
                    "Varios participantes pidieron que los convenios entre la "
                    "policía y las empresas se hagan públicos.",
                ),
            ],
            "attendees": [
                "MININTER",
                "SUCAMEC",
                "Antamina",
                "Glencore",
                "Repsol",
                "IDL",
                "Socios Perú",
                "Embassy of Switzerland",
                "Embassy of Canada",
            ],
            "notes": [
                (
                    "IDL",
                    "Pidió que se publique completo cada convenio entre la policía y "
                    "una empresa minera.",
                ),
                (
                    "Glencore",
                    "Señaló que su convenio con la policía está en revisión legal y "
                    "que podría compartirlo primero con el grupo.",
                ),
            ],
        },
        {
            "slug": ("plenary-next", "proxima-plenaria"),
            "title": (
                "Plenary: free, prior and informed consent",
                "Plenaria: consulta previa, libre e informada",
            ),
            "when": "upcoming",
            "venue": "Embajada de Canadá, Lima",
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
            "slug": ("constitution-of-the-group", "constitucion-del-grupo"),
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
            # Not translated yet: English readers see the Spanish minutes, with a
            # note saying so.
            "minutes": [
                (
                    None,
                    "El grupo impulsor acordó que la sede regional del Ministerio de "
                    "la Producción asuma la coordinación y fijó cuatro prioridades: "
                    "conflicto social, diálogo, prevención y capacitación.",
                ),
                (
                    None,
                    "Se propuso una primera capacitación sobre los Principios "
                    "Voluntarios para la policía en septiembre.",
                ),
            ],
            "attendees": [
                "PRODUCE",
                "PNP",
                "Las Bambas (MMG)",
                "Glencore",
                "First Quantum",
                "Centro Guamán Poma de Ayala",
                "Socios Perú",
                "RREE",
            ],
            "notes": [
                (
                    "PNP",
                    "Ofreció agentes para una primera capacitación sobre los "
                    "Principios Voluntarios en septiembre.",
                ),
            ],
        },
        {
            "slug": ("next-regional-meeting", "proxima-reunion-regional"),
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
            "slug": ("first-session", "primera-sesion"),
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
                    "Participants said what each of them expects from the community "
                    "and agreed to start with water management around the mines.",
                    "Los participantes compartieron lo que cada uno espera de la "
                    "comunidad y acordaron empezar por la gestión del agua en torno "
                    "a las minas.",
                ),
            ],
            "attendees": [
                "GORE Moquegua",
                "Anglo American Quellaveco",
                "UNAM",
                "Federación de Juntas Vecinales de Moquegua",
                "Socios Perú",
            ],
            "notes": [],
        },
    ],
    "ghana": [
        {
            "slug": ("roadmap-follow-up", "seguimiento-de-la-hoja-de-ruta"),
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
                "GNASSM",
                "Friends of the Nation",
                "UMaT",
                "IIED",
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
    (
        (
            "Breakfast for executives on business and human rights",
            "Desayuno de trabajo con ejecutivos sobre empresas y derechos humanos",
        ),
        "promotion",
        2013,
    ),
    (
        (
            "International forum on dialogue and governance in Latin America",
            "Foro internacional sobre diálogo y gobernanza en América Latina",
        ),
        "promotion",
        2014,
    ),
    (
        (
            "International seminar: current perspectives on the Voluntary Principles",
            "Seminario internacional: perspectivas actuales de los Principios "
            "Voluntarios",
        ),
        "promotion",
        2015,
    ),
    (
        (
            "Training course for the National Police in Cusco",
            "Curso de capacitación para la Policía Nacional en Cusco",
        ),
        "capacity_building",
        2014,
    ),
    (
        (
            "Scoping study on the Voluntary Principles in Peru",
            "Estudio de línea de base sobre los Principios Voluntarios en el Perú",
        ),
        "study",
        2010,
    ),
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
            title = (
                f"Workshop on security and human rights ({index - 4})",
                f"Taller sobre seguridad y derechos humanos ({index - 4})",
            )
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
            "title": (
                "Training on the Voluntary Principles for the police",
                "Capacitación sobre los Principios Voluntarios para la policía",
            ),
            "activity_type": "capacity_building",
            "date": datetime.date(2017, 9, 21),
            "status": "held",
            "participants_police": 45,
            "participants_companies": 6,
            "participants_government": 4,
        },
        {
            "title": (
                "Workshop on the DCAF-ICRC toolkit",
                "Taller sobre la caja de herramientas DCAF-CICR",
            ),
            "activity_type": "capacity_building",
            "date": datetime.date(2017, 11, 16),
            "status": "held",
            "participants_police": 22,
            "participants_companies": 8,
            "participants_ngos": 6,
            "participants_government": 3,
        },
        {
            "title": (
                "Regional security challenges: joint discussion",
                "Retos regionales de seguridad: debate conjunto",
            ),
            "activity_type": "capacity_building",
            "date": datetime.date(2017, 12, 7),
            "status": "held",
            "participants_police": 16,
            "participants_ngos": 3,
            "participants_community_leaders": 2,
        },
        {
            "title": (
                "Outreach to more extractive companies",
                "Acercamiento a más empresas extractivas",
            ),
            "activity_type": "lobbying",
            "date": datetime.date(2018, 3, 1),
            "status": "planned",
        },
    ]


WORK_PLANS = {
    "lima": {
        "slug": ("work-plan-2010-2015", "plan-de-trabajo-2010-2015"),
        "title": ("Work plan 2010–2015", "Plan de trabajo 2010–2015"),
        "period": (datetime.date(2010, 1, 1), datetime.date(2015, 12, 31)),
        "activities": _lima_activities,
    },
    "cusco": {
        "slug": ("work-plan-2017-2018", "plan-de-trabajo-2017-2018"),
        "title": ("Work plan 2017–2018", "Plan de trabajo 2017–2018"),
        "period": (datetime.date(2017, 8, 1), datetime.date(2018, 12, 31)),
        "activities": _cusco_activities,
    },
}


def _rich(pairs, language):
    """Rich text of the `language` paragraphs of `pairs`, and their translations."""
    return _p(*(in_language(pair, language) for pair in pairs)), translations(
        pairs, language
    )


def _institutions():
    """The demo institutions by own name and, where they have one, acronym."""
    by_key = {}
    for spec in INSTITUTIONS:
        fields = dict(spec)
        institution, _ = Institution.objects.get_or_create(
            name=fields.pop("name"), defaults=fields
        )
        by_key[institution.name] = institution
        if institution.acronym:
            by_key.setdefault(institution.acronym, institution)
    return by_key


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
    """The community page in the language it writes in, created with its members
    area; both are then translated to the other language."""
    language = spec["language"]
    parent = index.get_translation(loader.locale(language))
    page = CommunityPage.objects.child_of(parent).filter(slug=spec["slug"]).first()
    if page is not None:
        return page
    strings = translations([spec["title"]], language)
    fields = {}
    for name in ("purpose", "principles", "working_rules", "management_levels"):
        fields[name], more = _rich(spec[name], language)
        strings.update(more)
    for name in ("summary", "meeting_cadence"):
        fields[name] = in_language(spec[name], language)
        strings.update(translations([spec[name]], language))
    if language == "en" and spec["region"] in SPANISH_REGIONS:
        strings[spec["region"]] = SPANISH_REGIONS[spec["region"]]
    page = CommunityPage(
        title=in_language(spec["title"], language),
        slug=spec["slug"],
        kind=spec["kind"],
        country=spec["country"],
        region=spec["region"],
        founded_on=spec["founded_on"],
        confidentiality_rule=spec["confidentiality_rule"],
        meeting_duration_minutes=spec["duration"],
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    area = page.members_area()
    name = [in_language(MEMBERS_AREA[key], language) for key in ("title", "slug")]
    if [area.title, area.slug] != name:
        area.title, area.slug = name
        area.save_revision().publish()
    loader.translate(page, strings)
    loader.translate(area, translations(MEMBERS_AREA.values(), language))
    return page


def _memberships(loader, community, spec, institutions):
    for key in spec["members"]:
        Membership.objects.get_or_create(
            community=community,
            institution=institutions[key],
            defaults={
                "role": spec["roles"].get(key, Role.PLENARY),
                "status": Membership.Status.ACTIVE,
                "start_date": spec["start"],
            },
        )
    slug, title = spec["slug"], spec["title"][0]
    moderator_of = institutions[spec["moderator_of"]]
    member_of = institutions[spec["member_of"]]
    moderator = loader.user(
        f"{slug}-moderator", f"Moderator of {title} ({moderator_of.name_in('en')})"
    )
    member = loader.user(
        f"{slug}-member", f"Member of {title} ({member_of.name_in('en')})"
    )
    for user, institution in ((moderator, moderator_of), (member, member_of)):
        membership = Membership.objects.get(
            community=community, institution=institution
        )
        if not membership.representatives.filter(pk=user.pk).exists():
            membership.representatives.add(user)


def _meetings(loader, community, language, institutions):
    area = community.members_area()
    for spec in MEETINGS[community.slug]:
        slug = in_language(spec["slug"], language)
        if MeetingPage.objects.child_of(area).filter(slug=slug).exists():
            continue
        when = spec["when"]
        if when == "upcoming":
            moment = timezone.now() + datetime.timedelta(days=21)
            when = timezone.localtime(moment).replace(
                hour=9, minute=0, second=0, microsecond=0
            )
        else:
            when = timezone.make_aware(when)
        minutes, strings = _rich(spec["minutes"], language)
        meeting = MeetingPage(
            title=in_language(spec["title"], language),
            slug=slug,
            starts_at=when,
            duration_minutes=community.meeting_duration_minutes or 120,
            venue=spec["venue"],
            agenda=in_language(spec["agenda"], language),
            guests=in_language(spec["guests"], language),
            minutes=minutes,
        )
        area.add_child(instance=meeting)
        meeting.attended_by.set([institutions[key] for key in spec["attendees"]])
        meeting.save_revision().publish()
        for key, text in spec["notes"]:
            AttributedNote.objects.create(
                meeting=meeting, speaker_institution=institutions[key], text=text
            )
        strings.update(
            translations(
                [spec["slug"], spec["title"], spec["agenda"], spec["guests"]], language
            )
        )
        # The meeting's facts (date, venue, attendance) are shared, not translated.
        loader.translate(meeting, strings)


def _work_plan(loader, community, language):
    spec = WORK_PLANS.get(community.slug)
    if spec is None:
        return
    area = community.members_area()
    slug = in_language(spec["slug"], language)
    if WorkPlanPage.objects.child_of(area).filter(slug=slug).exists():
        return
    plan = WorkPlanPage(
        title=in_language(spec["title"], language),
        slug=slug,
        starts_on=spec["period"][0],
        ends_on=spec["period"][1],
    )
    area.add_child(instance=plan)
    owners = [
        membership.institution
        for membership in community.memberships()
        .exclude(role=Role.OBSERVER)
        .select_related("institution")
    ]
    titles = []
    for position, fields in enumerate(spec["activities"]()):
        titles.append(fields.pop("title"))
        activity = Activity(
            plan=plan,
            sort_order=position,
            title=in_language(titles[-1], language),
            **fields,
        )
        activity.assigned_institutions.set(owners[position % len(owners) :][:2])
        activity.save()
    plan.save_revision().publish()
    loader.translate(
        plan, translations([spec["title"], spec["slug"], *titles], language)
    )


def load(loader):
    home = english_home()
    institutions = _institutions()
    loader.progress(f"{len(INSTITUTIONS)} institutions by pillar, named per language")
    index = _index(loader, home)
    for spec in COMMUNITIES:
        community = _community(loader, index, spec)
        _memberships(loader, community, spec, institutions)
        _meetings(loader, community, spec["language"], institutions)
        _work_plan(loader, community, spec["language"])
        written = "in Spanish, translated to English"
        if spec["language"] == "en":
            written = "in English, translated to Spanish"
        loader.progress(f"Community: {spec['title'][0]}, written {written}")


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
