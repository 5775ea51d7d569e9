"""Rebuild the site search entries from the pages and documents."""

from django.core.management.base import BaseCommand

from search.indexing import rebuild
from search.tasks import rebuild_entries


class Command(BaseCommand):
    help = (
        "Rebuild every search entry from the live searchable pages and the "
        "documents (their search_entry_data()), drop entries of items that are "
        "gone, and give the search engine a fresh index; in batches, with "
        "progress. Safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the rebuild for the task worker (manage.py run_worker) "
            "instead of running it here.",
        )

    def handle(self, *args, **options):
        if options["background"]:
            result = rebuild_entries.enqueue()
            self.stdout.write(f"Rebuild queued for the task worker ({result.id}).")
            return
        total = rebuild(progress=lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(self.style.SUCCESS(f"{total} search entries"))
