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


def _case_studies(home, count):
    from resources.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory

    parent = CaseStudyIndexPageFactory(parent=home)
    return [
        CaseStudyPageFactory(parent=parent, title=f"Water dialogue {number}")
        for number in range(count)
    ]


def test_bulk_indexing_takes_a_few_queries_whatever_the_number_of_pages(home):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.indexing import page_items, store_items

    pages = _case_studies(home, 45)

    def queries(batch):
        items, _dropped = page_items(batch)
        with CaptureQueriesContext(connection) as captured:
            store_items(items)
        return len(captured)

    created = queries(pages[:5]), queries(pages[5:])
    refreshed = queries(pages[:5]), queries(pages[5:])

    assert created[0] == created[1]
    # Updates go in chunks the database's parameter limit allows (SQLite's is
    # low): a few statements more for eight times the pages, not one per page.
    assert refreshed[1] - refreshed[0] <= 4
    assert SearchEntry.objects.filter(kind="case_study").count() == 45
    assert SearchEntry.objects.filter(title_stems__contains=" water ").count() == 45


def test_rebuild_works_in_batches_with_progress(home):
    from search import indexing

    _case_studies(home, 5)
    SearchEntry.objects.all().delete()
    out = StringIO()
    original, indexing.REBUILD_BATCH = indexing.REBUILD_BATCH, 2
    try:
        call_command("rebuild_search_entries", stdout=out)
    finally:
        indexing.REBUILD_BATCH = original

    assert SearchEntry.objects.filter(kind="case_study").count() == 5
    lines = out.getvalue().splitlines()
    progress = [line.strip() for line in lines if "/5" in line]
    assert progress[-1].endswith("5/5"), lines
    assert len(progress) == 3, lines


def test_rebuild_can_be_left_to_the_task_worker(home):
    _case_studies(home, 3)
    SearchEntry.objects.all().delete()
    out = StringIO()

    # Test settings run tasks at once; in production the worker picks it up.
    call_command("rebuild_search_entries", "--background", stdout=out)

    assert "queued" in out.getvalue()
    assert SearchEntry.objects.filter(kind="case_study").count() == 3
