"""Synthetic content at scale, for benchmarks: `manage.py generate_content N`.

Builds about N pages in English and Spanish, like a site that has grown for
years: communities (each with its restricted members area), meetings in those
members areas, case studies and good practices, and documents (public ones in
"Publications", members-only ones in the communities' private collections).
Every item is written in English and in Spanish, the two linked as translations
(one `translation_key`, a wagtail-localize translation that is not synchronised:
both texts are written directly). A fixed seed makes the content, and so the
benchmark figures, the same on every run.

Communities are made one by one, as editors do (their groups, collection,
members area and workflow come from the communities app). Everything else is
written in bulk (`intranet.bulk`) and indexed for search in bulk at the end.
"""

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from taggit.models import Tag, TaggedItem
from wagtail.models import Locale

from communities.models import (
    CommunityIndexPage,
    CommunityPage,
    Institution,
    MeetingPage,
)
from intranet.bulk import add_live_children, specific_pages, update_search_backends
from intranet.models import english_home
from intranet.taxonomy import Pillar
from intranet.translation import record_translations_in_bulk, translate_page
from resources.models import Confidentiality, Document, DocumentType, TextStatus
from resources.pages import (
    CaseStudyCommunity,
    CaseStudyPage,
    GoodPracticePage,
    Theme,
)
from resources.services import ensure_knowledge_indexes, publications_collection
from search.indexing import index_items_in_bulk

SLUG_PREFIX = "gen-"
DEFAULT_SEED = 2016
BATCH = 1000

PLACES = (
    ("PE", "Cusco", "Espinar"),
    ("PE", "Moquegua", "Ilo"),
    ("PE", "Lima", "Huarochirí"),
    ("PE", "Apurímac", "Cotabambas"),
    ("PE", "Cajamarca", "Hualgayoc"),
    ("GH", "Western Region", "Tarkwa"),
    ("GH", "Ashanti", "Obuasi"),
    ("GH", "Upper East", "Bolgatanga"),
)
# (English, Spanish) subjects: what meetings, case studies and practices are about.
SUBJECTS = (
    ("water monitoring", "monitoreo del agua"),
    ("prior consultation", "consulta previa"),
    ("artisanal gold mining", "minería artesanal de oro"),
    ("women in mining", "mujeres en la minería"),
    ("royalty distribution", "distribución del canon"),
    ("land rights", "derechos sobre la tierra"),
    ("mine closure", "cierre de minas"),
    ("youth employment", "empleo juvenil"),
    ("police and community relations", "relaciones entre policía y comunidad"),
    ("environmental impact assessment", "evaluación de impacto ambiental"),
    ("local procurement", "compras locales"),
    ("grievance mechanisms", "mecanismos de quejas"),
    ("mercury reduction", "reducción del mercurio"),
    ("revenue transparency", "transparencia de los ingresos"),
    ("road safety near mine sites", "seguridad vial cerca de las minas"),
    ("resettlement", "reasentamiento"),
)
ACTIONS = (
    ("Dialogue on", "Diálogo sobre"),
    ("Working session on", "Sesión de trabajo sobre"),
    ("Review of", "Revisión de"),
    ("Field visit on", "Visita de campo sobre"),
    ("Agreement on", "Acuerdo sobre"),
)
PRACTICES = (
    ("Agree the rules on", "Acordar las reglas sobre"),
    ("Invite every sector to discuss", "Invitar a todos los sectores a discutir"),
    (
        "Visit the sites together before deciding on",
        "Visitar juntos antes de decidir sobre",
    ),
    ("Publish the figures on", "Publicar las cifras sobre"),
)
SENTENCES = (
    (
        "Representatives of the company, the regional government and the "
        "communities met to discuss {subject} in {place}.",
        "Representantes de la empresa, el gobierno regional y las comunidades se "
        "reunieron para tratar {subject} en {place}.",
    ),
    (
        "The group agreed to share monitoring data every quarter and to invite "
        "independent observers.",
        "El grupo acordó compartir los datos de monitoreo cada trimestre e invitar "
        "a observadores independientes.",
    ),
    (
        "Participants from civil society asked for clearer information on "
        "{subject} before the next meeting.",
        "Los participantes de la sociedad civil pidieron información más clara "
        "sobre {subject} antes de la próxima reunión.",
    ),
    (
        "The academic members presented a study of {subject} in {region}.",
        "Los miembros de la academia presentaron un estudio sobre {subject} en "
        "{region}.",
    ),
    (
        "Trust grew as each sector explained its constraints in plain words.",
        "La confianza creció a medida que cada sector explicó sus límites con "
        "palabras sencillas.",
    ),
    (
        "A working group will draft a proposal on {subject} for the plenary.",
        "Un grupo de trabajo redactará una propuesta sobre {subject} para el plenario.",
    ),
)
INSTITUTIONS = (
    (
        "Regional Directorate of Energy and Mines",
        "Dirección Regional de Energía y Minas",
        "DREM",
        Pillar.GOVERNMENT,
    ),
    ("Mining Company", "Compañía Minera", "CM", Pillar.COMPANY),
    (
        "Water Users Association",
        "Junta de Usuarios de Agua",
        "JUA",
        Pillar.CIVIL_SOCIETY,
    ),
    ("National University", "Universidad Nacional", "UN", Pillar.ACADEMIA),
    ("Ombudsman Office", "Defensoría del Pueblo", "DP", Pillar.OBSERVER),
    (
        "Federation of Peasant Communities",
        "Federación de Comunidades Campesinas",
        "FCC",
        Pillar.CIVIL_SOCIETY,
    ),
)
TOPICS = ("water", "dialogue", "gold", "consultation", "women", "youth", "closure")


