"""Search on a large site: Minka's search page beside a stock Wagtail search.

`python -m benchmarks.search [N]` (part of `make bench`) measures, on a database
holding about N generated pages (`generate_content`, default 20,000):

- Minka's search page (`/search/`, permissions, both languages, facet counts),
  for a visitor and for a member of a community (who may see its meetings and
  members-only documents), without and with facet filters;
- a stock view in the same run: `Page.objects.live().search(q)` paginated, no
  permissions, no facets, rendered as a plain list of links.

Each figure is the median and 95th percentile over every query repeated.
With DATABASE_URL naming a PostgreSQL server, the content goes into its own
`minka_bench_search` database (or MINKA_BENCH_SEARCH_DATABASE), generated once
and reused while it holds the same content (generating 20,000 pages takes
minutes); otherwise into a SQLite file in the system's temporary folder, reused
the same way.
"""

import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

DEFAULT_PAGES = 20000
REPEAT = 5
BENCH_DATABASE = os.environ.get("MINKA_BENCH_SEARCH_DATABASE", "minka_bench_search")
MEMBER = "bench-search-member"
TARGET_P95_MS = 100
# (path, query): natural questions, single words, Spanish on the Spanish site.
QUERIES = (
    ("/search/", "water monitoring"),
    ("/search/", "mining"),
    ("/search/", "women in mining"),
    ("/search/", "Tarkwa"),
    ("/search/", "prior consultation agreement"),
    ("/search/", "mercury"),
    ("/es/search/", "consulta previa"),
    ("/es/search/", "monitoreo del agua"),
    ("/es/search/", "minería"),
    ("/es/search/", "Espinar"),
)
FACETS = {"kind": "meeting", "country": "PE"}
STOCK_PATH = "/stock-search/"
PAGE_SIZE = 20


@dataclass
class Row:
    who: str
    view: str
    median_ms: float
    p95_ms: float
    samples: int


def stock_search(request):
    """The stock Wagtail search of the comparison: live pages, paginated."""
    from django.core.paginator import Paginator
    from django.http import HttpResponse
    from django.utils.html import format_html, format_html_join
    from wagtail.models import Page

    query = request.GET.get("q", "")
    results = Page.objects.live().search(query) if query else Page.objects.none()
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    items = format_html_join(
        "", '<li><a href="{}">{}</a></li>', ((r.url, r.title) for r in page)
    )
    return HttpResponse(
        format_html("<h1>{}</h1><ul>{}</ul>", page.paginator.count, items)
    )


def urlpatterns():
    from django.urls import path

    from intranet.urls import urlpatterns as site

    return [path(STOCK_PATH.strip("/") + "/", stock_search), *site]


def member():
    """A member of the first generated community (its meetings, its library)."""
    from django.contrib.auth import get_user_model

    from communities.models import CommunityPage, Institution, Membership
    from intranet.factories import UserFactory

    person = get_user_model().objects.filter(username=MEMBER).first()
    if person is None:
        person = UserFactory(username=MEMBER)
        community = (
            CommunityPage.objects.filter(
                slug__startswith="gen-", locale__language_code="en"
            )
            .order_by("slug")
            .first()
        )
        institution = (
            Institution.objects.filter(name__icontains=community.region).first()
            or Institution.objects.first()
        )
        membership, _ = Membership.objects.get_or_create(
            community=community,
            institution=institution,
            defaults={"status": Membership.Status.ACTIVE},
        )
        membership.representatives.add(person)
    return person


def measure(client, requests, repeat):
    """(median ms, p95 ms, samples) over every request repeated."""
    for path in requests:
        response = client.get(path)  # warm-up, and a check
        assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(repeat):
        for path in requests:
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, len(timings)


def ours(facets):
    return [
        f"{path}?{urlencode({'q': query, **(FACETS if facets else {})})}"
        for path, query in QUERIES
    ]


def stock():
    return [f"{STOCK_PATH}?{urlencode({'q': query})}" for _path, query in QUERIES]


def run(repeat=REPEAT):
    """Measure every view for a visitor and a member; returns the rows."""
    from django.test import Client, override_settings

    visitor = Client()
    insider = Client()
    insider.force_login(member())
    rows = []
    with override_settings(ROOT_URLCONF="benchmarks.search_urls"):
        for who, client in (("visitor", visitor), ("member", insider)):
            for view, requests in (
                ("Minka search", ours(facets=False)),
                ("Minka search + facets", ours(facets=True)),
                ("stock Wagtail search", stock()),
            ):
                rows.append(Row(who, view, *measure(client, requests, repeat)))
    return rows


def format_table(rows):
    lines = ["who      view                     median ms   p95 ms  ours/stock p95"]
    stock_p95 = {row.who: row.p95_ms for row in rows if row.view.startswith("stock")}
    for row in rows:
        ratio = row.p95_ms / stock_p95[row.who] if stock_p95.get(row.who) else 0
        lines.append(
            f"{row.who:<8} {row.view:<24} {row.median_ms:>9.1f} {row.p95_ms:>8.1f}"
            f"  {ratio:>14.2f}"
        )
    return "\n".join(lines)


def _database_url():
    url = os.environ.get("DATABASE_URL")
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{tempfile.gettempdir()}/minka-bench-search.sqlite3"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def _generated_pages():
    from wagtail.models import Page

    try:
        return Page.objects.live().filter(slug__startswith="gen-").count()
    except Exception:  # noqa: BLE001 - no tables yet
        return None


def prepare(pages, say):
    """Make sure the database holds the content of `generate_content pages`."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.__main__ import _drop_postgres_database
    from demo.synthetic import plan_sizes

    sizes = plan_sizes(pages)
    # Members areas keep their own slugs: communities count twice, not four times.
    wanted = 2 * sizes["communities"] + 2 * (
        sizes["meetings"] + sizes["case_studies"] + sizes["good_practices"]
    )
    if _generated_pages() == wanted:
        say(f"Reusing the {wanted} generated pages already in the database.")
        return
    database = settings.DATABASES["default"]
    connection.close()
    if database["ENGINE"] == "django.db.backends.postgresql":
        _drop_postgres_database(database)
        call_command("create_database")
    elif os.path.exists(database["NAME"]):
        os.remove(database["NAME"])
    say("Migrating…")
    call_command("migrate", verbosity=0, interactive=False)
    say(f"Generating about {pages} pages (generate_content {pages})…")
    started = time.perf_counter()
    call_command("generate_content", str(pages))
    say(f"  generated in {time.perf_counter() - started:.0f} s")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    pages = int(argv[0]) if argv else DEFAULT_PAGES
    os.environ["DATABASE_URL"] = _database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")

    import django

    django.setup()
    from django.conf import settings

    from benchmarks.__main__ import say

    database = settings.DATABASES["default"]
    say(
        f"Search benchmark: {database['ENGINE'].rsplit('.', 1)[-1]} "
        f"{database['NAME']}, about {pages} pages"
    )
    prepare(pages, say)
    rows = run()
    say()
    say(format_table(rows))
    say()
    for row in rows:
        if not row.view.startswith("stock"):
            met = "met" if row.p95_ms < TARGET_P95_MS else "MISSED"
            say(
                f"p95 < {TARGET_P95_MS} ms, {row.who}, {row.view}: {met} "
                f"({row.p95_ms:.0f} ms)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
