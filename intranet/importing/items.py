"""Reading import files into items, with each key's line for messages.

Two kinds of file:

- `*.md` / `*.markdown`: YAML front matter between `---` lines (split by
  python-frontmatter), then a Markdown body: one item.
- `*.yaml` / `*.yml`: a mapping with a `type`, a list of such mappings, or a
  mapping with a `type` and `items` (a list of mappings of that type, sharing
  the mapping's other keys): one item each.

python-frontmatter does not say where a key is, so the YAML is composed again
here and each key's line taken from the parser's marks.
"""

import datetime
from pathlib import Path

import frontmatter
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.utils.translation import gettext as _

from .problems import ImportProblem
from .vocabulary import accepted_names, code_for

MARKDOWN_SUFFIXES = (".md", ".markdown")
DATA_SUFFIXES = (".yaml", ".yml")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100

# libyaml's parser when PyYAML was built with it: the same safe loading, faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_front_matter = frontmatter.YAMLHandler()


class Item:
    """One thing to import: a Markdown file, or one entry of a YAML file.

    `data` holds the keys as YAML read them, `key_lines` their file lines;
    `markdown` is the Markdown body (empty for YAML entries) starting on file
    line `markdown_line`. Its kind's `read` checks the data and sets what it needs as
    attributes (`slug`, `title`, `locale`, `translation_of`, anything else); the
    helpers below read one key each and raise `ImportProblem` on its line.
    """

    def __init__(
        self, path, data, key_lines, root, start_line=1, markdown="", markdown_line=1
    ):
        self.path = path
        self.data = data
        self.key_lines = key_lines
        self.root = root
        self.start_line = start_line
        self.markdown = markdown
        self.markdown_line = markdown_line
        self.kind = None
        self.type = ""
        self.slug = ""
        self.title = ""
        self.locale = settings.LANGUAGE_CODE
        self.translation_of = ""

    def __repr__(self):
        return f"<Item {self.type} {self.path}:{self.start_line}>"

    @property
    def label(self):
        """How progress lines name the item ("case study en/tarkwa-dialogue")."""
        return self.kind.label(self)

    @property
    def is_translation(self):
        return bool(self.translation_of)

    def line(self, key):
        """The file line of `key`, or where the item starts when it is absent."""
        return self.key_lines.get(key, self.start_line)

    def problem(self, key, message):
        """An `ImportProblem` on the line of `key` (raise it)."""
        return ImportProblem(self.path, self.line(key), message)

    def problem_at(self, line, message):
        """An `ImportProblem` on a file line (a body's heading, say)."""
        return ImportProblem(self.path, line, message)

    # --- Reading one key -----------------------------------------------------

    def text(self, key, required=False, max_length=None):
        """The key's value as stripped text ("" when absent)."""
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                raise self.problem(key, f"missing {key}")
            return ""
        if isinstance(value, (dict, list)):
            raise self.problem(key, f"{key} must be text")
        if max_length is not None and len(str(value)) > max_length:
            raise self.problem(key, f"{key} is longer than {max_length} characters")
        return str(value).strip()

    def words(self, key):
        """A list of words (one word alone is a list of one)."""
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(
            isinstance(entry, (dict, list)) or entry is None for entry in value
        ):
            raise self.problem(key, f"{key} must be a list of words")
        return [str(entry).strip() for entry in value if str(entry).strip()]

    def entries(self, key):
        """A list of mappings (for nested records such as a case study's voices)."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(
            isinstance(entry, dict) for entry in value
        ):
            raise self.problem(key, f"{key} must be a list of key: value entries")
        return value

    def flag(self, key, default=False):
        """A yes/no value."""
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.problem(key, f"{key} must be true or false")
        return value

    def year(self, key):
        """A year between 1900 and 2100, or None."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value.strip())
            else:
                raise self.problem(key, f"bad {key} '{value}': give a year like 2016")
        if not EARLIEST_YEAR <= value <= LATEST_YEAR:
            raise self.problem(
                key,
                f"bad {key} {value}: expected a year between {EARLIEST_YEAR} "
                f"and {LATEST_YEAR}",
            )
        return value

    def date_value(self, key):
        """A `YYYY-MM-DD` date, or None."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise self.problem(key, f"bad {key} '{value}': use YYYY-MM-DD") from None

    def code(self, key, value, pairs, noun=None):
        """The code `value` names among (code, label) pairs, by code or label."""
        code = code_for(value, pairs)
        if code is None:
            raise self.problem(
                key, f"unknown {noun or key} '{value}' {accepted_names(pairs)}"
            )
        return code

    def choice(self, key, choices, default=""):
        """The code of a Django `choices` class the key names, or `default`."""
        value = self.text(key)
        if not value:
            return default
        return self.code(key, value, choices.choices)

    def slug_value(self, key="slug", required=True):
        """A slug: letters, numbers, hyphens and underscores."""
        slug = self.text(key, required=required)
        if slug:
            try:
                validate_unicode_slug(slug)
            except ValidationError:
                raise self.problem(
                    key,
                    f"bad {key} '{slug}': use letters, numbers, hyphens and "
                    "underscores",
                ) from None
        return slug

    def locale_value(self, key="locale"):
        """One of the site's content languages (the default language if absent)."""
        locale = self.text(key) or settings.LANGUAGE_CODE
        languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        if locale not in languages:
            raise self.problem(
                key, f"unknown locale '{locale}' (one of: {', '.join(languages)})"
            )
        return locale

    def attachment(self, key="file", required=True):
        """The file the key names, relative to this file and inside the import.

        Without this check `file: ../../etc/passwd` (or a symbolic link) would
        copy any file the server can read into a library, served to whoever may
        see it.
        """
        relative = self.text(key, required=required)
        if not relative:
            return None
        line = self.line(key)
        if Path(relative).is_absolute():
            raise ImportProblem(
                self.path,
                line,
                _(
                    "attachment '%(file)s' is an absolute path: give it relative to "
                    "the Markdown file"
                )
                % {"file": relative},
            )
        attachment = self.path.parent / relative
        if not inside(attachment, self.root):
            raise ImportProblem(
                self.path,
                line,
                _("attachment '%(file)s' is outside the imported folder %(folder)s")
                % {"file": relative, "folder": self.root},
            )
        if not attachment.is_file():
            raise ImportProblem(self.path, line, f"missing attachment '{relative}'")
        return attachment.resolve()


