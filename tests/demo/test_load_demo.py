"""The demo loader: the one test that loads the demo content."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from communities.models import Institution, MeetingPage
from demo.management.commands.load_demo import CONTENT
from intranet.importing import read_items

pytestmark = pytest.mark.django_db

LOCAL_APPS = ("intranet", "communities", "resources", "auth", "wagtailcore", "taggit")


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in LOCAL_APPS
        and not model._meta.proxy
        # Histories grow with every run: the audit trail records each reset.
        and model._meta.label
        not in (
            "wagtailcore.Revision",
            "wagtailcore.PageLogEntry",
            "wagtailcore.ModelLogEntry",
        )
    }


def test_load_demo_twice_duplicates_nothing(client, capsys):
    call_command("load_demo")
    first = row_counts()
    output = capsys.readouterr().out
    assert "admin" in output and "outsider" in output and "minka-demo" in output

    call_command("load_demo")
    assert row_counts() == first

    # One way in: the demo is what `import_content` makes of its folder.
    capsys.readouterr()
    call_command("import_content", str(CONTENT), "--dry-run")
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert " 0 would create, 0 would update," in summary
    assert " 0 skipped" in summary

    assert client.get("/").status_code == 200
    assert client.get("/es/").status_code == 200

    call_command("load_demo", "--reset")
    assert row_counts() == first


def test_if_empty_leaves_a_site_with_content_alone(capsys):
    call_command("load_demo")
    capsys.readouterr()
    call_command("load_demo", "--if-empty")
    assert "not loaded" in capsys.readouterr().out


def _source_language(page):
    """The language wagtail-localize translates `page` from."""
    return (
        TranslationSource.objects.filter(object_id=page.translation_key)
        .get()
        .locale.language_code
    )


def _meetings(community_slug, language):
    return MeetingPage.objects.filter(
        locale__language_code=language, url_path__contains=f"/{community_slug}/"
    ).order_by("starts_at")


def test_each_group_writes_in_its_own_language(client, django_user_model):
    call_command("load_demo")

    lima = _meetings("lima", "es")
    assert lima.count() == 3  # two plenaries and a coordination meeting
    for meeting in lima:
        assert _source_language(meeting) == "es"
        english = meeting.get_translation(Locale.objects.get(language_code="en"))
        assert english.live and english.title != meeting.title
    ghana = _meetings("ghana", "en").get()
    assert _source_language(ghana) == "en"
    spanish = ghana.get_translation(Locale.objects.get(language_code="es"))
    assert spanish.title == "Seguimiento de la hoja de ruta"
    assert _meetings("ghana", "es").get() == spanish

    # Under English, a member reads the Spanish-first meeting in English, with
    # the institutions present under their English names.
    client.force_login(django_user_model.objects.get(username="lima-member"))
    plenary = _meetings("lima", "en").first()
    page = client.get(plenary.url).content.decode()
    assert "Plenary: the draft law on private security" in page
    assert "Ministry of the Interior (MININTER)" in page
    assert "Ministerio del Interior" not in page
    assert 'id="minutes-original-language"' not in page
    page = client.get(lima[0].url).content.decode()
    assert "Plenaria: el proyecto de ley de seguridad privada" in page
    assert "Ministerio del Interior (MININTER)" in page

    # Cusco's founding minutes wait for their English translation: English
    # readers get the Spanish original, with a note.
    client.force_login(django_user_model.objects.get(username="cusco-member"))
    founding = _meetings("cusco", "en").first()
    assert _source_language(founding) == "es"
    page = client.get(founding.url).content.decode()
    assert 'id="minutes-original-language"' in page
    assert "El grupo impulsor acordó" in page

    # A Spanish-first institution calls itself in Spanish and is read in English
    # under English; an English-named one in Spanish under Spanish.
    minem = Institution.objects.get(acronym="MINEM")
    assert minem.name == "Ministerio de Energía y Minas"
    with translation.override("en"):
        assert str(minem) == "Ministry of Energy and Mines (MINEM)"
    with translation.override("es"):
        assert str(minem) == "Ministerio de Energía y Minas (MINEM)"
        embassy = Institution.objects.get(name="Embassy of the United States")
        assert str(embassy) == "Embajada de los Estados Unidos"


def test_demo_content_files_are_all_valid():
    items, problems = read_items(CONTENT)

    assert problems == []
    assert {item.type for item in items} >= {
        "home_page",
        "page",
        "case_study",
        "good_practice",
        "document",
        "document_library",
        "topic_label",
    }


def test_the_demo_folder_imports_cleanly_into_an_empty_site(capsys):
    """A dry run on an empty site plans every item, in dependency order: what
    a later item refers to (a community, a case study) is planned before it."""
    call_command("import_content", str(CONTENT), "--dry-run")
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert summary.startswith("Dry run, nothing written:")
    assert " 0 skipped" in summary
    assert Institution.objects.count() == 0
