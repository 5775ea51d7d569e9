"""A labelled set of queries over a bilingual knowledge base, and what people
expect of the ranking: nDCG@10 and MRR over English and Spanish queries in
natural language, misspelled, without accents and across languages.

The content (tests/search/knowledge_base.py) is built with the knowledge
base's own factories and published the way editors publish, so the signal
handlers index real pages and the text inside real PDFs.

What is judged is what a reader sees: the results, then the other language's
results shown below them. When a query finds nothing and the page proposes
other words ("did you mean"), the reader's click on it is followed.
"""

import math

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from resources.factories import (
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    DocumentFactory,
    GoodPracticeIndexPageFactory,
    GoodPracticePageFactory,
)
from resources.pdf import pdf_bytes
from search.engine import get_engine
from tests.search.conftest import refresh_search_index
from tests.search.knowledge_base import ITEMS


def _publish(page):
    page.save_revision().publish()
    return page


def _case_study(parent, title, summary, body, language):
    return _publish(
        CaseStudyPageFactory(
            parent=parent,
            title=title,
            summary=summary,
            challenge=f"<p>{body}</p>",
            approach="",
            results="",
            lessons_learned="",
            country="PE" if language == "es" else "",
            region="",
        )
    )


def _good_practice(parent, title, summary, body, language):
    return _publish(
        GoodPracticePageFactory(
            parent=parent,
            title=title,
            summary=summary,
            practice=f"<p>{body}</p>",
            why_it_matters="",
            steps=[],
            where_it_applies="",
        )
    )


def _document(title, language, text):
    return DocumentFactory(
        title=title,
        language=language,
        file=ContentFile(pdf_bytes(title, [text]), name="report.pdf"),
    )


@pytest.fixture
def knowledge_base(home, spanish_home):
    parents = {
        ("case", "en"): CaseStudyIndexPageFactory(parent=home),
        ("practice", "en"): GoodPracticeIndexPageFactory(parent=home),
        ("case", "es"): CaseStudyIndexPageFactory(parent=spanish_home, slug="casos"),
        ("practice", "es"): GoodPracticeIndexPageFactory(
            parent=spanish_home, slug="practicas"
        ),
    }
    makers = {"case": _case_study, "practice": _good_practice}
    items = {}
    for key, kind, language, title, summary, body in ITEMS:
        if kind == "document":
            items[key] = _document(title, language, body)
        else:
            parent = parents[(kind, language)]
            items[key] = makers[kind](parent, title, summary, body, language)
    refresh_search_index()
    return items


