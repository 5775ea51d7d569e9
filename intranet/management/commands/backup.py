"""Write the database and the media files to one archive (see intranet.backup)."""

from django.core.management.base import BaseCommand

from intranet.backup import write_archive


class Command(BaseCommand):
    help = (
        "Write the whole database (portable between SQLite and PostgreSQL) and "
        "every media file to one tar.gz archive, with a manifest of SHA-256 "
        "checksums. The archive holds every secret of the site: keep it safe."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive to write, e.g. minka.tar.gz")

    def handle(self, *args, path, **options):
        files = write_archive(path, progress=self.stdout.write)
        media = len(files) - 1
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {path}: the database and {media} media files.")
        )
