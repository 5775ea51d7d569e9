"""`python -m benchmarks`: measure Minka on a fresh database and print a table.

Uses a temporary SQLite file, or, when DATABASE_URL is set, a dedicated
`minka_bench` database on the same server (dropped and created again each run
with the project's `create_database` command). Never touches the real database.
"""

import os
import sys
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "minka_bench"


def _database_url(workdir):
    url = os.environ.get("DATABASE_URL")
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{workdir}/bench.sqlite3"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def _drop_postgres_database(settings_db):
    import psycopg
    from psycopg import sql

    params = {
        "host": settings_db.get("HOST") or None,
        "port": settings_db.get("PORT") or None,
        "user": settings_db.get("USER") or None,
        "password": settings_db.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    with psycopg.connect(autocommit=True, **params) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(settings_db["NAME"])
            )
        )


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def main():
    workdir = tempfile.mkdtemp(prefix="minka-bench-")
    os.environ["DATABASE_URL"] = _database_url(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from benchmarks import SIZES, format_table, run_scenario

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        _drop_postgres_database(database)
        call_command("create_database")
    say(f"Database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
    say("Migrating…")
    call_command("migrate", verbosity=0, interactive=False)

    rows = []
    for size in SIZES:
        started = time.perf_counter()
        say(f"Growing the site to {size} pages and measuring…")
        rows.extend(run_scenario(size))
        say(f"  done in {time.perf_counter() - started:.1f} s")
    say()
    say(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
