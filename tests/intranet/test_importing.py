"""`intranet.importing`: YAML data files, Markdown sections and the run's signal."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from intranet.importing import body_blocks, read_items, split_sections
from intranet.models import SiteSettings, StandardPage, TopicLabel
from intranet.signals import content_imported


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run_import(path, *args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_content", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.mark.django_db
def test_yaml_items_are_read_and_reported_one_by_one(tmp_path, home):
    path = write(
        tmp_path,
        "labels.yaml",
        "type: topic_label\nitems:\n"
        "  - {topic: dialogue, locale: es, label: diálogo}\n"
        "  - topic: trust\n    locale: fr\n    label: confiance\n"
        "  - {topic: security, locale: es, label: seguridad}\n",
    )

    out, err, error = run_import(tmp_path)

    assert error is not None
    assert err.strip() == f"{path}:5: unknown locale 'fr' (one of: en, es)"
    assert "Imported: 2 created, 0 updated, 0 unchanged, 1 skipped." in out
    assert sorted(TopicLabel.objects.values_list("label", flat=True)) == [
        "diálogo",
        "seguridad",
    ]
    # The same file again: nothing to do for what is already there.
    out, _err, _error = run_import(tmp_path)
    assert "0 created, 0 updated, 2 unchanged" in out


@pytest.mark.django_db
def test_a_list_of_items_of_several_types(tmp_path, home):
    write(
        tmp_path,
        "site.yml",
        "- type: site_settings\n  convenor_name: Socios Perú\n"
        "- type: topic_label\n  topic: trust\n  locale: es\n  label: confianza\n",
    )

    _out, err, error = run_import(tmp_path)

    assert error is None, err
    assert SiteSettings.objects.get().convenor_name == "Socios Perú"
    assert TopicLabel.objects.get().label == "confianza"


@pytest.mark.django_db
def test_standard_page_and_its_translation(tmp_path, spanish_home, client):
    write(
        tmp_path,
        "about.en.md",
        "---\ntype: page\nslug: about\ntitle: About\nintro: Who we are.\n---\n"
        "First paragraph.\n\nSecond paragraph.\n",
    )
    write(
        tmp_path,
        "about.es.md",
        "---\ntype: page\nslug: acerca-de\ntitle: Acerca de\nlocale: es\n"
        "translation_of: about\nintro: Quiénes somos.\n---\nPrimer párrafo.\n",
    )

    _out, err, error = run_import(tmp_path)

    assert error is None, err
    english = StandardPage.objects.get(slug="about")
    assert [block.block_type for block in english.body] == ["paragraph", "paragraph"]
    spanish = StandardPage.objects.get(slug="acerca-de")
    assert spanish.translation_key == english.translation_key
    assert "Primer párrafo." in client.get("/es/acerca-de/").content.decode()


@pytest.mark.django_db
def test_the_run_announces_what_it_wrote(tmp_path, home):
    write(
        tmp_path,
        "about.md",
        "---\ntype: page\nslug: about\ntitle: About\n---\nText.\n",
    )
    received = []

    def listener(sender, objects, **kwargs):
        received.extend(objects)

    content_imported.connect(listener)
    try:
        run_import(tmp_path)
        run_import(tmp_path)  # unchanged: nothing written, nothing sent
    finally:
        content_imported.disconnect(listener)

    assert [page.slug for page in received] == ["about"]


def test_sections_keep_their_file_lines_and_code_is_not_a_heading():
    text = "Lead.\n\n## One\n\nText.\n\n```\n## not a heading\n```\n\n## Two\n"

    lead, sections = split_sections(text, first_line=10)

    assert lead == "Lead."
    assert [(heading, line) for heading, line, _text in sections] == [
        ("One", 12),
        ("Two", 20),
    ]
    assert "## not a heading" in sections[0][2]


def test_body_blocks_are_paragraphs_and_headings():
    blocks = body_blocks("One *two*.\n\n## Part\n\n- a\n- b\n")

    assert [block["type"] for block in blocks] == ["paragraph", "heading", "paragraph"]
    assert blocks[0]["value"] == "<p>One <em>two</em>.</p>"
    assert blocks[1]["value"] == {"text": "Part", "level": "h2"}


@pytest.mark.django_db
def test_yaml_errors_name_their_line(tmp_path):
    path = write(tmp_path, "bad.yaml", "type: topic_label\ntopic: [unclosed\n")

    _items, problems = read_items(tmp_path)

    assert [str(problem) for problem in problems] == [
        f"{path}:3: invalid YAML: did not find expected ',' or ']'"
    ]
