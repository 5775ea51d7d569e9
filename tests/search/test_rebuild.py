"""The rebuild command: help text, progress, and a clean index afterwards."""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from search.models import SearchEntry


def test_rebuild_has_help():
    from search.management.commands.rebuild_search_entries import Command

    assert "search entr" in Command.help


def test_rebuild_reports_progress_and_drops_stale_entries(home):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    SearchEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Page),
        item_id=999_999,
        kind="case_study",
        display_title="A page that is gone",
        title_folded="a page that is gone",
        url="/gone/",
    )
    out = StringIO()

    with override_settings(LANGUAGE_CODE="en"):
        call_command("rebuild_search_entries", stdout=out)

    assert not SearchEntry.objects.filter(item_id=999_999).exists()
    assert "removed 1 stale entries" in out.getvalue()
    assert "search entries" in out.getvalue()
