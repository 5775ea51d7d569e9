"""`python -m benchmarks.search_engine [N ...]`: the search page on N bilingual search
entries written directly (no pages), to time the engines alone.

Builds a throw-away database (a temporary SQLite file, or with DATABASE_URL the
PostgreSQL database named by BENCH_DATABASE, default `minka_bench_search`,
dropped and created again), writes N search entries in bulk (English and
Spanish case studies, good practices and meetings made of sentences in the
knowledge base's own words; one in five inside a members-only area), and times
the search page as a visitor and as a member: broad, natural-language,
misspelled and cross-language queries, with and without facet filters.

Prints median and 95th percentile in milliseconds and the query count; nothing
is asserted.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

SIZES = (1000, 5000)
REPEAT = 11
RESTRICTED_EVERY = 5
SENTENCES = {
    "en": [
        "Police officers were trained in human rights and the use of force.",
        "Women gold miners in Ghana asked for licences and support.",
        "The working group agreed its rules and meets once a quarter.",
        "A feasibility study mapped who should sit at the table.",
        "Regional government, companies and civil society improve mining "
        "governance together.",
        "Disputes over water in the valley had broken trust.",
        "A grievance mechanism answers each complaint within thirty days.",
        "Ministries signed a letter of support for the group.",
        "Mercury use harms rivers near artisanal mines.",
        "A neutral facilitator keeps time and balances voices.",
    ],
    "es": [
        "Policías y serenos aprendieron el uso proporcional de la fuerza.",
        "Las mujeres mineras también deciden en las mesas de diálogo.",
        "El grupo acordó reglas de funcionamiento y reuniones trimestrales.",
        "La consulta previa a los pueblos indígenas tomó un año.",
        "El gobierno regional, las empresas y la sociedad civil mejoran la "
        "gobernanza minera.",
        "Las comunidades campesinas vigilan la calidad del agua.",
        "Los mineros artesanales inscritos en el REINFO buscan la formalización.",
        "Los ministerios enviaron una carta de apoyo al grupo.",
        "Un facilitador neutral equilibra las voces.",
        "La desconfianza sobre los informes de la empresa creció.",
    ],
}
QUERIES = (
    ("broad", "/search/?q=mining+governance"),
    ("natural", "/search/?q=police+officers+trained+in+Cusco"),
    ("facets", "/search/?q=water&kind=case_study&year=2017&pillar=company"),
    ("misspelled", "/search/?q=goverance"),
    ("cross-language", "/search/?q=consulta+previa"),
    ("spanish", "/es/search/?q=mineros+artesanales"),
    ("browse", "/search/?kind=meeting"),
    ("suggest", "/search/suggest/?q=gober"),
)


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def _database_url(workdir):
    url = os.environ.get("DATABASE_URL")
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{workdir}/bench-search.sqlite3"
    name = os.environ.get("BENCH_DATABASE", "minka_bench_search")
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def build(size, area, start):
    """Entries `start`..`size`-1, in bulk, one in five inside `area`."""
    from search.indexing import entry_item, page_content_type, store_items

    content_type = page_content_type()
    chance = random.Random(size)
    kinds = ("case_study", "good_practice", "meeting")
    items = []
    for number in range(start, size):
        language = "es" if number % 2 else "en"
        sentences = SENTENCES[language]
        title = chance.choice(sentences).rstrip(".")[:80]
        restricted = number % RESTRICTED_EVERY == 0
        items.append(
            entry_item(
                content_type,
                10_000_000 + number,
                {
                    "kind": kinds[number % 3],
                    "title": f"{title} {number}",
                    "summary": chance.choice(sentences),
                    "body": " ".join(chance.choices(sentences, k=30)),
                    "date": None,
                    "country": chance.choice(["PE", "GH"]),
                    "region": chance.choice(["Cusco", "Moquegua", "Lima", ""]),
                    "years": [2010 + number % 12],
                    "pillars": [chance.choice(["company", "government"])],
                    "topics": [chance.choice(["security", "water", "dialogue"])],
                    "community": None,
                    "language": language,
                },
                locale=language,
                url=f"/bench-entry-{number}/",
                page_path=(area.path + "9999") if restricted else "",
            )
        )
        if len(items) == 500:
            store_items(items)
            items = []
    store_items(items)


def measure(client, path):
    from django.db import connection

    client.get(path)  # warm caches
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, path
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, len(executed)


def main():
    workdir = tempfile.mkdtemp(prefix="minka-bench-search-")
    os.environ["DATABASE_URL"] = _database_url(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")
    sizes = [int(arg) for arg in sys.argv[1:]] or SIZES

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from wagtail.models import PageViewRestriction

    from benchmarks.__main__ import _drop_postgres_database
    from intranet.factories import StandardPageFactory, UserFactory
    from intranet.models import english_home
    from intranet.translation import translate_page
    from search.engine import get_engine

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        _drop_postgres_database(database)
        call_command("create_database")
    say("Migrating…")
    call_command("migrate", verbosity=0, interactive=False)
    home = english_home()
    translate_page(home, "es", {home.title: home.title})
    insiders = Group.objects.create(name="Benchmark insiders")
    area = StandardPageFactory(parent=home, title="Members area")
    restriction = PageViewRestriction.objects.create(
        page=area, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(insiders)
    member = UserFactory()
    member.groups.add(insiders)
    visitor, insider = Client(), Client()
    insider.force_login(member)
    say(f"Engine: {get_engine().name}, database {database['NAME']}")
    rows, built = [], 0
    for size in sizes:
        started = time.perf_counter()
        build(size, area, built)
        built = size
        if connection.vendor == "postgresql":
            # As autovacuum would after a bulk load: plans need statistics.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        say(f"{size} entries written in {time.perf_counter() - started:.1f} s")
        for who, client in (("visitor", visitor), ("member", insider)):
            for name, path in QUERIES:
                median, p95, queries = measure(client, path)
                rows.append((size, who, name, median, p95, queries))
    say()
    say(
        f"{'entries':>8} {'who':<8} {'query':<15} {'median ms':>10} {'p95 ms':>8} "
        f"{'queries':>8}"
    )
    for size, who, name, median, p95, queries in rows:
        say(f"{size:>8} {who:<8} {name:<15} {median:>10.1f} {p95:>8.1f} {queries:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
