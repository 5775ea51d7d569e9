"""One way in: `import_content` and `load_demo` read files through this package.

Files (docs/import.md describes the format users write):

- `*.md`: YAML front matter (python-frontmatter) and a Markdown body: one item;
- `*.yaml` / `*.yml`: a mapping with a `type`, a list of them, or `type` and
  `items` (a list of mappings of that type): one item each.

Every item has a `type`, the code of a registered **kind**. Apps register their
kinds in an `importing` module (found like `wagtail_hooks`)::

    from intranet.importing import PEOPLE, Action, Kind, register

    @register
    class PersonKind(Kind):
        type = "person"             # the `type` value (or `verbose_name`, en/es)
        noun = "person"             # progress lines, messages
        order = PEOPLE              # SITE < PEOPLE < INSTITUTIONS < COMMUNITIES
                                    # < MEMBERSHIPS < MEETINGS < KNOWLEDGE <
                                    # TRACKERS < LABELS; one order = one step
        keys = frozenset({"username", "role", ...})   # besides `type`

        def label(self, item):      # default: f"{noun} {item.locale}/{item.slug}"
            return f"person {item.username}"

        def identity(self, item):   # duplicates within one import
            return (self.type, item.username)

        def read(self, item):       # check item.data, set attributes; read-only
            item.username = item.slug_value("username")
            item.role = item.text("role")
            ...

        def plan(self, item, run):  # read-only: Action(item, verb, existing, ...)
            action = Action(item=item, values={...})
            user = ...find it...
            if user is not None:
                action.existing = user
                action.compare({...what it holds now, same keys...})
            return action

        def write(self, action, run):   # in a transaction; one action
            ...create or update...
            action.existing = user

The item API (`Item`, see items.py): `item.path`, `item.data`, `item.key_lines`,
`item.start_line`, `item.markdown` / `item.markdown_line` (Markdown body),
`item.kind`, `item.type`; attributes the kind sets (`slug`, `title`, `locale`
(default "en"), `translation_of`, and any other); readers that raise
`ImportProblem` on the key's line: `text(key, required, max_length)`,
`words(key)`, `entries(key)` (a list of mappings), `flag(key)`, `year(key)`,
`date_value(key)`, `choice(key, choices, default)`, `code(key, value, pairs)`,
`slug_value(key)`, `locale_value()`, `attachment(key)` (a file next to the
item, inside the imported folder); `item.problem(key, message)` and
`item.problem_at(line, message)` to raise your own.

The run (`run.py`): `read_items(path)` → `Run(dry_run, progress).execute(items)`
plans every step (kinds of one `order`, in file order, translations last) and
writes it before planning the next one, so an item may refer to anything of a
lower order by looking it up in the database; in a dry run nothing is written,
and `run.find_planned(type, slug, locale=None)` gives the action planned for
an item of an earlier step instead. `run.memo(key, make)` caches a look-up for
the run. `import_path(path, dry_run, progress)` does it all and returns
(actions, problems). Pages and documents the kinds append to `run.written` are
sent with the `intranet.signals.content_imported` signal (search indexes them).

Writing: `Kind.write(action, run)` writes one created or updated action
(`write_one` wraps it in a transaction and turns an error into a problem); a
kind may write groups at once (`writes_in_bulk`, `bulk_group`, `write_bulk`).
`Kind.after_step(actions, run)` runs once the step is written (links between
items of one step). `Kind.remove(item)` deletes what the item made
(`load_demo --reset`). `Kind.planned_key(item, locale, slug)` is where
`run.planned` keeps an action, and by default its identity for duplicates:
(type, locale, slug); a kind whose slugs repeat adds what tells them apart.

Pages: subclass `PageKind` and declare `model`, `fields` (`PageField`,
`StreamField`, `TagsField`, `CountryField`, `ListField`, `InlineField`) and
`parent(item, run, locale)`; finding, comparing, bulk creation, revisions and
wagtail-localize translations (`translation_of`) are shared.

People (`type: person`, the communities side) and `load_demo`: the person
kind sets `item.username` and `item.role` (the description the demo's logins
list prints) and leaves the user in `action.existing`; accounts it creates get
no usable password; `load_demo` gives those the demo password and prints every
person item's username and role.

Markdown: `to_html(text)` (markdown-it-py, then nh3 against the rich-text
allow-list), `split_sections(text, first_line)` (`## ` sections with their
lines), `body_blocks(text)` (StreamField paragraph and heading blocks),
`list_steps(text)`, `plain_title(text)`. Vocabulary: `fold_name`,
`vocabulary`, `accepted_names`, `code_for`.
"""

# The project's own kinds (home page, standard pages, site settings, topic
# labels): registered with the package, which is the intranet app's `importing`.
from . import site  # noqa: F401
from .items import Item, import_files, inside, read_file
from .kinds import (
    COMMUNITIES,
    INSTITUTIONS,
    KNOWLEDGE,
    LABELS,
    MEETINGS,
    MEMBERSHIPS,
    PEOPLE,
    SITE,
    TRACKERS,
    Action,
    Kind,
    autodiscover,
    kind_of,
    register,
    registered_kinds,
)
from .markdown import (
    body_blocks,
    list_steps,
    plain_title,
    sanitise_html,
    split_sections,
    to_html,
)
from .pages import (
    CountryField,
    InlineField,
    ListField,
    PageField,
    PageKind,
    StreamField,
    TagsField,
    stop_translation_sync,
)
from .problems import ImportProblem
from .run import Run, import_path, parse_file, read_items, type_names
from .vocabulary import accepted_names, code_for, fold_name, vocabulary

__all__ = [
    "COMMUNITIES",
    "INSTITUTIONS",
    "KNOWLEDGE",
    "LABELS",
    "MEETINGS",
    "MEMBERSHIPS",
    "PEOPLE",
    "SITE",
    "TRACKERS",
    "Action",
    "CountryField",
    "ImportProblem",
    "InlineField",
    "Item",
    "Kind",
    "ListField",
    "PageField",
    "PageKind",
    "Run",
    "StreamField",
    "TagsField",
    "accepted_names",
    "autodiscover",
    "body_blocks",
    "code_for",
    "fold_name",
    "import_files",
    "import_path",
    "inside",
    "kind_of",
    "list_steps",
    "parse_file",
    "plain_title",
    "read_file",
    "read_items",
    "register",
    "registered_kinds",
    "sanitise_html",
    "split_sections",
    "stop_translation_sync",
    "to_html",
    "type_names",
    "vocabulary",
]
