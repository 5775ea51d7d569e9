"""Build the demo site from the seed communities, in English and Spanish.

Each page is written in one language and translated to the other through
wagtail-localize: the Peruvian groups write in Spanish first, the Ghana group and
the site-wide pages in English first.
"""

import importlib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from wagtail.models import Locale

from intranet import demo as site_demo
from intranet.translation import translate_page

# Order matters: resources refer to communities; engagement to both.
DEMO_MODULES = (
    "intranet.demo",
    "communities.demo",
    "resources.demo",
    "engagement.demo",
)
# Installed by requirements-dev.txt only (the demo's PDF files).
DEMO_ONLY_PACKAGES = ("fpdf",)


def _demo_modules():
    modules = []
    for name in DEMO_MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as error:
            if error.name in DEMO_ONLY_PACKAGES:
                raise CommandError(
                    "The demo content needs the development requirements: "
                    "pip install -r requirements-dev.txt"
                ) from error
            if error.name != name:
                raise
    return modules


class Loader:
    """What each app's `demo.load(loader)` gets: progress, translation, users."""

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
            defaults={"email": f"{username}@{site_demo.EMAIL_DOMAIN}", **fields},
        )
        if created:
            user.set_password(site_demo.PASSWORD)
            user.is_superuser = user.is_staff = superuser
            user.save()
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        if username not in (login[0] for login in self.logins):
            self.logins.append((username, role))
        return user


class Command(BaseCommand):
    help = (
        "Load the demo content: the four seed communities, their institutions, "
        "meetings, case studies, good practices and document libraries, in "
        "English and Spanish (the Peruvian groups write in Spanish first, the "
        "rest in English first). Safe to run again: nothing is duplicated."
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
        modules = _demo_modules()
        loader = Loader(self)
        home = site_demo.english_home()
        if if_empty and not reset and home.get_children().exists():
            self.stdout.write("The site already has content; demo not loaded.")
            return
        if reset:
            self.stdout.write("Removing the demo content…")
            with transaction.atomic():
                for module in reversed(modules):
                    if hasattr(module, "reset"):
                        module.reset(loader)
        self.stdout.write("Loading the demo content…")
        for module in modules:
            with transaction.atomic():
                module.load(loader)
        self.run_queued_tasks()
        self.stdout.write("Updating the search index…")
        call_command("rebuild_search_entries", verbosity=0)
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
        self.stdout.write(f"\nDemo logins (password for all: {site_demo.PASSWORD}):")
        width = max(len(username) for username, _ in loader.logins)
        for username, role in loader.logins:
            self.stdout.write(f"  {username:<{width}}  {role}")

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
