"""Import content from Markdown and YAML files (see docs/import.md).

The same run as `load_demo`'s (`intranet.importing`): every kind the apps
register (case studies, good practices, documents, …) comes in this way.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intranet.importing import Run, read_items

BAR_WIDTH = 30
VERBS = {
    "create": ("created", "would create"),
    "update": ("updated", "would update"),
    "unchanged": ("unchanged", "unchanged"),
    "failed": ("failed", "failed"),
}


class Command(BaseCommand):
    help = (
        "Create or update case studies, good practices and documents from Markdown "
        "files with YAML front matter (see docs/import.md). PATH is one file or a "
        "folder, searched recursively. Items are matched by slug, so importing the "
        "same files again changes nothing. Bad files are reported as "
        "path:line: message and skipped; the command then exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", metavar="PATH", help="A Markdown or YAML file, or a folder of them."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be created or updated, and write nothing.",
        )

    def handle(self, *args, path, dry_run=False, **options):
        path = Path(path)
        if not path.exists():
            raise CommandError(f"{path}: no such file or folder")

        items, problems = read_items(path)
        progress = self.progress_bar if self.stdout.isatty() and not dry_run else None

        def report(number, total, action):
            if progress:
                progress(number, total, action)
            else:
                self.report(number, total, action, dry_run)

        actions, run_problems = Run(dry_run=dry_run, progress=report).execute(items)
        problems += run_problems
        if progress:
            self.stdout.write("")  # end the bar's line

        for problem in sorted(problems, key=lambda p: (str(p.path), p.line)):
            self.stderr.write(str(problem))
        self.stdout.write(self.summary(actions, problems, dry_run))
        if problems:
            raise CommandError(
                f"{len(problems)} file(s) skipped; see the messages above."
            )

    def report(self, number, total, action, dry_run):
        verb = VERBS[action.verb][1 if dry_run else 0]
        line = f"[{number}/{total}] {action.item.label}: {verb}"
        if action.verb == "update":
            line += f" ({', '.join(action.changed)})"
        self.stdout.write(f"{line}  ({action.item.path})")

    def progress_bar(self, number, total, action):
        done = BAR_WIDTH * number // total if total else BAR_WIDTH
        bar = "#" * done + "-" * (BAR_WIDTH - done)
        label = action.item.label[:40]
        self.stdout.write(f"\r[{bar}] {number}/{total} {label:<40}", ending="")
        self.stdout.flush()

    def summary(self, actions, problems, dry_run):
        counts = dict.fromkeys(VERBS, 0)
        for action in actions:
            counts[action.verb] += 1
        index = 1 if dry_run else 0
        parts = [
            f"{counts[verb]} {VERBS[verb][index]}" for verb in ("create", "update")
        ]
        parts.append(f"{counts['unchanged']} unchanged")
        parts.append(f"{len(problems)} skipped")
        prefix = "Dry run, nothing written: " if dry_run else "Imported: "
        return prefix + ", ".join(parts) + "."
