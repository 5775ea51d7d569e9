"""Create the PostgreSQL database named in DATABASE_URL if it does not exist."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create the PostgreSQL database that DATABASE_URL names (no-op on SQLite "
        "or when it already exists). Tests then create their own test_ database."
    )

    def handle(self, *args, **options):
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql":
            self.stdout.write("Not a PostgreSQL database: nothing to create.")
            return
        import psycopg
        from psycopg import sql

        params = {
            "host": database.get("HOST") or None,
            "port": database.get("PORT") or None,
            "user": database.get("USER") or None,
            "password": database.get("PASSWORD") or None,
            "dbname": "postgres",
        }
        name = database["NAME"]
        try:
            with psycopg.connect(autocommit=True, **params) as connection:
                exists = connection.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [name]
                ).fetchone()
                if exists:
                    self.stdout.write(f"Database {name} exists.")
                    return
                connection.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
                )
        except psycopg.OperationalError as error:
            raise CommandError(f"Cannot reach PostgreSQL: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Created database {name}."))
