"""Generate synthetic bilingual content at scale (see demo/synthetic.py)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo import synthetic


class Command(BaseCommand):
    help = (
        "Generate about N pages of realistic synthetic content in English and "
        "Spanish for benchmarks: communities with their restricted members areas, "
        "meetings, case studies, good practices, and documents (public and "
        "members-only), every item in both languages, linked as translations, "
        "live and indexed for search. A fixed seed gives the same content on "
        "every run. Use a database of its own: it refuses to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "pages",
            nargs="?",
            type=int,
            default=20000,
            metavar="N",
            help="About how many pages to create, both languages counted "
            "(default: 20000).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=synthetic.DEFAULT_SEED,
            help=f"Random seed (default: {synthetic.DEFAULT_SEED}).",
        )

    def handle(self, *args, pages, seed, **options):
        if pages < 20:
            raise CommandError("N must be at least 20.")
        if synthetic.already_generated():
            raise CommandError(
                "This database already holds generated content: generate into "
                "a fresh database."
            )
        started = time.perf_counter()

        def progress(message):
            elapsed = time.perf_counter() - started
            self.stdout.write(f"  [{elapsed:6.1f} s] {message}")
            self.stdout.flush()

        sizes = synthetic.Generator(pages, seed=seed, progress=progress).run()
        if connection.vendor == "postgresql":
            # Tens of thousands of new rows: without fresh statistics the
            # planner takes the tables for empty until autovacuum comes by, and
            # the first searches scan instead of using the indexes.
            progress("updating the planner's statistics (ANALYZE)")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                "Generated {communities} communities, {meetings} meetings, "
                "{case_studies} case studies and {good_practices} good practices "
                "(each in English and Spanish) and {documents} documents".format(
                    **sizes
                )
                + f" in {time.perf_counter() - started:.0f} s."
            )
        )
