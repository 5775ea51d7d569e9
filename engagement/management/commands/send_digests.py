"""Queue each person's weekly digest (or print them with --dry-run)."""

from django.core.management.base import BaseCommand

from engagement.digests import compose_digest
from engagement.services import digest_recipients
from engagement.tasks import send_digest


class Command(BaseCommand):
    help = (
        "Send the weekly digest to everyone who has something waiting in it: "
        "notifications they chose to read weekly, new public case studies and "
        "good practices, and their own pages due for review. Each digest is "
        "written in its reader's language and composed again when the task "
        "worker sends it, so nothing reaches someone who lost access to it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print each person's digest instead of sending it; change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        people = list(digest_recipients())
        total = len(people)
        queued = 0
        for number, person in enumerate(people, start=1):
            if dry_run:
                digest = compose_digest(person)
                if digest is None:
                    self.stdout.write(
                        f"[{number}/{total}] {person.get_username()}: nothing to send"
                    )
                    continue
                self.stdout.write(
                    f"[{number}/{total}] To: {person.email} ({digest.language})\n"
                    f"Subject: {digest.subject}\n\n{digest.body}"
                )
                queued += 1
                continue
            send_digest.enqueue(person.pk)
            queued += 1
            if number % 50 == 0 or number == total:
                self.stdout.write(f"  {number}/{total} digests queued")
        if dry_run:
            self.stdout.write(f"{queued} of {total} people have a digest waiting.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"{queued} digests queued for the task worker.")
            )