# (path, query, {item: grade}): 3 is the item asked for, 1 a useful companion.
LABELLED = [
    # English, in keywords and in natural language
    ("/search/", "voluntary principles Cusco", {"vp_cusco": 3, "lima_vps": 1}),
    ("/search/", "police officers trained in Cusco", {"vp_cusco": 3}),
    ("/search/", "private security and protesters", {"vp_cusco": 3}),
    ("/search/", "women gold miners Ghana", {"ghana_asm": 3}),
    ("/search/", "galamsey", {"ghana_asm": 3}),
    ("/search/", "mercury use by small-scale miners", {"ghana_asm": 3}),
    ("/search/", "how do we get the state to commit", {"state": 3}),
    ("/search/", "ministries", {"state": 3, "lima_vps": 1}),
    ("/search/", "Chatham House rule", {"rules": 3}),
    ("/search/", "working rules", {"rules": 3}),
    ("/search/", "how often should members meet", {"rules": 3}),
    ("/search/", "scoping study", {"scoping": 3, "toolkit": 1}),
    ("/search/", "feasibility study", {"scoping": 3, "vp_cusco": 1}),
    ("/search/", "who should sit at the table", {"scoping": 3}),
    ("/search/", "champion to lead", {"leadership": 3}),
    ("/search/", "neutral facilitator", {"facilitator": 3}),
    ("/search/", "a trusted NGO to convene the dialogue", {"facilitator": 3}),
    ("/search/", "tailings spill", {"tailings": 3}),
    ("/search/", "grievance mechanism", {"tailings": 3}),
    ("/search/", "Moquegua water disputes", {"moquegua_col": 3}),
    ("/search/", "community of learning in Moquegua", {"moquegua_col": 3}),
    ("/search/", "mutual respect transparency", {"moquegua_col": 3}),
    ("/search/", "conflict management", {"socios": 3}),
    ("/search/", "consensus facilitation", {"socios": 3}),
    ("/search/", "embassies", {"lima_vps": 3}),
    ("/search/", "national working group in Lima", {"lima_vps": 3}),
    ("/search/", "SUCAMEC", {"lima_vps": 3}),
    ("/search/", "local priorities", {"priorities": 3}),
    ("/search/", "participatory research", {"priorities": 3}),
    ("/search/", "ten steps voluntary principles", {"toolkit": 3}),
    # English without accents, misspelled
    ("/search/", "Socios Peru", {"socios": 3, "lima_vps": 1}),
    ("/search/", "Apurimac tailings", {"tailings": 3}),
    ("/search/", "goverance", {"moquegua_col": 3}),
    ("/search/", "galamsy", {"ghana_asm": 3}),
    ("/search/", "mecury", {"ghana_asm": 3}),
    ("/search/", "facilitater", {"facilitator": 3}),
    ("/search/", "grievence mechanism", {"tailings": 3}),
    ("/search/", "voluntery principles working group Lima", {"lima_vps": 3}),
    # English site, Spanish answers
    ("/search/", "consulta previa", {"es_consulta": 3}),
    ("/search/", "serenazgo", {"es_serenazgo": 3, "informe": 1}),
    ("/search/", "REINFO", {"es_artesanal": 3}),
    ("/search/", "monitoreo participativo", {"es_agua": 3}),
    # Spanish, in keywords and in natural language
    ("/es/search/", "policía", {"es_policia": 3}),
    ("/es/search/", "participación ciudadana", {"es_policia": 3}),
    ("/es/search/", "derechos humanos policias", {"es_policia": 3}),
    ("/es/search/", "reglas de funcionamiento", {"es_reglas": 3}),
    ("/es/search/", "confidencialidad", {"es_reglas": 3}),
    ("/es/search/", "reunion trimestral", {"es_reglas": 3}),
    ("/es/search/", "Chatham House", {"es_reglas": 3}),
    ("/es/search/", "monitoreo del agua", {"es_agua": 3}),
    ("/es/search/", "calidad del agua del rio", {"es_agua": 3}),
    ("/es/search/", "consulta previa pueblos indigenas", {"es_consulta": 3}),
    ("/es/search/", "comunidades quechuas", {"es_consulta": 3}),
    ("/es/search/", "gobernanza minera en Moquegua", {"es_gobernanza": 3}),
    ("/es/search/", "mineria artesanal", {"es_artesanal": 3}),
    ("/es/search/", "como formalizar a los mineros informales", {"es_artesanal": 3}),
    ("/es/search/", "uso de la fuerza", {"es_serenazgo": 3, "informe": 1}),
    ("/es/search/", "compromiso del Estado", {"es_estado": 3}),
    ("/es/search/", "carta de apoyo de los ministerios", {"es_estado": 3}),
    ("/es/search/", "facilitador neutral", {"es_facilitador": 3}),
    ("/es/search/", "mujeres mineras", {"es_mujeres": 3}),
    ("/es/search/", "enfoque de genero", {"es_mujeres": 3}),
    ("/es/search/", "liderazgo colectivo", {"es_liderazgo": 3}),
    ("/es/search/", "informe anual", {"informe": 3}),
    # Spanish misspelled, and Spanish site with English answers
    ("/es/search/", "gobernansa", {"es_gobernanza": 3}),
    ("/es/search/", "facilitadr", {"es_facilitador": 3}),
    ("/es/search/", "formalisacion", {"es_artesanal": 3}),
    ("/es/search/", "galamsey", {"ghana_asm": 3}),
    ("/es/search/", "galamsey licensing delays", {"ghana_asm": 3}),
]


def _seen(client, path, query):
    """Titles a reader sees for `query`: results, then the other language's;
    when nothing is found, those of the proposed words."""
    answer = client.get(path, {"q": query, "format": "json"}).json()
    if not answer["results"] and answer.get("did_you_mean"):
        answer = client.get(
            path, {"q": answer["did_you_mean"], "format": "json"}
        ).json()
    other = answer.get("other_language") or {"results": []}
    return [result["title"] for result in answer["results"] + other["results"]]


