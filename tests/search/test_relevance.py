"""A labelled set of queries, each putting the item a person expects first.

Built with the knowledge base's own factories and published the way editors
publish, so the signal handlers index real content (and real PDF text).
"""

import pytest
from django.core.files.base import ContentFile

from resources.factories import (
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    DocumentFactory,
    GoodPracticeIndexPageFactory,
    GoodPracticePageFactory,
)
from resources.pdf import pdf_bytes
from tests.search.conftest import refresh_search_index


def _publish(page):
    page.save_revision().publish()
    return page


def _case_study(parent, title, summary, challenge, **extra):
    return _publish(
        CaseStudyPageFactory(
            parent=parent,
            title=title,
            summary=summary,
            challenge=f"<p>{challenge}</p>",
            approach="<p>Meetings at one table.</p>",
            results="<p>A shared plan.</p>",
            lessons_learned="<p>Patience pays.</p>",
            **extra,
        )
    )


def _good_practice(parent, title, summary, practice):
    return _publish(
        GoodPracticePageFactory(
            parent=parent,
            title=title,
            summary=summary,
            practice=f"<p>{practice}</p>",
            why_it_matters="<p>Trust grows slowly.</p>",
            where_it_applies="Any group.",
        )
    )


def _document(title, language, paragraphs):
    return DocumentFactory(
        title=title,
        language=language,
        file=ContentFile(pdf_bytes(title, paragraphs), name="report.pdf"),
    )


@pytest.fixture
def knowledge_base(home, spanish_home):
    cases = CaseStudyIndexPageFactory(parent=home)
    practices = GoodPracticeIndexPageFactory(parent=home)
    casos = CaseStudyIndexPageFactory(parent=spanish_home, slug="casos")
    practicas = GoodPracticeIndexPageFactory(parent=spanish_home, slug="practicas")
    items = {
        "vp_cusco": _case_study(
            cases,
            "Voluntary Principles working group in Cusco",
            "A regional offshoot of the national group on security and human rights.",
            "Clashes between police, private security and protesters near mines.",
            country="PE",
            region="Cusco",
            start_year=2017,
            end_year=2018,
        ),
        "ghana": _case_study(
            cases,
            "Artisanal mining dialogue in Ghana",
            "Dialogues that produced a national learning and leadership group.",
            "Galamsey pits, licensing delays for small-scale miners, mercury use.",
            country="GH",
            region="",
            start_year=2015,
            end_year=2016,
        ),
        "moquegua": _case_study(
            cases,
            "Moquegua community of learning",
            "Regional government, companies and civil society on mining governance.",
            "Disputes over water in the Moquegua valley.",
            country="PE",
            region="Moquegua",
            start_year=2012,
            end_year=2014,
        ),
        "rules": _good_practice(
            practices,
            "Agree working rules at the first meeting",
            "Cadence, duration and the Chatham House Rule, settled early.",
            "Write down the confidentiality rule and the meeting cadence.",
        ),
        "scoping": _good_practice(
            practices,
            "Start with a scoping study",
            "A feasibility study maps who should sit at the table.",
            "Interview stakeholders before the first meeting.",
        ),
        "state": _good_practice(
            practices,
            "Secure a state commitment",
            "Ministries that sign up early keep the group alive.",
            "Ask the ministries of energy and interior for a letter of support.",
        ),
        "policia": _case_study(
            casos,
            "Diálogo entre policías y comunidades en Cusco",
            "Participación ciudadana y derechos humanos en la seguridad minera.",
            "Enfrentamientos entre la policía y las comunidades.",
            country="PE",
            region="Cusco",
        ),
        "agua": _case_study(
            casos,
            "Monitoreo participativo del agua en Moquegua",
            "Comunidades campesinas vigilan la calidad del agua.",
            "Desconfianza sobre los informes de la empresa.",
            country="PE",
            region="Moquegua",
        ),
        "reglas": _good_practice(
            practicas,
            "Reglas de funcionamiento claras",
            "Confidencialidad y reuniones trimestrales acordadas al inicio.",
            "Acordar la regla de Chatham House desde la primera sesión.",
        ),
        "toolkit": _document(
            "Regional toolkit 2019",
            "en",
            ["Community grievance mechanisms after tailings spills."],
        ),
        "informe": _document(
            "Informe anual",
            "es",
            ["Capacitaciones al serenazgo municipal sobre el uso de la fuerza."],
        ),
    }
    refresh_search_index()
    return items


