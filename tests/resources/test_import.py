"""`import_content`: Markdown files with front matter become pages and documents."""

import os
import select
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from fpdf import FPDF
from taggit.models import TaggedItem
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

from intranet.importing import ImportProblem, parse_file
from resources.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    GoodPracticeIndexPage,
    GoodPracticePage,
)
from resources.services import ensure_knowledge_indexes

SAMPLES = Path(__file__).parent / "import_samples"
GOOD_ITEMS = 5


def write_pdf(path, text):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    pdf.output(str(path))


@pytest.fixture
def samples(tmp_path):
    """A copy of the sample folder, with the PDF its document points to."""
    folder = tmp_path / "samples"
    shutil.copytree(SAMPLES, folder)
    write_pdf(
        folder / "documents" / "roadmap.pdf",
        "Roadmap for small-scale mining reform agreed in Tarkwa.",
    )
    return folder


def run_import(path, *args):
    """Run the command; returns (stdout, stderr, error or None)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_content", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "documents": get_document_model().objects.count(),
        "tagged": TaggedItem.objects.count(),
        "translations": Translation.objects.count(),
        "live_revisions": list(
            Page.objects.order_by("pk").values_list("pk", "live_revision_id")
        ),
    }


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_empty_database_gets_both_locales_with_translations_linked(samples, client):
    assert not CaseStudyIndexPage.objects.exists()

    out, err, error = run_import(samples)

    assert error is None, err
    assert f"Imported: {GOOD_ITEMS} created, 0 updated, 0 unchanged, 0 skipped." in out
    english = CaseStudyPage.objects.get(slug="tarkwa-dialogue")
    spanish = CaseStudyPage.objects.get(slug="dialogo-tarkwa")
    assert spanish.locale.language_code == "es"
    assert spanish.translation_key == english.translation_key
    assert english.get_translation(spanish.locale).pk == spanish.pk
    assert english.live and spanish.live
    assert english.country.code == "GH"
    assert (english.start_year, english.end_year) == (2015, 2016)
    assert english.pillars == ["company", "government", "civil_society", "academia"]
    assert sorted(tag.name for tag in spanish.tags.all()) == [
        "diálogo",
        "minería artesanal",
    ]

    page = client.get("/case-studies/tarkwa-dialogue/")
    assert page.status_code == 200
    assert "<strong>regulators</strong>" in page.content.decode()
    assert "Voices from the field" in page.content.decode()  # the rest: the body
    page = client.get("/es/casos/dialogo-tarkwa/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "La minería informal crecía rápido" in html
    assert "Informal mining was growing fast" not in html

    practice = GoodPracticePage.objects.get(slug="acordar-reglas")
    assert practice.translation_key == (
        GoodPracticePage.objects.get(slug="agree-working-rules").translation_key
    )
    assert [step.value["title"] for step in practice.steps] == [
        "Proponer una frecuencia de reuniones",
        "Elegir una regla de confidencialidad",
        "Aprobar las reglas en plenaria",
    ]
    page = client.get("/es/buenas-practicas/acordar-reglas/")
    assert page.status_code == 200
    assert "Elegir una regla de confidencialidad" in page.content.decode()

    # The imported text is the translation: wagtail-localize must not sync over it.
    assert not Translation.objects.filter(
        source__object_id=english.translation_key, enabled=True
    ).exists()


@pytest.mark.django_db
def test_document_goes_into_publications_and_is_served(samples, client):
    run_import(samples)

    document = get_document_model().objects.get(title__startswith="Roadmap")
    assert document.collection.name == "Publications"
    assert (document.document_type, document.confidentiality) == ("report", "public")
    assert str(document.date) == "2016-03-01"
    assert document.language == "en"
    assert [tag.name for tag in document.tags.all()] == ["artisanal mining"]
    assert "agreed in Tarkwa" in document.extracted_text
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_second_import_changes_nothing(samples):
    run_import(samples)
    before = counts()

    out, err, error = run_import(samples)

    assert error is None, err
    assert f"0 created, 0 updated, {GOOD_ITEMS} unchanged, 0 skipped" in out
    assert counts() == before


@pytest.mark.django_db
def test_dry_run_reports_and_writes_nothing(samples, settings):
    before = counts()
    files_before = sorted(Path(settings.MEDIA_ROOT).rglob("*"))

    out, err, error = run_import(samples, "--dry-run")

    assert error is None, err
    assert "case study en/tarkwa-dialogue: would create" in out
    assert "document en/tarkwa-roadmap: would create" in out
    assert f"Dry run, nothing written: {GOOD_ITEMS} would create" in out
    assert counts() == before
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == files_before


@pytest.mark.django_db
def test_dry_run_after_a_change_reports_the_changed_fields(samples):
    run_import(samples)
    source = samples / "case-studies" / "tarkwa-dialogue.md"
    source.write_text(
        source.read_text().replace("A roadmap for sector reform", "A reform roadmap")
    )
    before = counts()

    out, _err, _error = run_import(samples, "--dry-run")

    assert "case study en/tarkwa-dialogue: would update (results)" in out
    assert counts() == before


@pytest.mark.django_db
def test_changed_file_updates_the_page_with_one_revision(samples, client):
    run_import(samples)
    page = CaseStudyPage.objects.get(slug="tarkwa-dialogue")
    revisions = page.revisions.count()
    source = samples / "case-studies" / "tarkwa-dialogue.md"
    source.write_text(
        source.read_text()
        .replace("title: A national dialogue", "title: The national dialogue")
        .replace("topics: [artisanal mining, dialogue]", "topics: [dialogue]")
    )

    out, err, error = run_import(samples)

    assert error is None, err
    assert "1 created" not in out and "1 updated" in out
    page.refresh_from_db()
    assert page.title.startswith("The national dialogue")
    assert [tag.name for tag in page.tags.all()] == ["dialogue"]
    assert page.revisions.count() == revisions + 1
    assert "The national dialogue" in client.get(page.url).content.decode()
    # The Spanish translation keeps its own text.
    spanish = CaseStudyPage.objects.get(slug="dialogo-tarkwa")
    assert spanish.title.startswith("Un diálogo nacional")


@pytest.mark.django_db
def test_changed_attachment_replaces_the_document_file(samples):
    run_import(samples)
    document = get_document_model().objects.get()
    first_hash = document.file_hash
    write_pdf(samples / "documents" / "roadmap.pdf", "A second edition of the roadmap.")

    out, _err, error = run_import(samples)

    assert error is None
    assert "document en/tarkwa-roadmap: updated (file)" in out
    document.refresh_from_db()
    assert get_document_model().objects.count() == 1
    assert document.file_hash != first_hash
    assert "second edition" in document.extracted_text


@pytest.mark.django_db
def test_site_with_content_keeps_its_index_pages(samples, spanish_home):
    english = ensure_knowledge_indexes("en")
    spanish = ensure_knowledge_indexes("es")

    _out, err, error = run_import(samples)

    assert error is None, err
    assert CaseStudyIndexPage.objects.count() == 2
    assert GoodPracticeIndexPage.objects.count() == 2
    assert (
        CaseStudyPage.objects.get(slug="tarkwa-dialogue").get_parent().pk
        == english["case_studies"].pk
    )
    assert (
        CaseStudyPage.objects.get(slug="dialogo-tarkwa").get_parent().pk
        == spanish["case_studies"].pk
    )


BAD_FILES = {
    "invalid-yaml.md": (
        "---\ntype: case_study\ntitle: [unclosed\nslug: x\n---\n",
        4,
        "invalid YAML",
    ),
    "unknown-type.md": (
        "---\ntitle: A story\nslug: story\ntype: story\nsummary: s\n---\n",
        4,
        # The list goes on with every kind the apps register.
        "unknown type 'story' (one of: ",
    ),
    "unknown-locale.md": (
        "---\ntype: case_study\ntitle: T\nslug: t\nsummary: s\nlocale: fr\n---\n",
        6,
        "unknown locale 'fr' (one of: en, es)",
    ),
    "no-title.md": (
        "---\ntype: case_study\nslug: untitled\nsummary: s\n---\nText.\n",
        1,
        "missing title",
    ),
    "missing-attachment.md": (
        "---\ntype: document\ntitle: Minutes\nslug: minutes\n"
        "file: files/minutes.pdf\n---\n",
        5,
        "missing attachment 'files/minutes.pdf'",
    ),
    "duplicate.md": (
        "---\ntype: case_study\ntitle: Again\nslug: tarkwa-dialogue\nsummary: s\n---\n",
        4,
        "duplicate slug 'tarkwa-dialogue': already used by",
    ),
    "bad-year.md": (
        "---\ntype: case_study\ntitle: T\nslug: bad-year\nsummary: s\n"
        "start_year: 2016\nend_year: twenty\n---\n",
        7,
        "bad end_year 'twenty': give a year like 2016",
    ),
    "reversed-years.md": (
        "---\ntype: case_study\ntitle: T\nslug: reversed\nsummary: s\n"
        "start_year: 2016\nend_year: 2010\n---\n",
        7,
        "end_year 2010 is before start_year 2016",
    ),
    "unknown-source.md": (
        "---\ntype: case_study\ntitle: T\nslug: huerfano\nsummary: s\nlocale: es\n"
        "translation_of: nowhere\n---\n",
        7,
        "'nowhere' is not a case study in this import or on the site",
    ),
    "secret-in-public.md": (
        "---\ntype: document\ntitle: Minutes\nslug: secret\n"
        "file: ../documents/roadmap.pdf\nconfidentiality: members\n---\n",
        6,
        "a 'members' document must go into a community's private collection",
    ),
    "no-front-matter.md": ("# Just a heading\n", 1, "no YAML front matter"),
    "two-challenges.md": (
        "---\ntype: case_study\ntitle: T\nslug: two\nsummary: s\n---\n"
        "## Challenge\n\nOne.\n\n## Challenge\n\nTwo.\n",
        11,
        "a second '## Challenge' section",
    ),
}


@pytest.mark.django_db
def test_each_bad_file_is_reported_with_its_line_and_the_rest_imported(samples):
    bad_folder = samples / "zz-bad"
    bad_folder.mkdir()
    for name, (text, _line, _message) in BAD_FILES.items():
        write(bad_folder, name, text)

    out, err, error = run_import(samples)

    assert error is not None  # the command exits non-zero
    assert f"{len(BAD_FILES)} file(s) skipped" in str(error)
    lines = err.splitlines()
    for name, (_text, line, message) in BAD_FILES.items():
        prefix = f"{bad_folder / name}:{line}: {message}"
        assert any(entry.startswith(prefix) for entry in lines), (prefix, err)
    assert len(lines) == len(BAD_FILES)
    assert f"{GOOD_ITEMS} created, 0 updated, 0 unchanged, {len(BAD_FILES)}" in out
    assert CaseStudyPage.objects.get(slug="tarkwa-dialogue").title.startswith("A nat")
    assert not CaseStudyPage.objects.filter(slug__in=["untitled", "two"]).exists()


@pytest.mark.django_db
def test_one_file_can_be_imported(samples):
    out, err, error = run_import(samples / "good-practices" / "agree-working-rules.md")

    assert error is None, err
    assert "1 created" in out
    practice = GoodPracticePage.objects.get(slug="agree-working-rules")
    assert practice.theme == "working_rules"
    assert practice.practice.startswith("<p>Write down, in the first months")
    assert "Chatham House Rule" in str(practice.steps)


@pytest.mark.django_db
def test_missing_path_is_an_error(tmp_path):
    _out, _err, error = run_import(tmp_path / "nothing-here")

    assert "no such file or folder" in str(error)


@pytest.mark.django_db
def test_terminal_gets_a_progress_bar(samples):
    leader, follower = os.openpty()
    terminal = os.fdopen(follower, "w")
    call_command("import_content", str(samples), stdout=terminal)
    terminal.flush()
    shown = b""
    while select.select([leader], [], [], 0.2)[0]:
        shown += os.read(leader, 65536)
    terminal.close()
    os.close(leader)
    shown = shown.decode()

    assert f"] {GOOD_ITEMS}/{GOOD_ITEMS}" in shown
    assert "#" * 30 in shown
    assert "Imported: 5 created" in shown


@pytest.mark.django_db
def test_plain_output_has_one_progress_line_per_item(samples):
    out, _err, _error = run_import(samples)

    assert [line for line in out.splitlines() if line.startswith("[")] == [
        line for line in out.splitlines() if "/5] " in line
    ]
    assert len([line for line in out.splitlines() if "/5] " in line]) == GOOD_ITEMS


def test_help_describes_the_command_and_its_options():
    command = load_command_class("intranet", "import_content")
    text = command.create_parser("manage.py", "import_content").format_help()

    assert "PATH" in text
    assert "--dry-run" in text
    assert "docs/import.md" in text


@pytest.fixture
def lima(home):
    from communities.factories import CommunityIndexPageFactory, CommunityPageFactory

    index = CommunityIndexPageFactory(parent=home)
    return CommunityPageFactory(parent=index, title="Lima working group", slug="lima")


@pytest.mark.django_db
def test_community_document_goes_into_its_private_collection(samples, lima, client):
    write_pdf(samples / "documents" / "minutes.pdf", "Minutes of the plenary.")
    write(
        samples / "documents",
        "minutes.md",
        "---\ntype: document\nslug: lima-minutes\ntitle: Plenary minutes\n"
        "file: minutes.pdf\ndocument_type: minutes\nconfidentiality: members\n"
        "community: lima\n---\n",
    )
    source = samples / "case-studies" / "tarkwa-dialogue.md"
    source.write_text(source.read_text().replace("locale: en\n", "community: lima\n"))

    _out, err, error = run_import(samples)

    assert error is None, err
    lima.refresh_from_db()
    minutes = get_document_model().objects.get(title="Plenary minutes")
    assert minutes.collection_id == lima.collection_id
    assert minutes.confidentiality == "members"
    # A visitor cannot fetch it: the collection's privacy protects it.
    response = client.get(minutes.url)
    assert response.status_code in (302, 403)
    case_study = CaseStudyPage.objects.get(slug="tarkwa-dialogue")
    assert [link.community_id for link in case_study.communities.all()] == [lima.pk]
    assert run_import(samples)[0].count(": unchanged") == GOOD_ITEMS + 1


def test_parser_reads_years_sections_and_steps(tmp_path):
    path = write(
        tmp_path,
        "practice.md",
        "---\ntype: good_practice\nslug: lead\ntitle: Lead together\nlocale: es\n"
        "summary: s\nyear: 2017\ntopics: liderazgo\n---\n"
        "## Práctica\n\nUn liderazgo *diverso*.\n\n"
        "## Pasos\n\n### Formar el grupo\n\nCon los tres pilares.\n\n"
        "### Reunirse\n\n## Ejemplo\n\n```\n## no es un título\n```\n",
    )

    item = parse_file(path)

    assert (item.start_year, item.end_year) == (2017, 2017)
    assert item.topics == ["liderazgo"]
    assert item.sections["practice"] == "<p>Un liderazgo <em>diverso</em>.</p>"
    assert [step["value"]["title"] for step in item.sections["steps"]] == [
        "Formar el grupo",
        "Reunirse",
    ]
    assert item.sections["steps"][0]["value"]["text"] == "<p>Con los tres pilares.</p>"
    assert [block["type"] for block in item.body] == ["heading", "paragraph"]
    assert "## no es un título" in item.body[1]["value"]


def test_parser_reports_a_too_long_title_on_its_line(tmp_path):
    path = write(
        tmp_path,
        "long.md",
        f"---\ntype: case_study\nslug: long\nsummary: s\ntitle: {'x' * 300}\n---\n",
    )

    with pytest.raises(ImportProblem) as problem:
        parse_file(path)

    assert str(problem.value) == f"{path}:5: title is longer than 255 characters"


VOCABULARY_FILE = """---
type: {type}
slug: vocabulary-{number}
title: Named by label {number}
locale: en
pillars: [{pillars}]
summary: Vocabulary by name.
---
Body.
"""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, pillars",
    [
        ("case_study", "civil_society, Academia"),
        ("Case study", "civil society, ACADEMIA"),
        ("estudio de caso", "Sociedad civil, academia"),
        ("ESTUDIO DE CASO", "sociedad-civil, Académia"),
    ],
)
def test_vocabulary_takes_codes_and_english_or_spanish_labels(tmp_path, kind, pillars):
    path = write(
        tmp_path,
        "item.md",
        VOCABULARY_FILE.format(type=kind, number=1, pillars=pillars),
    )

    item = parse_file(path)

    assert item.type == "case_study"
    assert item.pillars == ["civil_society", "academia"]


@pytest.mark.django_db
def test_theme_document_type_and_confidentiality_take_labels(tmp_path):
    practice = write(
        tmp_path,
        "practice.md",
        "---\ntype: Buena práctica\nslug: p\ntitle: P\nsummary: s\n"
        "theme: reglas de funcionamiento\n---\nWrite the rules down.\n",
    )
    (tmp_path / "minutes.pdf").write_bytes(b"%PDF-1.4\n")
    document = write(
        tmp_path,
        "document.md",
        "---\ntype: Documento\nslug: d\ntitle: D\nfile: minutes.pdf\n"
        "document_type: ACTAS\nconfidentiality: Members of the community\n---\n",
    )

    assert parse_file(practice).theme == "working_rules"
    parsed = parse_file(document)
    assert (parsed.type, parsed.document_type, parsed.confidentiality) == (
        "document",
        "minutes",
        "members",
    )


@pytest.mark.django_db
def test_unknown_label_lists_codes_and_labels_in_both_languages(tmp_path):
    path = write(
        tmp_path,
        "item.md",
        "---\ntype: case_study\nslug: x\ntitle: X\nsummary: s\n"
        "pillars: [civil socety]\n---\n",
    )

    with pytest.raises(ImportProblem) as problem:
        parse_file(path)

    message = str(problem.value)
    assert message.startswith(f"{path}:6: unknown pillar 'civil socety' (one of: ")
    for accepted in ("civil_society", "Civil society / Sociedad civil", "Academia"):
        assert accepted in message


@pytest.mark.django_db
def test_imported_items_are_searchable_when_the_command_returns(samples, client):
    from wagtail.search.backends import get_search_backend

    from search.models import SearchEntry

    run_import(samples)

    entries = SearchEntry.objects.all()
    assert {(entry.kind, entry.locale) for entry in entries} >= {
        ("case_study", "en"),
        ("case_study", "es"),
        ("good_practice", "en"),
        ("good_practice", "es"),
        ("document", "en"),
    }
    answer = client.get("/es/search/", {"q": "Tarkwa", "format": "json"}).json()
    assert "/es/casos/dialogo-tarkwa/" in {r["url"] for r in answer["results"]}
    # English last: a request leaves its language active for the next test.
    answer = client.get("/search/", {"q": "Tarkwa", "format": "json"}).json()
    assert "/case-studies/tarkwa-dialogue/" in {r["url"] for r in answer["results"]}
    # Wagtail's own page index knows the pages written in bulk too.
    found = get_search_backend().search("Tarkwa", CaseStudyPage)
    assert {page.slug for page in found} == {"tarkwa-dialogue", "dialogo-tarkwa"}


@pytest.mark.django_db
def test_bulk_written_pages_are_like_published_ones(
    samples, django_capture_on_commit_callbacks
):
    from wagtail.models import PageLogEntry
    from wagtail_localize.models import TranslationSource

    with django_capture_on_commit_callbacks(execute=True):
        run_import(samples)

    for page in Page.objects.type(CaseStudyPage, GoodPracticePage).specific():
        revision = page.live_revision
        assert page.live and not page.has_unpublished_changes
        assert revision is not None and page.latest_revision_id == revision.pk
        assert revision.as_object().title == page.title
        assert PageLogEntry.objects.filter(
            page=page, action="wagtail.publish", revision=revision
        ).exists()
        parent = page.get_parent()
        assert page.url_path == f"{parent.url_path}{page.slug}/"
        assert parent.numchild == parent.get_children().count()
    english = CaseStudyPage.objects.get(slug="tarkwa-dialogue")
    source = TranslationSource.objects.get(object_id=english.translation_key)
    assert source.locale_id == english.locale_id
    assert source.stringsegment_set.exists()  # read for the translation editor
    assert Translation.objects.filter(source=source, enabled=False).count() == 1
    assert Page.find_problems() == ([], [], [], [], [])


@pytest.mark.django_db
def test_query_count_grows_slowly_with_the_number_of_pages(tmp_path, indexes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from benchmarks.imports import write_items

    def queries_for(count, folder):
        write_items(folder, count, seed=count)
        with CaptureQueriesContext(connection) as captured:
            out, err, error = run_import(folder)
        assert error is None, err
        return len(captured)

    small = queries_for(6, tmp_path / "small")
    large = queries_for(30, tmp_path / "large")
    # Per item: the plan's look-ups, each document's own writes and a few reads
    # to index; never the dozens of queries of a page saved and published alone.
    assert (large - small) / 24 < 25, (small, large)
