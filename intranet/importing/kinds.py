"""Kinds of imported thing, registered by the `type` value their files give.

Each installed app may have an `importing` module that registers its kinds
(found by `autodiscover`, like `wagtail_hooks`):

    @register
    class GoodPracticeKind(PageKind):
        type = "good_practice"
        ...
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.module_loading import autodiscover_modules

from .problems import ImportProblem

_kinds = {}


def register(kind_class):
    """Class decorator: register an instance of `kind_class` under its `type`."""
    kind = kind_class()
    if kind_class.type in _kinds:
        kind.number = _kinds[kind_class.type].number  # a module imported again
    else:
        kind.number = len(_kinds)
    _kinds[kind_class.type] = kind
    return kind_class


_discovered = []


def autodiscover():
    """Import every installed app's `importing` module, which registers kinds
    (once: the registry then holds them)."""
    if not _discovered:
        autodiscover_modules("importing")
        _discovered.append(True)


def registered_kinds():
    """The registered kinds, in their order (then as they were registered)."""
    autodiscover()
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.number))


def kind_of(type_code):
    """The kind registered under a `type` code."""
    autodiscover()
    return _kinds[type_code]


@dataclass
class Action:
    """What the import does with one item: create, update or leave it.

    `verb` is "create", "update", "unchanged" (or "failed" once writing it
    failed); `changed` the names of the fields an update changes (shown by
    `--dry-run`); `existing` the object found (then the one written);
    `values` what the kind compares; `extra` anything else the kind keeps from
    planning to writing.
    """

    item: object
    verb: str = "create"
    existing: object = None
    values: dict = field(default_factory=dict)
    changed: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def kind(self):
        return self.item.kind

    def compare(self, current):
        """Set `changed` and the verb from what the object holds now."""
        self.changed = [
            key for key, value in self.values.items() if current.get(key) != value
        ]
        self.verb = "update" if self.changed else "unchanged"


# Orders of the kinds the project registers: kinds of one order are planned and
# written together, in the order of their files (translations last); lower
# orders first, so that what an item refers to exists when it is written.
SITE, PEOPLE, INSTITUTIONS, COMMUNITIES, MEMBERSHIPS = 5, 10, 20, 30, 40
# Meetings and work plans come before the knowledge kinds: a members area lists
# its pages in the order they were made, its meetings before its library.
MEETINGS, KNOWLEDGE, TRACKERS, LABELS = 50, 60, 80, 90

# The errors that skip one item while writing: the others go on.
WRITE_ERRORS = (ImportProblem, ValidationError, DatabaseError, OSError, ValueError)


class Kind:
    """One kind of imported item. Subclasses set the class attributes and
    implement `read`, `plan` and `write`; the rest has defaults.

    - `type`: the code files give as `type` (also accepted: `verbose_name` in
      English or Spanish, in any case);
    - `noun`: how progress lines and messages name it ("case study");
    - `order`: when it is planned and written (see SITE … LABELS);
    - `keys`: the keys its items may hold (`type` always may).
    """

    type = ""
    noun = ""
    verbose_name = ""
    order = KNOWLEDGE
    keys = frozenset()

    def label(self, item):
        """How progress lines name an item: "case study en/tarkwa-dialogue"."""
        return f"{self.noun} {item.locale}/{item.slug}"

    def read(self, item):
        """Check `item.data` and set the item's attributes; raise
        `item.problem(key, message)` on a bad value. Read-only."""
        raise NotImplementedError

    def planned_key(self, item, locale, slug):
        """Where `run.planned` keeps the action of an item of this kind with
        this locale and slug (a kind whose slugs repeat, one per community
        say, adds what tells them apart)."""
        return (self.type, locale, slug)

    def identity(self, item):
        """Two items of one import with the same identity are duplicates."""
        return self.planned_key(item, item.locale, item.slug)

    def check(self, items, problems):
        """Checks across this kind's items (after duplicates are dropped):
        returns the items kept, appending to `problems` for the others."""
        return items

    def plan(self, item, run):
        """Decide, read-only, what to do with `item`: an `Action` (see its
        `compare`). `run.planned` holds the actions planned before it."""
        raise NotImplementedError

    def writes_in_bulk(self, action):
        """Whether `write_bulk` writes this action with others of its group."""
        return False

    def bulk_group(self, action):
        """Actions written in bulk together share this key."""
        return (self.type, action.item.locale)

    def write(self, action, run):
        """Write one created or updated action (inside a transaction); set
        `action.existing` to what was written, and tell `run.written`."""
        raise NotImplementedError

    def write_bulk(self, actions, run):
        """Write a group of actions at once (inside a transaction)."""
        raise NotImplementedError

    def after_step(self, actions, run):
        """Called once the step's actions (this kind's among them) are all
        written: for links between items of one step (a case study's related
        good practices, whose pages may be written after it)."""

    def remove(self, item):
        """Delete what the item made, if it can tell (`load_demo --reset`)."""

    def write_one(self, action, run, problems):
        """Write one action in its own transaction; a failure is a problem."""
        try:
            with transaction.atomic():
                self.write(action, run)
        except WRITE_ERRORS as error:
            problems.append(failure(action, error))
            action.verb = "failed"


def failure(action, error):
    """The problem reported for an action that could not be written."""
    if isinstance(error, ImportProblem):
        return error
    return ImportProblem(action.item.path, action.item.start_line, str(error))
