"""A small bilingual knowledge base, in the project's own words.

Case studies, good practices and documents about the Voluntary Principles
working groups in Lima and Cusco, the Moquegua community of learning, artisanal
mining dialogues in Ghana and Peru and the practices these groups learnt.
Each item: (key, kind, language, title, summary, body). Kinds: "case" (case
study), "practice" (good practice), "document" (a PDF in the library).
"""

ITEMS = [
    # --- English case studies -------------------------------------------------
    (
        "vp_cusco",
        "case",
        "en",
        "Voluntary Principles working group in Cusco",
        "A regional offshoot of the national group on security and human rights, "
        "for the Macro Sur mining regions.",
        "After clashes between police, private security and protesters near mines, "
        "a feasibility study in 2017 showed that companies, the regional "
        "government and civil society wanted a regional group. Forty police "
        "officers were trained in human rights and the use of force, together "
        "with security managers of two mining companies.",
    ),
    (
        "lima_vps",
        "case",
        "en",
        "National Voluntary Principles working group in Lima",
        "Created in 2010 after an exploratory study, it now brings together 29 "
        "institutions: ministries, extractive companies, NGOs and embassies.",
        "Socios Perú convenes the group, which meets at least once a quarter. "
        "SUCAMEC, the regulator of private security services, and the national "
        "police take part in workshops on security and human rights. The group "
        "became a trusted space for dialogue between different actors.",
    ),
    (
        "moquegua_col",
        "case",
        "en",
        "Moquegua community of learning on mining governance",
        "Regional government, companies and civil society share a neutral space "
        "to improve mining governance in the region.",
        "Disputes over water in the Moquegua valley had broken trust. Three core "
        "pillars guide the dialogue: mutual respect, transparency and commitment. "
        "Social leaders meet state officials and companies in a space that lends "
        "legitimacy to those contacts.",
    ),
    (
        "ghana_asm",
        "case",
        "en",
        "Women in artisanal gold mining in Ghana",
        "Dialogues on galamsey and mercury gave women gold miners a voice and "
        "led to a national learning and leadership group.",
        "Many artisanal and small-scale miners work without a licence; licensing "
        "delays and mercury use harm health and rivers. Women carry and wash ore "
        "and were rarely heard by the Minerals Commission.",
    ),
    (
        "socios",
        "case",
        "en",
        "Socios Perú: cross-sectoral collaboration for conflict management",
        "A national centre for civic collaboration founded in 2006 to manage "
        "change and conflict between companies, government and NGOs.",
        "It trains municipal governments and communities in negotiation and "
        "consensus facilitation, and resolves contentious issues around the "
        "extractive industries through multi-stakeholder consensus building.",
    ),
    (
        "tailings",
        "case",
        "en",
        "A grievance mechanism after a tailings spill in Apurímac",
        "Villagers, the company and the district municipality designed a "
        "grievance mechanism together after a tailings spill.",
        "Complaints had gone unanswered for months. A joint committee now "
        "receives each complaint, answers within thirty days and publishes a "
        "register that the community can check.",
    ),
    # --- English good practices -----------------------------------------------
    (
        "leadership",
        "practice",
        "en",
        "Find a champion to lead the group",
        "A leader or champion convenes the three pillars: companies, "
        "governments and civil society.",
        "At first one person or institution takes the initiative; over time "
        "leadership and ownership become collective.",
    ),
    (
        "rules",
        "practice",
        "en",
        "Agree working rules at the first meeting",
        "Cadence, duration and the Chatham House Rule, settled early: how often "
        "members meet and what may be repeated outside.",
        "Write down the confidentiality rule and the meeting cadence, and who "
        "chairs each session.",
    ),
    (
        "scoping",
        "practice",
        "en",
        "Start with a scoping study",
        "A feasibility study maps who should sit at the table and what they expect.",
        "Interview stakeholders before the first meeting and share what you "
        "heard with them.",
    ),
    (
        "state",
        "practice",
        "en",
        "Secure a state commitment",
        "Ministries that sign up early keep the group alive.",
        "Ask the ministries of energy and mines and of the interior for a "
        "letter of support; the government must commit staff to the group.",
    ),
    (
        "facilitator",
        "practice",
        "en",
        "Use a neutral facilitator",
        "A trusted NGO with no stake in the outcome convenes the dialogue.",
        "The facilitator keeps time, balances voices and writes non-attributed "
        "minutes.",
    ),
    (
        "priorities",
        "practice",
        "en",
        "Let local priorities set the dialogue agenda",
        "Participatory research with local players sets the agenda, not "
        "international donors.",
        "Dialogues begin with local research, agree priorities and build "
        "national ownership of a solutions-focused agenda.",
    ),
    # --- Spanish case studies -------------------------------------------------
    (
        "es_policia",
        "case",
        "es",
        "Diálogo entre policías y comunidades en Cusco",
        "Participación ciudadana y derechos humanos en la seguridad minera.",
        "Tras enfrentamientos entre la policía y las comunidades, las "
        "comisarías y las rondas campesinas se reúnen cada mes.",
    ),
    (
        "es_agua",
        "case",
        "es",
        "Monitoreo participativo del agua en Moquegua",
        "Comunidades campesinas vigilan la calidad del agua del río.",
        "La desconfianza sobre los informes de la empresa llevó a un comité de "
        "monitoreo con la autoridad local del agua.",
    ),
    (
        "es_consulta",
        "case",
        "es",
        "Consulta previa con comunidades quechuas en Apurímac",
        "Cómo se aplicó la Ley de consulta previa a los pueblos indígenas antes "
        "de un proyecto minero.",
        "El Ministerio de Cultura acompañó el proceso; las comunidades "
        "quechuas pidieron intérpretes y más tiempo para deliberar.",
    ),
    (
        "es_gobernanza",
        "case",
        "es",
        "Gobernanza minera en la región Moquegua",
        "Un espacio neutral donde el gobierno regional, las empresas y la "
        "sociedad civil mejoran la gobernanza de la minería.",
        "Respeto mutuo, transparencia y compromiso son los pilares del diálogo "
        "entre líderes sociales y funcionarios.",
    ),
    (
        "es_artesanal",
        "case",
        "es",
        "Formalización de la minería artesanal en Puno",
        "Mineros artesanales e informales inscritos en el REINFO buscan la "
        "formalización.",
        "El uso de mercurio y la falta de títulos frenan la formalización; una "
        "mesa técnica reúne a mineros, gobierno regional y empresas.",
    ),
    (
        "es_serenazgo",
        "case",
        "es",
        "Capacitación del serenazgo municipal en Arequipa",
        "Serenos y policías aprendieron el uso proporcional de la fuerza.",
        "Talleres sobre derechos humanos para el serenazgo de tres distritos mineros.",
    ),
    # --- Spanish good practices -----------------------------------------------
    (
        "es_reglas",
        "practice",
        "es",
        "Reglas de funcionamiento claras",
        "Confidencialidad y reuniones trimestrales acordadas al inicio.",
        "Acordar la regla de Chatham House desde la primera sesión.",
    ),
    (
        "es_estado",
        "practice",
        "es",
        "Asegurar el compromiso del Estado",
        "Los ministerios que se suman temprano sostienen el grupo.",
        "Pedir una carta de apoyo a los ministerios de Energía y Minas y del Interior.",
    ),
    (
        "es_facilitador",
        "practice",
        "es",
        "Un facilitador neutral y de confianza",
        "Una ONG sin intereses en el resultado convoca el diálogo.",
        "El facilitador cuida los tiempos y equilibra las voces.",
    ),
    (
        "es_mujeres",
        "practice",
        "es",
        "Incluir a las mujeres en las mesas de diálogo",
        "Las mujeres mineras y las dirigentas comunales también deciden.",
        "Horarios compatibles con el cuidado de los hijos y un enfoque de "
        "género en cada sesión.",
    ),
    (
        "es_liderazgo",
        "practice",
        "es",
        "Liderazgo colectivo del grupo de trabajo",
        "Un líder impulsa al inicio; luego el liderazgo se comparte.",
        "Las tres partes, empresas, Estado y sociedad civil, asumen la "
        "conducción por turnos.",
    ),
    # --- Documents (text inside a PDF) ----------------------------------------
    (
        "toolkit",
        "document",
        "en",
        "Ten steps to promote the Voluntary Principles",
        "",
        "The Peruvian working group model: leadership, a scoping study, "
        "working rules and a state commitment, step by step.",
    ),
    (
        "informe",
        "document",
        "es",
        "Informe anual del grupo de trabajo",
        "",
        "Capacitaciones al serenazgo municipal y a la policía sobre el uso de "
        "la fuerza; balance de las reuniones del año.",
    ),
]