def plan_sizes(pages):
    """How many of each kind make about `pages` pages (both languages counted)."""
    communities = max(2, min(40, pages // 1000))
    pairs = max(3, (pages - 4 * communities) // 2)
    meetings = pairs // 2
    case_studies = (pairs - meetings) // 2
    return {
        "communities": communities,
        "meetings": meetings,
        "case_studies": case_studies,
        "good_practices": pairs - meetings - case_studies,
        "documents": max(2, pages // 10),
    }


def already_generated():
    return CommunityPage.objects.filter(slug__startswith=SLUG_PREFIX).exists()


class Generator:
    def __init__(self, pages, seed=DEFAULT_SEED, progress=None):
        self.sizes = plan_sizes(pages)
        self.random = random.Random(seed)
        self.progress = progress or (lambda message: None)
        self.english = Locale.objects.get(language_code="en")
        self.spanish = Locale.objects.get(language_code="es")
        self.written_pages = []
        self.written_documents = []

    # --- Text ---------------------------------------------------------------

    def paragraphs(self, subject, place, count=3):
        """The same text in English and Spanish: (English html, Spanish html)."""
        country, region, town = place
        chosen = [self.random.choice(SENTENCES) for _ in range(count * 2)]
        texts = []
        for language in (0, 1):
            sentences = [
                pair[language].format(
                    subject=subject[language], place=town, region=region
                )
                for pair in chosen
            ]
            texts.append(
                "".join(
                    f"<p>{' '.join(sentences[index : index + 2])}</p>"
                    for index in range(0, len(sentences), 2)
                )
            )
        return texts

    def pick(self):
        return self.random.choice(SUBJECTS), self.random.choice(PLACES)

    # --- Communities ----------------------------------------------------------

    def communities(self):
        home = english_home()
        if not home.get_translations().filter(locale=self.spanish).exists():
            translate_page(home, "es", {home.title: home.title})
        index = CommunityIndexPage.objects.filter(locale=self.english).first()
        if index is None:
            index = CommunityIndexPage(title="Communities", slug="communities")
            home.add_child(instance=index)
            index.save_revision().publish()
            translate_page(index, "es", {"Communities": "Comunidades"})
        communities = []
        for number in range(1, self.sizes["communities"] + 1):
            place = PLACES[(number - 1) % len(PLACES)]
            country, region, town = place
            page = CommunityPage(
                title=f"{town} mining dialogue group {number}",
                slug=f"{SLUG_PREFIX}community-{number}",
                country=country,
                region=region,
                founded_on=datetime.date(2010 + number % 12, 1 + number % 12, 1),
                summary=(
                    f"Companies, government and civil society of {town} "
                    "learning together."
                ),
            )
            index.add_child(instance=page)
            page.save_revision().publish()
            translate_page(
                page,
                "es",
                {
                    page.title: f"Grupo de diálogo minero de {town} {number}",
                    page.summary: (
                        f"Empresas, Estado y sociedad civil de {town} "
                        "aprendiendo juntos."
                    ),
                },
            )
            area = page.members_area()
            translate_page(area, "es", {area.title: "Área de miembros"})
            # Names are unique: a second group in the same town numbers its own.
            suffix = "" if number <= len(PLACES) else f" {number}"
            institutions = [
                Institution.objects.create(
                    name=(
                        f"{name_es} de {town}{suffix}"
                        if country == "PE"
                        else f"{town} {name_en}{suffix}"
                    ),
                    name_en=f"{town} {name_en}{suffix}",
                    name_es=f"{name_es} de {town}{suffix}",
                    acronym=f"{acronym}-{number}",
                    pillar=pillar,
                    country=country,
                )
                for name_en, name_es, acronym, pillar in INSTITUTIONS
            ]
            page.refresh_from_db()
            communities.append(
                {
                    "page": page,
                    "spanish": page.get_translation(self.spanish).specific,
                    "area": area,
                    "spanish_area": area.get_translation(self.spanish),
                    "place": place,
                    "institutions": institutions,
                }
            )
            self.progress(
                f"community {number}/{self.sizes['communities']}: {page.title}"
            )
        return communities

    # --- Pages in bulk ---------------------------------------------------------

    def write_pairs(self, label, parents, make, count):
        """Write `count` English pages and their Spanish translations, in batches.

        `parents(number)` gives the (English parent, Spanish parent) of item
        `number`; `make(number)` gives its unsaved (English page, Spanish page).
        """
        done = 0
        while done < count:
            batch = range(done + 1, min(count, done + BATCH) + 1)
            by_parent = {}
            for number in batch:
                english_parent, spanish_parent = parents(number)
                english, spanish = make(number)
                english.locale = self.english
                spanish.locale = self.spanish
                spanish.translation_key = english.translation_key = uuid.uuid4()
                by_parent.setdefault((english_parent.pk, spanish_parent.pk), []).append(
                    (english_parent, spanish_parent, english, spanish)
                )
            for rows in by_parent.values():
                english_parent, spanish_parent = rows[0][0], rows[0][1]
                english_pages = add_live_children(
                    english_parent, [row[2] for row in rows]
                )
                spanish_pages = add_live_children(
                    spanish_parent, [row[3] for row in rows]
                )
                record_translations_in_bulk(
                    zip(english_pages, spanish_pages, strict=True), read_sources=False
                )
                self.written_pages += [
                    page.pk for page in english_pages + spanish_pages
                ]
            done = batch[-1]
            self.progress(f"{label}: {done}/{count} (×2 languages)")

    def meetings(self, communities):
        start = datetime.datetime(2012, 1, 1, 9, tzinfo=datetime.UTC)

        def parents(number):
            community = communities[number % len(communities)]
            return community["area"], community["spanish_area"]

        def make(number):
            community = communities[number % len(communities)]
            subject, _place = self.pick()
            place = community["place"]
            action = self.random.choice(ACTIONS)
            english_minutes, spanish_minutes = self.paragraphs(subject, place)
            starts_at = start + datetime.timedelta(days=self.random.randint(0, 5000))
            attended = self.random.sample(community["institutions"], 4)
            guests = self.random.sample(community["institutions"], 1)[0]
            pages = []
            for language, minutes in ((0, english_minutes), (1, spanish_minutes)):
                meeting = MeetingPage(
                    title=f"{action[language]} {subject[language]} ({number})",
                    slug=f"{SLUG_PREFIX}{('meeting', 'reunion')[language]}-{number}",
                    starts_at=starts_at,
                    venue=place[2],
                    agenda="\n".join(
                        [subject[language], self.random.choice(SUBJECTS)[language]]
                    ),
                    guests=f"{guests.name_in(('en', 'es')[language])} "
                    f"({guests.acronym})",
                    minutes=minutes,
                )
                meeting.attended_by = attended
                pages.append(meeting)
            return pages

        self.write_pairs("meetings", parents, make, self.sizes["meetings"])

    def case_studies(self, communities):
        english_index = ensure_knowledge_indexes("en")["case_studies"]
        spanish_index = ensure_knowledge_indexes("es")["case_studies"]

        def make(number):
            subject, place = self.pick()
            community = communities[number % len(communities)]
            country, region, town = place
            challenge = self.paragraphs(subject, place, 2)
            approach = self.paragraphs(subject, place, 2)
            start = self.random.randint(2005, 2022)
            pillars = sorted(self.random.sample(list(Pillar.values), 3))
            topics = self.random.sample(TOPICS, 2)
            pages = []
            titles = (
                f"How {town} worked on {subject[0]} ({number})",
                f"Cómo {town} trabajó en {subject[1]} ({number})",
            )
            for language in (0, 1):
                page = CaseStudyPage(
                    title=titles[language],
                    slug=f"{SLUG_PREFIX}{'case' if language == 0 else 'caso'}-{number}",
                    summary=titles[language] + ".",
                    country=country,
                    region=region,
                    start_year=start,
                    end_year=start + self.random.randint(0, 3),
                    pillars=pillars,
                    challenge=challenge[language],
                    approach=approach[language],
                )
                page.tags.set(topics)
                linked = community["page"] if language == 0 else community["spanish"]
                page.communities = [CaseStudyCommunity(community=linked)]
                pages.append(page)
            return pages

        self.write_pairs(
            "case studies",
            lambda number: (english_index, spanish_index),
            make,
            self.sizes["case_studies"],
        )

    def good_practices(self):
        english_index = ensure_knowledge_indexes("en")["good_practices"]
        spanish_index = ensure_knowledge_indexes("es")["good_practices"]

        def make(number):
            subject, place = self.pick()
            practice = self.paragraphs(subject, place, 2)
            why = self.paragraphs(subject, place, 1)
            verb = self.random.choice(PRACTICES)
            theme = self.random.choice(list(Theme.values))
            topics = self.random.sample(TOPICS, 1)
            pages = []
            for language in (0, 1):
                title = f"{verb[language]} {subject[language]} ({number})"
                page = GoodPracticePage(
                    title=title,
                    slug=f"{SLUG_PREFIX}{('practice', 'practica')[language]}-{number}",
                    summary=title + ".",
                    theme=theme,
                    practice=practice[language],
                    why_it_matters=why[language],
                )
                page.tags.set(topics)
                pages.append(page)
            return pages

        self.write_pairs(
            "good practices",
            lambda number: (english_index, spanish_index),
            make,
            self.sizes["good_practices"],
        )

    # --- Documents -----------------------------------------------------------

    def documents(self, communities):
        """Half public in "Publications", half members-only in a community's
        private collection; each in one language, its text already read."""
        public = publications_collection()
        count = self.sizes["documents"]
        documents, topics = [], []
        for number in range(1, count + 1):
            subject, place = self.pick()
            language = number % 2
            text = self.paragraphs(subject, place, 2)[language]
            plain = text.replace("<p>", "").replace("</p>", "\n").strip()
            restricted = number % 2 == 0
            community = communities[number % len(communities)]
            name = default_storage.save(
                f"documents/{SLUG_PREFIX}document-{number}.txt",
                ContentFile(plain.encode()),
            )
            kind = self.random.choice(list(DocumentType.values))
            title = (
                f"{DocumentType(kind).label} on {subject[0]}, {place[2]} ({number})"
                if language == 0
                else f"{subject[1].capitalize()}, {place[2]} ({number})"
            )
            documents.append(
                Document(
                    title=str(title),
                    file=name,
                    collection=community["page"].collection if restricted else public,
                    document_type=kind,
                    language="en" if language == 0 else "es",
                    date=datetime.date(
                        self.random.randint(2008, 2024), 1 + number % 12, 1
                    ),
                    confidentiality=(
                        Confidentiality.MEMBERS
                        if restricted
                        else Confidentiality.PUBLIC
                    ),
                    description=plain[:200],
                    extracted_text=plain,
                    text_status=TextStatus.EXTRACTED,
                    file_size=len(plain.encode()),
                    created_at=timezone.now(),
                )
            )
            topics.append(self.random.choice(TOPICS))
        Document.objects.bulk_create(documents, batch_size=500)
        document_type = ContentType.objects.get_for_model(Document)
        tags = {name: Tag.objects.get_or_create(name=name)[0] for name in set(topics)}
        TaggedItem.objects.bulk_create(
            [
                TaggedItem(
                    content_type=document_type, object_id=document.pk, tag=tags[name]
                )
                for document, name in zip(documents, topics, strict=True)
            ],
            batch_size=500,
        )
        self.written_documents = [document.pk for document in documents]
        self.progress(f"documents: {count}")

    # --- Indexing ------------------------------------------------------------

    def index(self):
        ids = self.written_pages
        for start in range(0, len(ids), BATCH):
            pages = specific_pages(ids[start : start + BATCH])
            update_search_backends(pages)
            index_items_in_bulk(pages)
            self.progress(
                f"search index: {min(len(ids), start + BATCH)}/{len(ids)} pages"
            )
        documents = list(
            Document.objects.filter(pk__in=self.written_documents).select_related(
                "collection"
            )
        )
        update_search_backends(documents)
        index_items_in_bulk(documents)
        self.progress(f"search index: {len(documents)} documents")

    def run(self):
        communities = self.communities()
        self.meetings(communities)
        self.case_studies(communities)
        self.good_practices()
        self.documents(communities)
        self.index()
        return self.sizes
