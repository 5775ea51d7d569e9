"""The benchmark module still runs, and query counts do not grow with the site.

Times are never asserted; query counts are deterministic.
"""

import pytest

import benchmarks

pytestmark = pytest.mark.django_db


def test_smallest_scenarios_measure_every_page_with_steady_query_counts(home):
    small = benchmarks.run_scenario(10, repeat=1)
    larger = benchmarks.run_scenario(100, repeat=1)

    expected = {
        (who, name) for who in ("visitor", "member") for name, _ in benchmarks.PATHS
    }
    assert {(row.who, row.name) for row in small} == expected
    assert all(row.status == 200 for row in small + larger)

    table = benchmarks.format_table(small)
    for name, _path in benchmarks.PATHS:
        assert name in table

    counts_at_10 = {(row.who, row.name): row.queries for row in small}
    for row in larger:
        assert row.queries <= counts_at_10[(row.who, row.name)], (
            f"{row.who} {row.name}: {row.queries} queries at N=100, "
            f"{counts_at_10[(row.who, row.name)]} at N=10"
        )


def test_search_benchmark_measures_ours_and_stock_for_both_users(home):
    from io import StringIO

    from django.core.management import call_command

    from benchmarks import search

    call_command("generate_content", "40", stdout=StringIO())
    rows = search.run(repeat=1)

    assert {(row.who, row.view) for row in rows} == {
        (who, view)
        for who in ("visitor", "member")
        for view in (
            "Minka search",
            "Minka search + facets",
            "stock Wagtail search",
        )
    }
    assert all(row.samples == len(search.QUERIES) for row in rows)
    assert "ours/stock" in search.format_table(rows)


def test_stock_search_view_finds_generated_pages(home, client, settings):
    from io import StringIO

    from django.core.management import call_command

    from benchmarks import search

    call_command("generate_content", "40", stdout=StringIO())
    settings.ROOT_URLCONF = "benchmarks.search_urls"
    response = client.get(search.STOCK_PATH, {"q": "mining"})
    assert response.status_code == 200
    assert "gen-community-1" in response.content.decode()


def test_import_benchmark_imports_what_it_writes(home, tmp_path):
    from benchmarks.imports import measure_import, write_items

    write_items(tmp_path, 9)
    created, seconds, entries = measure_import(tmp_path)

    assert created == 9
    assert entries == 9
    assert seconds > 0