def _dcg(gains):
    return sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))


def _judge(titles, grades):
    gains = [2 ** grades.get(title, 0) - 1 for title in titles[:10]]
    ideal = _dcg(sorted((2**grade - 1 for grade in grades.values()), reverse=True))
    wanted = max(grades.values())
    first = next(
        (rank for rank, title in enumerate(titles, 1) if grades.get(title) == wanted),
        None,
    )
    return _dcg(gains) / ideal, 1 / first if first else 0.0


def test_the_labelled_set_is_ranked_as_people_expect(client, knowledge_base):
    ndcgs, reciprocal_ranks, misses = [], [], []
    for path, query, labels in LABELLED:
        grades = {knowledge_base[key].title: grade for key, grade in labels.items()}
        titles = _seen(client, path, query)
        ndcg, reciprocal_rank = _judge(titles, grades)
        ndcgs.append(ndcg)
        reciprocal_ranks.append(reciprocal_rank)
        if reciprocal_rank < 1:
            misses.append((path, query, titles[:3]))
    mean_ndcg = sum(ndcgs) / len(ndcgs)
    mrr = sum(reciprocal_ranks) / len(reciprocal_ranks)
    figures = f"{get_engine().name}: nDCG@10 {mean_ndcg:.3f}, MRR {mrr:.3f}, {misses}"

    assert len(LABELLED) >= 60
    assert {path for path, _query, _labels in LABELLED} == {"/search/", "/es/search/"}
    assert mean_ndcg >= 0.95, figures
    assert mrr >= 0.97, figures


def test_the_engine_is_native_to_the_database(db):
    expected = "postgresql" if connection.vendor == "postgresql" else "portable"
    assert get_engine().name == expected


def test_words_only_inside_a_pdf_find_the_document(client, knowledge_base):
    answer = client.get("/search/", {"q": "Peruvian model", "format": "json"}).json()

    result = answer["results"][0]
    assert result["type"] == "document"
    assert result["url"] == knowledge_base["toolkit"].url
    assert "<mark>Peruvian</mark>" in result["snippet"]


def test_document_results_show_type_and_language(client, knowledge_base):
    html = client.get("/search/", {"q": "Peruvian"}).content.decode()

    assert "Ten steps to promote the Voluntary Principles" in html
    assert f'href="{knowledge_base["toolkit"].url}"' in html
    assert "Document" in html
    assert "English" in html


def test_unpublished_and_deleted_pages_leave_the_index(client, knowledge_base):
    knowledge_base["ghana_asm"].unpublish()
    knowledge_base["scoping"].delete()
    refresh_search_index()

    for query in ("galamsey", "interview"):
        answer = client.get("/search/", {"q": query, "format": "json"}).json()
        assert answer["total"] == 0, query


def test_moved_pages_keep_their_restrictions(client, knowledge_base, restricted_page):
    page = knowledge_base["vp_cusco"]
    page.move(restricted_page, pos="last-child")
    refresh_search_index()

    answer = client.get("/search/", {"q": "Macro Sur forty", "format": "json"})

    assert answer.json()["total"] == 0


def test_a_deleted_document_leaves_the_index(client, knowledge_base):
    knowledge_base["toolkit"].delete()
    refresh_search_index()

    answer = client.get("/search/", {"q": "Peruvian", "format": "json"}).json()

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

    answer = client.get(
        "/search/", {"q": "voluntary principles Cusco", "format": "json"}
    )

    assert answer.json()["results"][0]["url"].startswith("/experiences/")
    assert client.get(answer.json()["results"][0]["url"]).status_code == 200


def test_a_published_translation_is_found_in_spanish(client, knowledge_base):
    from intranet.translation import translate_page

    case = knowledge_base["ghana_asm"]
    spanish = "Mujeres en la minería artesanal de oro en Ghana"
    translate_page(case.get_parent(), "es", {"Case studies": "Estudios de caso"})
    translate_page(case, "es", {case.title: spanish})
    refresh_search_index()

    answer = client.get(
        "/es/search/", {"q": "mineria artesanal de oro", "format": "json"}
    )

    assert answer.json()["results"][0]["title"] == spanish
    assert answer.json()["results"][0]["url"].startswith("/es/")