def inside(path, root):
    """Whether `path`, once `..` and symbolic links are resolved, is in `root`."""
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def import_files(path):
    """The files at `path` (one file, or a folder searched recursively), in
    alphabetical order of their paths."""
    path = Path(path)
    if path.is_file():
        return [path]
    suffixes = MARKDOWN_SUFFIXES + DATA_SUFFIXES
    return sorted(p for p in path.rglob("*") if p.suffix.lower() in suffixes)


def read_file(path, root=None):
    """The items of one file, not yet checked by their kind; or `ImportProblem`.

    `root` is the imported folder (by default the file's own): the file and its
    attachments must lie inside it, symbolic links included.
    """
    path = Path(path)
    root = Path(root) if root is not None else path.parent
    if not inside(path, root):
        raise ImportProblem(
            path, 1, _("the file is a link to a place outside the imported folder")
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ImportProblem(path, 1, "the file is not UTF-8 text") from None
    if path.suffix.lower() in DATA_SUFFIXES:
        return _read_data_file(path, text, root)
    return [_read_markdown_file(path, text, root)]


def _read_markdown_file(path, text, root):
    if not _front_matter.detect(text):
        raise ImportProblem(
            path, 1, "no YAML front matter: the file must start with ---"
        )
    try:
        front, body = _front_matter.split(text)
    except ValueError:
        raise ImportProblem(
            path, 1, "the front matter is not closed by a --- line"
        ) from None
    if body.startswith("\n"):
        body = body[1:]
    body_line = text[: len(text) - len(body)].count("\n") + 1
    # The front matter starts where the opening `---` match ends (on that line).
    front_line = text[: _front_matter.FM_BOUNDARY.match(text).end()].count("\n") + 1
    node, data = _compose(path, front, first_line=front_line)
    if node is None:
        raise ImportProblem(path, 1, "the front matter is empty")
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        raise ImportProblem(path, 2, "the front matter must be a list of key: value")
    return Item(
        path,
        data,
        _key_lines(path, node, first_line=front_line),
        root,
        markdown=body,
        markdown_line=body_line,
    )


def _read_data_file(path, text, root):
    node, data = _compose(path, text, first_line=1)
    if node is None:
        raise ImportProblem(path, 1, "the file is empty")
    if isinstance(node, yaml.MappingNode) and "items" in data:
        return _read_item_list(path, node, data, root)
    if isinstance(node, yaml.MappingNode):
        nodes, values = [node], [data]
    elif isinstance(node, yaml.SequenceNode):
        nodes, values = node.value, data
    else:
        raise ImportProblem(path, 1, "the file must hold key: value entries")
    items = []
    for entry_node, entry in zip(nodes, values, strict=True):
        line = entry_node.start_mark.line + 1
        if not isinstance(entry_node, yaml.MappingNode) or not isinstance(entry, dict):
            raise ImportProblem(path, line, "each entry must be a list of key: value")
        key_lines = _key_lines(path, entry_node, first_line=1)
        items.append(Item(path, entry, key_lines, root, start_line=line))
    return items


def _read_item_list(path, node, data, root):
    """`type: person` and `items: [...]`: every entry is of that type. Other
    keys beside `items` (`community: lima`) are shared by every entry, which
    may give its own."""
    key_lines = _key_lines(path, node, first_line=1)
    items_node = {key.value: value for key, value in node.value}["items"]
    shared = {key: value for key, value in data.items() if key != "items"}
    if not isinstance(items_node, yaml.SequenceNode):
        raise ImportProblem(path, key_lines["items"], "items must be a list")
    items = []
    for entry_node, entry in zip(items_node.value, data["items"], strict=True):
        line = entry_node.start_mark.line + 1
        if not isinstance(entry_node, yaml.MappingNode) or not isinstance(entry, dict):
            raise ImportProblem(path, line, "each entry must be a list of key: value")
        entry_lines = _key_lines(path, entry_node, first_line=1)
        entry_lines = {
            **{key: key_lines[key] for key in shared if key not in entry},
            **entry_lines,
        }
        entry = {**shared, **entry}
        items.append(Item(path, entry, entry_lines, root, start_line=line))
    return items


def _compose(path, text, first_line):
    """(YAML node, data) of `text`, whose first line is file line `first_line`."""
    try:
        node = yaml.compose(text, Loader=YAML_LOADER)
        data = yaml.load(text, Loader=YAML_LOADER) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(
            error, "context_mark", None
        )
        line = mark.line + first_line if mark else 1
        reason = getattr(error, "problem", None) or "unreadable"
        raise ImportProblem(path, line, f"invalid YAML: {reason}") from None
    return node, data


def _key_lines(path, node, first_line):
    key_lines = {}
    for key_node, _value_node in node.value:
        key = key_node.value
        line = key_node.start_mark.line + first_line
        if key in key_lines:
            raise ImportProblem(path, line, f"'{key}' is given twice")
        key_lines[key] = line
    return key_lines
