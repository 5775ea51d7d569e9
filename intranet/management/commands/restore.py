"""Restore an archive written by `backup` into an empty database and media
storage (see intranet.backup)."""

from django.core.management.base import BaseCommand, CommandError

from intranet.backup import BackupRefused, restore_archive


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty, migrated database "
        "and an empty media storage. Every file is checked against the archive's "
        "manifest first; a tampered archive, a path outside the archive or a "
        "database with content is refused and nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive written by `backup`")

    def handle(self, *args, path, **options):
        try:
            restore_archive(path, progress=self.stdout.write)
        except BackupRefused as refusal:
            raise CommandError(f"Nothing restored: {refusal}") from refusal
        except FileNotFoundError as missing:
            raise CommandError(f"No archive at {path}.") from missing
