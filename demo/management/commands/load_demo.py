"""Build the demo site from the files in `demo/content/`, in English and Spanish.

The same import as `import_content` (`intranet.importing`), then what only a
demo needs: the demo password on the accounts it created, the queued background
work, the search index and the list of logins.
"""

import importlib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from wagtail.models import Locale, Page

from intranet.importing import COMMUNITIES, TRACKERS, Run, read_items, type_names
from intranet.models import english_home
from intranet.roles import EDITORS, MODERATORS
from intranet.translation import translate_page

PAST_TENSE = {"create": "created", "update": "updated"}
CONTENT = Path(__file__).resolve().parents[2] / "content"
PASSWORD = "minka-demo"
# Demo accounts are recognised by their address, so --reset removes only them.
EMAIL_DOMAIN = "demo.minka.example"

# Until the communities' and engagement's demo content are files too: their
# Python loaders, each run before the import step of that order.
LEGACY_LOADERS = ((COMMUNITIES, "communities.demo"), (TRACKERS, "engagement.demo"))
# Until people are an import kind: the site-wide accounts (username, role, groups,
# superuser).
LEGACY_ACCOUNTS = (
    ("admin", "Administrator", (), True),
    ("editor", "Editor: writes case studies", (EDITORS,), False),
    ("reviewer", "Moderator: approves case studies", (MODERATORS,), False),
    ("outsider", "Logged-in person with no membership", (), False),
)


def _legacy_loaders():
    loaders = []
    for order, name in LEGACY_LOADERS:
        try:
            loaders.append((order, importlib.import_module(name)))
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
    return loaders


class Loader:
    """What a legacy `demo.load(loader)` gets: progress, translation, users."""

    def __init__(self, command):
        self.command = command
        self.english = Locale.objects.get(language_code="en")
        self.spanish = Locale.objects.get(language_code="es")
        self.logins = []
        self.step = 0

    def locale(self, language_code):
        return self.english if language_code == "en" else self.spanish

    def progress(self, message):
        self.step += 1
        self.command.stdout.write(f"  [{self.step:>2}] {message}")

    def translate(self, page, strings):
        """Translate `page` to the other language (a Spanish page to English, any
        other to Spanish) with `strings` (source text: translation); publish it."""
        target = "en" if page.locale_id == self.spanish.pk else "es"
        return translate_page(page, target, strings)

    def user(self, username, role, groups=(), superuser=False, **fields):
        """Get or create a demo account with the shared demo password."""
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@{EMAIL_DOMAIN}", **fields},
        )
        if created:
            user.set_password(PASSWORD)
            user.is_superuser = user.is_staff = superuser
            user.save()
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        if username not in (login[0] for login in self.logins):
            self.logins.append((username, role))
        return user


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
        legacy = _legacy_loaders()
        self.loader = Loader(self)
        if reset:
            self.stdout.write("Removing the demo content…")
            with transaction.atomic():
                self.remove(items, legacy)
        self.stdout.write("Loading the demo content…")
        actions, problems = self.load(items, legacy)
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

    def load(self, items, legacy):
        """Import the content step by step, the legacy loaders in their place."""
        run = Run(progress=self.progress)
        self._counts = {}
        if "person" not in {code for code, _name in type_names()}:
            for username, role, groups, superuser in LEGACY_ACCOUNTS:
                self.loader.user(username, role, groups, superuser)
            self.loader.progress("Site-wide accounts")
        pending = sorted(items, key=lambda item: item.kind.order)
        for order, module in [*legacy, (None, None)]:
            batch = [i for i in pending if order is None or i.kind.order < order]
            pending = pending[len(batch) :]
            run.execute(batch)
            self.end_step()
            if module is not None:
                with transaction.atomic():
                    module.load(self.loader)
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
            self.loader.progress(f"{noun}: {done}")
        self._counts = {}

    def logins(self, actions):
        """(username, role) of every demo account, the new ones given the demo
        password; the accounts first, in their files' order."""
        logins = []
        for action in actions:
            username = getattr(action.item, "username", "")
            if not username:
                continue
            if action.verb == "create" and action.existing is not None:
                action.existing.set_password(PASSWORD)
                action.existing.save(update_fields=["password"])
            logins.append((username, getattr(action.item, "role", "")))
        known = {username for username, _role in logins}
        legacy = [login for login in self.loader.logins if login[0] not in known]
        return logins + legacy

    def remove(self, items, legacy):
        """Delete the demo: what the legacy loaders and the kinds know of, the
        page tree below the home page, other locales' home pages and the demo
        accounts."""
        for _order, module in reversed(legacy):
            if hasattr(module, "reset"):
                module.reset(self.loader)
        for item in items:
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
            "db_worker",
            queue_name="*",
            batch=True,
            reload=False,
            startup_delay=False,
            interval=0,
            verbosity=0,
        )
