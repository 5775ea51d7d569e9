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