LABELLED = [
    # (path, query, expected first)
    ("/search/", "voluntary principles", "vp_cusco"),
    ("/search/", "security human rights Cusco", "vp_cusco"),
    ("/search/", "private security police", "vp_cusco"),
    ("/search/", "artisanal", "ghana"),
    ("/search/", "galamsey", "ghana"),
    ("/search/", "license small-scale miner", "ghana"),
    ("/search/", "Chatham House", "rules"),
    ("/search/", "working rules", "rules"),
    ("/search/", "scoping studies", "scoping"),
    ("/search/", "feasibility", "scoping"),
    ("/search/", "state commitment", "state"),
    ("/search/", "ministry", "state"),
    ("/search/", "grievance mechanism", "toolkit"),
    ("/search/", "tailings spill", "toolkit"),
    ("/search/", "Moquegua water", "moquegua"),
    ("/es/search/", "policia", "policia"),
    ("/es/search/", "participacion ciudadana", "policia"),
    ("/es/search/", "derechos humanos policias", "policia"),
    ("/es/search/", "reglas de funcionamiento", "reglas"),
    ("/es/search/", "confidencialidad", "reglas"),
    ("/es/search/", "reunion trimestral", "reglas"),
    ("/es/search/", "monitoreo del agua", "agua"),
    ("/es/search/", "comunidad campesina", "agua"),
    ("/es/search/", "serenazgo", "informe"),
    ("/es/search/", "capacitacion fuerza", "informe"),
]


def test_every_labelled_query_puts_its_item_first(client, knowledge_base):
    misses = []
    for path, query, expected in LABELLED:
        answer = client.get(path, {"q": query, "format": "json"}).json()
        titles = [result["title"] for result in answer["results"]]
        if not titles or titles[0] != knowledge_base[expected].title:
            misses.append((path, query, expected, titles[:3]))
    assert misses == []
    assert len(LABELLED) >= 20


def test_words_only_inside_a_pdf_find_the_document(client, knowledge_base):
    answer = client.get("/search/", {"q": "grievance", "format": "json"}).json()

    result = answer["results"][0]
    assert result["type"] == "document"
    assert result["url"] == knowledge_base["toolkit"].url
    assert "<mark>grievance</mark>" in result["snippet"]


def test_document_results_show_type_and_language(client, knowledge_base):
    html = client.get("/search/", {"q": "tailings"}).content.decode()

    assert "Regional toolkit 2019" in html
    assert f'href="{knowledge_base["toolkit"].url}"' in html
    assert "Document" in html
    assert "English" in html


def test_unpublished_and_deleted_pages_leave_the_index(client, knowledge_base):
    knowledge_base["ghana"].unpublish()
    knowledge_base["scoping"].delete()
    refresh_search_index()

    for query in ("galamsey", "feasibility"):
        answer = client.get("/search/", {"q": query, "format": "json"}).json()
        assert answer["total"] == 0, query


def test_moved_pages_keep_their_restrictions(client, knowledge_base, restricted_page):
    page = knowledge_base["vp_cusco"]
    page.move(restricted_page, pos="last-child")
    refresh_search_index()

    answer = client.get("/search/", {"q": "voluntary principles", "format": "json"})

    assert answer.json()["total"] == 0


def test_a_deleted_document_leaves_the_index(client, knowledge_base):
    knowledge_base["toolkit"].delete()
    refresh_search_index()

    answer = client.get("/search/", {"q": "grievance", "format": "json"}).json()

    assert answer["total"] == 0


def test_rebuild_finds_the_same_items(client, knowledge_base):
    from django.core.management import call_command

    from search.models import SearchEntry

    before = set(SearchEntry.objects.values_list("display_title", flat=True))
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_entries", stdout=open("/dev/null", "w"))
    refresh_search_index()

    assert set(SearchEntry.objects.values_list("display_title", flat=True)) == before
    answer = client.get("/search/", {"q": "galamsey", "format": "json"}).json()
    assert answer["total"] == 1


def test_a_new_slug_refreshes_the_links_below_it(
    client, knowledge_base, django_capture_on_commit_callbacks
):
    cases = knowledge_base["vp_cusco"].get_parent().specific
    cases.slug = "experiences"
    # Wagtail announces a new slug once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        cases.save_revision().publish()
    refresh_search_index()

    answer = client.get("/search/", {"q": "voluntary principles", "format": "json"})

    assert answer.json()["results"][0]["url"].startswith("/experiences/")
    assert client.get(answer.json()["results"][0]["url"]).status_code == 200


def test_a_published_translation_is_found_in_spanish(client, knowledge_base):
    from intranet.translation import translate_page

    case = knowledge_base["ghana"]
    translate_page(case.get_parent(), "es", {"Case studies": "Estudios de caso"})
    translate_page(
        case,
        "es",
        {"Artisanal mining dialogue in Ghana": "Diálogo sobre minería artesanal"},
    )
    refresh_search_index()

    answer = client.get("/es/search/", {"q": "mineria artesanal", "format": "json"})

    assert answer.json()["results"][0]["title"] == "Diálogo sobre minería artesanal"
    assert answer.json()["results"][0]["url"].startswith("/es/")
