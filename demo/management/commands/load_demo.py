"""Build the demo site from the files in `demo/content/`, in English and Spanish.

The same import as `import_content` (`intranet.importing`), then what only a
demo needs: the demo password on the accounts it created, the queued background
work, the search index and the list of logins.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from intranet.importing import Run, read_items
from intranet.models import english_home

PAST_TENSE = {"create": "created", "update": "updated"}
CONTENT = Path(__file__).resolve().parents[2] / "content"
PASSWORD = "minka-demo"
# Demo accounts are recognised by their address, so --reset removes only them.
EMAIL_DOMAIN = "demo.minka.example"


class Command(BaseCommand):
    help = (
        "Load the demo content (demo/content/, the same files import_content "
        "reads): the four seed communities, their institutions, meetings, case "
        "studies, good practices and document libraries, in English and Spanish "
        "(the Peruvian groups write in Spanish first, the rest in English "
        "first). Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo content first and load it again.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the site already has content (used by make run).",
        )

    def handle(self, *args, reset=False, if_empty=False, **options):
        home = english_home()
        if if_empty and not reset and home.get_children().exists():
            self.stdout.write("The site already has content; demo not loaded.")
            return
        items, problems = read_items(CONTENT)
        if problems:
            raise CommandError("\n".join(str(problem) for problem in problems))
        self.step = 0
        if reset:
            self.stdout.write("Removing the demo content…")
            with transaction.atomic():
                self.remove(items)
        self.stdout.write("Loading the demo content…")
        actions, problems = self.load(items)
        for problem in problems:
            self.stderr.write(str(problem))
        self.run_queued_tasks()
        self.stdout.write("Updating the search index…")
        call_command("rebuild_search_entries", verbosity=0)
        call_command("update_index", verbosity=0)
        if problems:
            raise CommandError(f"{len(problems)} item(s) of the demo not loaded.")
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
        self.stdout.write(f"\nDemo logins (password for all: {PASSWORD}):")
        logins = self.logins(actions)
        width = max(len(username) for username, _ in logins)
        for username, role in logins:
            self.stdout.write(f"  {username:<{width}}  {role}")

    def load(self, items):
        """Import the content, kind by kind; give the accounts it created the
        demo password."""
        run = Run(progress=self.progress)
        self._counts = {}
        run.execute(items)
        self.end_step()
        for action in run.actions:
            person = action.existing
            if action.kind.type == "person" and action.verb == "create" and person:
                person.set_password(PASSWORD)
                person.save(update_fields=["password"])
        return run.actions, run.problems

    def progress(self, number, total, action):
        """Counted per kind; `end_step` prints a line for each."""
        counts = self._counts.setdefault(action.kind.noun, {})
        counts[action.verb] = counts.get(action.verb, 0) + 1

    def end_step(self):
        """One line per kind of the step: how many were created, updated, left."""
        for noun, counts in self._counts.items():
            done = ", ".join(
                f"{count} {PAST_TENSE.get(verb, verb)}"
                for verb, count in counts.items()
            )
            self.step += 1
            self.stdout.write(f"  [{self.step:>2}] {noun}: {done}")
        self._counts = {}

    def logins(self, actions):
        """(username, role) of every demo account, in their file's order."""
        return [
            (action.item.username, action.item.role)
            for action in actions
            if action.kind.type == "person"
        ]

    def remove(self, items):
        """Delete the demo: what the kinds know of (last imported, first
        removed), the page tree below the home page, other locales' home pages
        and the demo accounts."""
        for item in sorted(items, key=lambda item: item.kind.order, reverse=True):
            item.kind.remove(item)
        home = english_home()
        for page in home.get_children():
            page.delete()
        Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
        get_user_model().objects.filter(email__endswith="@" + EMAIL_DOMAIN).delete()

    def run_queued_tasks(self):
        """Run the background work the loading queued (reading the documents'
        text, search and reference index updates), so that the demo is complete
        without a worker running."""
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            return  # run at once by the backend
        queued = DBTaskResult.objects.ready().count()
        self.stdout.write(f"Running {queued} queued background tasks…")
        call_command(
            "run_worker",
            queue_name="*",
            batch=True,
            reload=False,
            startup_delay=False,
            interval=0,
            verbosity=0,
        )
