"""One import run: read every file, then plan and write each kind in its order.

1. `read_items(path)` reads every file and has each item checked by its kind
   (the `type` key chooses it), then the set: duplicates, and each kind's own
   checks (a translation of an item that is missing or skipped);
2. kinds of one `order` form a step; in each step, in order, every item is
   planned (read-only: created, updated or unchanged, with the changed fields)
   and then, unless it is a dry run, written: one by one, or in bulk where the
   kind can (new pages), translations after their sources;
3. what was written (pages, documents) is sent with `content_imported`, so that
   search indexes it in bulk before the run returns.

Each bad file becomes an `ImportProblem` ("path:line: message") and is skipped.
"""

from collections import defaultdict
from itertools import groupby
from pathlib import Path

from django.db import transaction
from wagtail.models import Page

from intranet.bulk import specific_pages, update_search_backends
from intranet.signals import content_imported

from .items import import_files, read_file
from .kinds import WRITE_ERRORS, kind_of, registered_kinds
from .problems import ImportProblem

TYPE_KEY = "type"


def type_names():
    """(code, verbose name) of every registered kind, for the `type` key."""
    return [(kind.type, kind.verbose_name or kind.noun) for kind in registered_kinds()]


def check_item(item):
    """Find the item's kind by its `type` and have the kind read it."""
    value = item.text(TYPE_KEY, required=True)
    item.type = item.code(TYPE_KEY, value, type_names())
    item.kind = kind_of(item.type)
    allowed = item.kind.keys | {TYPE_KEY}
    for key in item.key_lines:
        if key not in allowed:
            raise item.problem(key, f"unknown key '{key}'")
    item.kind.read(item)
    return item


def parse_file(path, root=None):
    """The first item of one file, checked by its kind; or `ImportProblem`."""
    return check_item(read_file(path, root)[0])


def read_items(path):
    """Read and check every file under `path`; returns (items, problems).

    Problems found across files (a duplicate, a translation of an item that is
    missing from the import or skipped) are reported on the later file.
    """
    items, problems = [], []
    path = Path(path)
    root = path if path.is_dir() else path.parent
    for file_path in import_files(path):
        try:
            entries = read_file(file_path, root=root)
        except ImportProblem as problem:
            problems.append(problem)
            continue
        for entry in entries:
            try:
                items.append(check_item(entry))
            except ImportProblem as problem:
                problems.append(problem)

    seen, unique = {}, []
    for item in items:
        key = item.kind.identity(item)
        if key in seen:
            problems.append(
                item.problem(
                    "slug",
                    f"duplicate slug '{item.slug}': already used by {seen[key].path}",
                )
            )
            continue
        seen[key] = item
        unique.append(item)

    kept = set()
    for kind in registered_kinds():
        of_kind = [item for item in unique if item.kind is kind]
        kept.update(id(item) for item in kind.check(of_kind, problems))
    return [item for item in unique if id(item) in kept], problems


class Run:
    """Plans and writes the items of one import.

    `progress(number, total, action)` is called as each action is written (or,
    in a dry run, planned). `planned` maps (type, locale, slug) to the actions
    planned so far, so that an item can refer to one planned before it (in a
    dry run, not written yet). `written` collects the pages and documents
    written, sent with `content_imported` at the end. `cache` is for the kinds'
    own look-ups during the run (index pages by locale, say).
    """

    def __init__(self, dry_run=False, progress=None):
        self.dry_run = dry_run
        self.progress = progress
        self.planned = {}
        self.written = []
        self.cache = {}
        self.actions = []
        self.problems = []
        self._done = 0
        self._total = 0

    def memo(self, key, make):
        """`make()` once per run for `key`."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def find_planned(self, type_code, slug, locale=None):
        """The action planned for an item of this type and slug (and locale)."""
        for (
            planned_type,
            planned_locale,
            planned_slug,
        ), action in self.planned.items():
            if planned_type == type_code and planned_slug == slug:
                if locale is None or planned_locale == locale:
                    return action
        return None

    def report(self, action):
        self._done += 1
        if self.progress:
            self.progress(self._done, max(self._total, self._done), action)

    def execute(self, items):
        """Plan and write `items`; returns (actions, problems)."""
        steps = groupby(
            sorted(items, key=lambda item: item.kind.order),
            key=lambda item: item.kind.order,
        )
        steps = [list(step) for _order, step in steps]
        remaining = len(items)
        for step in steps:
            remaining -= len(step)
            actions = self.plan(step)
            self._total = self._done + len(actions) + remaining
            if self.dry_run:
                for action in actions:
                    self.report(action)
            else:
                self.apply(actions)
        if not self.dry_run:
            self.announce()
        return self.actions, self.problems

    def plan(self, items):
        """Plan one step's items, translations after the items they translate."""
        actions = []
        for item in sorted(items, key=lambda item: item.is_translation):
            try:
                action = item.kind.plan(item, self)
            except ImportProblem as problem:
                self.problems.append(problem)
                continue
            self.planned[item.kind.planned_key(item, item.locale, item.slug)] = action
            actions.append(action)
        self.actions.extend(actions)
        return actions

    def apply(self, actions):
        """Write one step's actions: those written one by one first, in order,
        then those written in bulk, grouped, sources before translations; a
        group that fails is written again one by one, so only its culprit is
        skipped."""
        for action in actions:
            if not action.kind.writes_in_bulk(action):
                if action.verb not in ("unchanged", "failed"):
                    action.kind.write_one(action, self, self.problems)
                self.report(action)
        in_bulk = [action for action in actions if action.kind.writes_in_bulk(action)]
        for translations in (False, True):
            groups = defaultdict(list)
            for action in in_bulk:
                if action.item.is_translation == translations:
                    key = (action.kind.type, action.kind.bulk_group(action))
                    groups[key].append(action)
            for group in groups.values():
                kind = group[0].kind
                try:
                    with transaction.atomic():
                        kind.write_bulk(group, self)
                except WRITE_ERRORS:
                    for action in group:
                        kind.write_one(action, self, self.problems)
                for action in group:
                    self.report(action)
        for kind in {action.kind.type: action.kind for action in actions}.values():
            kind.after_step([action for action in actions if action.kind is kind], self)

    def announce(self):
        """Tell the rest of the site what was written: Wagtail's own search
        backend for the pages (bulk writing sends no signal), and any listener
        of `content_imported` (search indexes them in bulk)."""
        if not self.written:
            return
        # Read again as the database holds them (specific pages, documents with
        # their collection): what the writers kept may be revisions' copies.
        by_model = defaultdict(set)
        for obj in self.written:
            by_model[Page if isinstance(obj, Page) else type(obj)].add(obj.pk)
        pages = specific_pages(sorted(by_model.pop(Page, ())))
        others = []
        for model, pks in by_model.items():
            objects = model._default_manager.filter(pk__in=pks).order_by("pk")
            if any(field.name == "collection" for field in model._meta.fields):
                objects = objects.select_related("collection")
            others.extend(objects)
        update_search_backends(pages)
        content_imported.send(sender=Run, objects=pages + others)


def import_path(path, dry_run=False, progress=None):
    """Read, plan and (unless `dry_run`) write everything under `path`.

    Returns (actions, problems): problems sorted by file and line.
    """
    items, problems = read_items(path)
    run = Run(dry_run=dry_run, progress=progress)
    actions, run_problems = run.execute(items)
    problems = sorted(problems + run_problems, key=lambda p: (str(p.path), p.line))
    return actions, problems
