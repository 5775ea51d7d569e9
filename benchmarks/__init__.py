"""Response times and query counts of Minka's main pages as the site grows.

`python -m benchmarks` (or `make bench`) builds a throw-away database, adds
StandardPages under the home page in steps (N = 10, 100, 500; one in five
restricted to a group, one in ten in the main menu), and measures each page with
Django's test client, as a visitor and as a member of the group. Figures are
printed, never asserted: only query counts are stable enough for tests
(tests/benchmarks keeps this module from rotting on the smallest scenario).
"""

import statistics
import time
from dataclasses import dataclass

SIZES = (10, 100, 500)
REPEAT = 15
RESTRICTED_EVERY = 5
MENU_EVERY = 10
GROUP_NAME = "Benchmark insiders"
PATHS = (
    ("home", "/"),
    ("home (es)", "/es/"),
    ("standard page", "/bench-page-1/"),
    ("search", "/search/?q=mining"),
    ("suggest", "/search/suggest/?q=min"),
)


@dataclass
class Row:
    pages: int
    who: str
    name: str
    path: str
    status: int
    median_ms: float
    p95_ms: float
    queries: int


def build_site(pages):
    """Top the site up to `pages` benchmark pages; returns the insiders group."""
    from django.contrib.auth.models import Group
    from wagtail.models import Page, PageViewRestriction

    from intranet.models import StandardPage, english_home
    from intranet.translation import translate_page

    home = english_home()
    if not home.get_translations().filter(locale__language_code="es").exists():
        translate_page(home, "es", {home.title: home.title})
    insiders, _ = Group.objects.get_or_create(name=GROUP_NAME)
    existing = StandardPage.objects.filter(slug__startswith="bench-page-").count()
    for number in range(existing + 1, pages + 1):
        parent = Page.objects.get(pk=home.pk)
        page = parent.add_child(
            instance=StandardPage(
                title=f"Mining dialogue {number}",
                slug=f"bench-page-{number}",
                intro=f"Notes of mining governance dialogue number {number}.",
                body=[("paragraph", f"<p>Meeting {number} of the working group.</p>")],
                show_in_menus=number % MENU_EVERY == 1,
            )
        )
        # Published through a revision, as editors do: search indexing listens.
        page.save_revision().publish()
        if number % RESTRICTED_EVERY == 0:
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.GROUPS
            )
            restriction.groups.add(insiders)
    return insiders


def member_of(group):
    from django.contrib.auth import get_user_model

    person, _ = get_user_model().objects.get_or_create(username="bench-member")
    person.groups.add(group)
    return person


def measure(client, path, repeat):
    """(status, median ms, 95th percentile ms, queries of the last request)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm-up: caches, compiled templates
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return response.status_code, statistics.median(timings), p95, len(queries)


def run_scenario(pages, repeat=REPEAT):
    """Grow the site to `pages` pages and measure every path for each kind of user."""
    from django.test import Client

    insiders = build_site(pages)
    visitor = Client()
    member = Client()
    member.force_login(member_of(insiders))
    rows = []
    for who, client in (("visitor", visitor), ("member", member)):
        for name, path in PATHS:
            status, median, p95, queries = measure(client, path, repeat)
            rows.append(Row(pages, who, name, path, status, median, p95, queries))
    return rows


def format_table(rows):
    header = ("N", "who", "page", "status", "median ms", "p95 ms", "queries")
    lines = [
        [str(r.pages), r.who, r.name, str(r.status)]
        + [f"{r.median_ms:.1f}", f"{r.p95_ms:.1f}", str(r.queries)]
        for r in rows
    ]
    widths = [
        max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)
    ]

    def render(cells):
        return "  ".join(
            cell.rjust(width) if index in (0, 3, 4, 5, 6) else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )

    separator = "  ".join("-" * width for width in widths)
    return "\n".join([render(header), separator, *(render(line) for line in lines)])
