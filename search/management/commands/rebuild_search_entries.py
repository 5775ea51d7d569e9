"""Rebuild the site search entries from the pages and documents."""

from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild every search entry from the live searchable pages and the "
        "documents (their search_entry_data()), drop entries of items that are "
        "gone, and update the search backend. Safe to run at any time."
    )

    def handle(self, *args, **options):
        total = rebuild(progress=lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(self.style.SUCCESS(f"{total} search entries"))
