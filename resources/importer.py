"""Bulk import of existing knowledge from Markdown files with YAML front matter.

Three steps, so that `--dry-run` shares everything but the writing:

1. `read_items(path)` parses and validates every file on its own and then the set
   (duplicate slugs, translations of items that are missing or skipped);
2. `plan(items)` looks each item up in the database, read-only, and decides whether
   it would be created, updated or left unchanged;
3. `apply(plan)` writes: pages are created under the index pages of their locale
   (made by `resources.services.ensure_knowledge_indexes`) and published with one
   new revision each; documents go into their collection. Unchanged items are not
   touched, so importing the same folder twice writes nothing the second time.

Each bad file becomes an `ImportProblem` ("path:line: message") and is skipped.
The format is described in docs/import.md.
"""

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import nh3
import yaml
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_unicode_slug
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale
from wagtail.rich_text import get_text_for_indexing

from intranet.bulk import add_live_children, specific_pages, update_search_backends
from intranet.taxonomy import Pillar
from intranet.translation import record_translations_in_bulk, translate_page
from search.indexing import index_items_in_bulk

from .models import (
    CaseStudyCommunity,
    CaseStudyPage,
    Confidentiality,
    Document,
    DocumentType,
    GoodPracticePage,
    Theme,
)

CASE_STUDY = "case_study"
GOOD_PRACTICE = "good_practice"
DOCUMENT = "document"
TYPES = (CASE_STUDY, GOOD_PRACTICE, DOCUMENT)
PAGE_MODELS = {CASE_STUDY: CaseStudyPage, GOOD_PRACTICE: GoodPracticePage}
INDEX_KEYS = {CASE_STUDY: "case_studies", GOOD_PRACTICE: "good_practices"}
TYPE_LABELS = {
    CASE_STUDY: "case study",
    GOOD_PRACTICE: "good practice",
    DOCUMENT: "document",
}

KEYS = {
    "type",
    "slug",
    "title",
    "locale",
    "translation_of",
    "country",
    "region",
    "year",
    "start_year",
    "end_year",
    "topics",
    "pillars",
    "theme",
    "community",
    "summary",
    "file",
    "document_type",
    "confidentiality",
    "date",
}
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100

# `## Heading` (English or Spanish) -> the field it fills, per page type. Any other
# section goes to the page body.
SECTIONS = {
    CASE_STUDY: {
        "challenge": "challenge",
        "the challenge": "challenge",
        "desafío": "challenge",
        "el desafío": "challenge",
        "reto": "challenge",
        "approach": "approach",
        "the approach": "approach",
        "enfoque": "approach",
        "el enfoque": "approach",
        "results": "results",
        "resultados": "results",
        "lessons learned": "lessons_learned",
        "lecciones aprendidas": "lessons_learned",
    },
    GOOD_PRACTICE: {
        "practice": "practice",
        "the practice": "practice",
        "práctica": "practice",
        "la práctica": "practice",
        "why it matters": "why_it_matters",
        "por qué importa": "why_it_matters",
        "steps": "steps",
        "pasos": "steps",
        "where it applies": "where_it_applies",
        "dónde se aplica": "where_it_applies",
    },
    DOCUMENT: {},
}
RICH_TEXT_SECTIONS = {
    "challenge",
    "approach",
    "results",
    "lessons_learned",
    "practice",
    "why_it_matters",
}

# What the rich text of an imported page may hold (the features of its fields and
# body blocks). Markdown passes raw HTML through, so everything it produces is
# cleaned against this list: other elements are dropped (a script or style with its
# content, the rest keeping their text), and so are every attribute but a link's
# href and any link that is not http(s), mailto or relative (javascript:, data:).
ALLOWED_TAGS = {
    *("p", "br", "h2", "h3", "h4", "ul", "ol", "li"),
    *("a", "strong", "b", "em", "i"),
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")

# libyaml's parser when PyYAML was built with it: the same safe loading, faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LIST_ITEM = re.compile(r"^(?:\d+[.)]|[-*+])\s+(.*)$")
FENCE = re.compile(r"^\s*(```|~~~)")


class ImportProblem(Exception):
    """Why one file is skipped, with the line it is about."""

    def __init__(self, path, line, message):
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class ImportItem:
    """One Markdown file, parsed and checked on its own."""

    path: Path
    type: str
    slug: str
    title: str
    locale: str
    key_lines: dict
    translation_of: str = ""
    summary: str = ""
    country: str = ""
    region: str = ""
    start_year: int | None = None
    end_year: int | None = None
    topics: list = field(default_factory=list)
    pillars: list = field(default_factory=list)
    theme: str = ""
    community: str = ""
    file: Path | None = None
    document_type: str = DocumentType.OTHER
    confidentiality: str = Confidentiality.PUBLIC
    date: datetime.date | None = None
    sections: dict = field(default_factory=dict)
    body: list = field(default_factory=list)
    lead: str = ""

    @property
    def label(self):
        return f"{TYPE_LABELS[self.type]} {self.locale}/{self.slug}"

    def line(self, key):
        return self.key_lines.get(key, 1)

    def problem(self, key, message):
        return ImportProblem(self.path, self.line(key), message)


@dataclass
class Action:
    """What the import does with one item: create, update or leave it."""

    item: ImportItem
    verb: str  # "create", "update" or "unchanged"
    existing: object = None
    values: dict = field(default_factory=dict)
    changed: list = field(default_factory=list)
    source: object = None  # the page this one translates, when it exists already
    collection: object = None
    communities: list = field(default_factory=list)


# --- Reading -----------------------------------------------------------------------


def markdown_files(path):
    """The Markdown files at `path` (one file, or a folder searched recursively)."""
    path = Path(path)
    if path.is_file():
        return [path]
    return sorted(
        p for p in path.rglob("*") if p.suffix.lower() in (".md", ".markdown")
    )


def read_items(path):
    """Parse every file under `path`; returns (items, problems).

    Problems found across files (a duplicate slug, a translation of an item that
    is missing from the import and was skipped) are reported on the later file.
    """
    items, problems = [], []
    path = Path(path)
    root = path if path.is_dir() else path.parent
    for file_path in markdown_files(path):
        try:
            items.append(parse_file(file_path, root=root))
        except ImportProblem as problem:
            problems.append(problem)
    skipped_paths = {problem.path for problem in problems}

    seen = {}
    unique = []
    for item in items:
        key = (
            (item.type, item.slug)
            if item.type == DOCUMENT
            else (
                item.type,
                item.locale,
                item.slug,
            )
        )
        if key in seen:
            first = seen[key]
            problems.append(
                item.problem(
                    "slug",
                    f"duplicate slug '{item.slug}': already used by {first.path}",
                )
            )
            continue
        seen[key] = item
        unique.append(item)
    items = unique

    translated = {}
    for item in items:
        if not item.translation_of:
            continue
        pair = (item.type, item.translation_of, item.locale)
        if pair in translated:
            problems.append(
                item.problem(
                    "translation_of",
                    f"'{item.translation_of}' already has a {item.locale} "
                    f"translation in {translated[pair].path}",
                )
            )
            skipped_paths.add(item.path)
        else:
            translated[pair] = item
    items = [item for item in items if item.path not in skipped_paths]
    return items, problems


def parse_file(path, root=None):
    """Parse one Markdown file into an `ImportItem`, or raise `ImportProblem`.

    `root` is the imported folder (by default the file's own): the file and its
    attachment must lie inside it, symbolic links included.
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
    front, body_start, body_lines = split_front_matter(path, text)
    data, key_lines = load_front_matter(path, front)
    item = build_item(path, data, key_lines, root)
    read_body(item, body_lines, body_start)
    if item.type == GOOD_PRACTICE and not item.sections.get("practice"):
        if not item.lead:
            raise ImportProblem(
                path,
                body_start,
                "a good practice needs its practice: text before the first "
                "heading or a '## Practice' section",
            )
        item.sections["practice"] = to_html(item.lead)
        item.lead = ""
    if item.type == DOCUMENT and not item.summary:
        item.summary = get_text_for_indexing(to_html(item.lead)).strip()
    elif item.lead:
        item.body.insert(0, {"type": "paragraph", "value": to_html(item.lead)})
    return item


def split_front_matter(path, text):
    """Returns (YAML text, file line where the body starts, body lines)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ImportProblem(
            path, 1, "no YAML front matter: the file must start with ---"
        )
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), index + 2, lines[index + 1 :]
    raise ImportProblem(path, 1, "the front matter is not closed by a --- line")


def load_front_matter(path, front):
    """Returns (data, {key: file line}); YAML lines start on line 2 of the file."""

    def file_line(mark):
        return mark.line + 2

    try:
        node = yaml.compose(front, Loader=YAML_LOADER)
        data = yaml.load(front, Loader=YAML_LOADER) if node is not None else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(
            error, "context_mark", None
        )
        line = file_line(mark) if mark else 1
        reason = getattr(error, "problem", None) or "unreadable"
        raise ImportProblem(path, line, f"invalid YAML: {reason}") from None
    if node is None:
        raise ImportProblem(path, 1, "the front matter is empty")
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        raise ImportProblem(path, 2, "the front matter must be a list of key: value")
    key_lines = {}
    for key_node, _value_node in node.value:
        key = key_node.value
        line = file_line(key_node.start_mark)
        if key in key_lines:
            raise ImportProblem(path, line, f"'{key}' is given twice")
        if key not in KEYS:
            raise ImportProblem(path, line, f"unknown key '{key}'")
        key_lines[key] = line
    return data, key_lines


def _text(path, data, key_lines, key, required=False):
    value = data.get(key)
    line = key_lines.get(key, 1)
    if value is None or value == "":
        if required:
            raise ImportProblem(path, line, f"missing {key}")
        return ""
    if isinstance(value, (dict, list)):
        raise ImportProblem(path, line, f"{key} must be text")
    return str(value).strip()


def _list(path, data, key_lines, key):
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or any(
        isinstance(entry, (dict, list)) or entry is None for entry in value
    ):
        raise ImportProblem(path, key_lines[key], f"{key} must be a list of words")
    return [str(entry).strip() for entry in value if str(entry).strip()]


def _year(path, data, key_lines, key):
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        else:
            raise ImportProblem(
                path, key_lines[key], f"bad {key} '{value}': give a year like 2016"
            )
    if not EARLIEST_YEAR <= value <= LATEST_YEAR:
        raise ImportProblem(
            path,
            key_lines[key],
            f"bad {key} {value}: expected a year between {EARLIEST_YEAR} "
            f"and {LATEST_YEAR}",
        )
    return value


def fold_name(text):
    """A name as the vocabulary compares it: no accents, no case, and `_`, `-`
    and runs of spaces all one space ("Sociedad civil" = "civil_society")."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


def vocabulary(pairs):
    """{folded name: code} for (code, label) pairs: the code, its English label
    and its Spanish label each name the code."""
    names = {}
    for code, label in pairs:
        names.setdefault(fold_name(code), code)
        for language in ("en", "es"):
            with translation.override(language):
                names.setdefault(fold_name(str(label)), code)
    return names


def accepted_names(pairs):
    """How an error lists a vocabulary: the codes, then each code's labels."""
    codes, labels = [], []
    for code, label in pairs:
        codes.append(code)
        with translation.override("en"):
            english = str(label)
        with translation.override("es"):
            spanish = str(label)
        labels.append(english if english == spanish else f"{english} / {spanish}")
    return (
        f"(one of: {', '.join(codes)}). English or Spanish names work too, "
        f"in any case and with or without accents: {', '.join(labels)}"
    )


def _code(path, key_lines, key, value, pairs):
    """The code `value` names (a code or a label), or an `ImportProblem`."""
    code = vocabulary(pairs).get(fold_name(value))
    if code is None:
        noun = "pillar" if key == "pillars" else key
        raise ImportProblem(
            path, key_lines[key], f"unknown {noun} '{value}' {accepted_names(pairs)}"
        )
    return code


def _choice(path, data, key_lines, key, choices, default=""):
    value = _text(path, data, key_lines, key)
    if not value:
        return default
    return _code(path, key_lines, key, value, choices.choices)


def type_names():
    return (
        (CASE_STUDY, CaseStudyPage._meta.verbose_name),
        (GOOD_PRACTICE, GoodPracticePage._meta.verbose_name),
        (DOCUMENT, Document._meta.verbose_name),
    )


def build_item(path, data, key_lines, root=None):
    """Check the front matter and turn it into an `ImportItem`."""
    kind = _text(path, data, key_lines, "type", required=True)
    kind = _code(path, key_lines, "type", kind, type_names())
    title = _text(path, data, key_lines, "title", required=True)
    for key, limit in (("title", 255), ("region", 100)):
        if len(str(data.get(key) or "")) > limit:
            raise ImportProblem(
                path, key_lines[key], f"{key} is longer than {limit} characters"
            )
    slug = _text(path, data, key_lines, "slug", required=True)
    try:
        validate_unicode_slug(slug)
    except ValidationError:
        raise ImportProblem(
            path,
            key_lines["slug"],
            f"bad slug '{slug}': use letters, numbers, hyphens and underscores",
        ) from None
    locale = _text(path, data, key_lines, "locale") or settings.LANGUAGE_CODE
    languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    if locale not in languages:
        raise ImportProblem(
            path,
            key_lines.get("locale", 1),
            f"unknown locale '{locale}' (one of: {', '.join(languages)})",
        )

    item = ImportItem(
        path=path,
        type=kind,
        slug=slug,
        title=title,
        locale=locale,
        key_lines=key_lines,
        translation_of=_text(path, data, key_lines, "translation_of"),
        summary=_text(path, data, key_lines, "summary", required=kind != DOCUMENT),
        region=_text(path, data, key_lines, "region"),
        topics=_list(path, data, key_lines, "topics"),
        community=_text(path, data, key_lines, "community"),
    )
    country = _text(path, data, key_lines, "country")
    if country:
        code = country.upper() if country.upper() in countries else None
        code = code or countries.by_name(country) or None
        if not code:
            raise ImportProblem(
                path, key_lines["country"], f"unknown country '{country}'"
            )
        item.country = code

    year = _year(path, data, key_lines, "year")
    item.start_year = _year(path, data, key_lines, "start_year") or year
    item.end_year = _year(path, data, key_lines, "end_year") or year
    if year and ("start_year" in key_lines or "end_year" in key_lines):
        raise ImportProblem(
            path, key_lines["year"], "give either year or start_year/end_year"
        )
    if item.start_year and item.end_year and item.end_year < item.start_year:
        raise ImportProblem(
            path,
            key_lines["end_year"],
            f"end_year {item.end_year} is before start_year {item.start_year}",
        )

    pillars = [
        _code(path, key_lines, "pillars", pillar, Pillar.choices)
        for pillar in _list(path, data, key_lines, "pillars")
    ]
    # Stored in the vocabulary's order, so the order in the file does not matter.
    item.pillars = [value for value in Pillar.values if value in pillars]
    item.theme = _choice(path, data, key_lines, "theme", Theme, Theme.OTHER)

    if kind == DOCUMENT:
        item.document_type = _choice(
            path, data, key_lines, "document_type", DocumentType, DocumentType.OTHER
        )
        item.confidentiality = _choice(
            path,
            data,
            key_lines,
            "confidentiality",
            Confidentiality,
            Confidentiality.PUBLIC,
        )
        item.date = _document_date(path, data, key_lines, year)
        relative = _text(path, data, key_lines, "file", required=True)
        item.file = attachment_path(
            path, relative, key_lines["file"], root or path.parent
        )
    elif "file" in key_lines:
        raise ImportProblem(path, key_lines["file"], "only documents have a file")
    return item


def inside(path, root):
    """Whether `path`, once `..` and symbolic links are resolved, is in `root`."""
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def attachment_path(path, relative, line, root):
    """The attachment named by `file:`, which must be a file inside `root`.

    Without this check `file: ../../etc/passwd` (or a symbolic link) would copy
    any file the server can read into a library, served to whoever may see it.
    """
    if Path(relative).is_absolute():
        raise ImportProblem(
            path,
            line,
            _(
                "attachment '%(file)s' is an absolute path: give it relative to "
                "the Markdown file"
            )
            % {"file": relative},
        )
    attachment = path.parent / relative
    if not inside(attachment, root):
        raise ImportProblem(
            path,
            line,
            _("attachment '%(file)s' is outside the imported folder %(folder)s")
            % {"file": relative, "folder": root},
        )
    if not attachment.is_file():
        raise ImportProblem(path, line, f"missing attachment '{relative}'")
    return attachment.resolve()


def _document_date(path, data, key_lines, year):
    value = data.get("date")
    if value is None:
        # A year alone stands for the first of January of that year.
        return datetime.date(year, 1, 1) if year else None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ImportProblem(
            path, key_lines["date"], f"bad date '{value}': use YYYY-MM-DD"
        ) from None


def read_body(item, lines, first_line):
    """Split the Markdown body at `## ` headings into fields and body blocks."""
    known = SECTIONS[item.type]
    lead, sections = [], []  # sections: (heading, line, [lines])
    current = lead
    fenced = False
    for offset, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            current = []
            sections.append((line[3:].strip(), first_line + offset, current))
            continue
        current.append(line)
    item.lead = "\n".join(lead).strip()

    for heading, line, content in sections:
        text = "\n".join(content).strip()
        field_name = known.get(heading.rstrip(":").strip().lower())
        if field_name is None:
            item.body.append(
                {"type": "heading", "value": {"text": heading, "level": "h2"}}
            )
            if text:
                item.body.append({"type": "paragraph", "value": to_html(text)})
            continue
        if field_name in item.sections:
            raise ImportProblem(item.path, line, f"a second '## {heading}' section")
        if field_name == "steps":
            item.sections["steps"] = read_steps(item.path, content, line)
        elif field_name in RICH_TEXT_SECTIONS:
            item.sections[field_name] = to_html(text)
        else:
            item.sections[field_name] = text


def read_steps(path, lines, heading_line):
    """The ordered steps of a good practice: each list item (or `### ` heading) is
    one step; its first line is the step's title, what follows is its text."""
    steps = []
    use_headings = any(line.startswith("### ") for line in lines)
    for line in lines:
        if use_headings:
            if line.startswith("### "):
                steps.append([line[4:].strip(), []])
            elif steps:
                steps[-1][1].append(line)
            continue
        match = LIST_ITEM.match(line)
        if match:
            steps.append([match.group(1).strip(), []])
        elif steps:
            steps[-1][1].append(line[4:] if line.startswith("    ") else line.strip())
    if not steps:
        raise ImportProblem(
            path, heading_line, "the steps section has no numbered list or ### steps"
        )
    return [
        {
            "type": "step",
            "value": {
                "title": plain_title(title),
                "text": to_html("\n".join(text).strip()),
            },
        }
        for title, text in steps
    ]


def plain_title(text):
    return re.sub(r"[*_`]+", "", text).strip().rstrip(":").strip()


def to_html(text):
    """Markdown to rich text, cleaned against the allow-list (see ALLOWED_TAGS)."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=["fenced_code"], output_format="html")
    return sanitise_html(html)


def sanitise_html(html):
    """Only the elements, attributes and link schemes rich text may hold."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
    )
    return EMPTY_PARAGRAPH.sub("", clean).strip()


# --- Planning (read-only) ----------------------------------------------------------


def community_collection(slug, locale):
    """The private collection of the community page with this slug, or None.

    Tolerant: the communities app may not define `CommunityPage` or its
    `collection` (the apps are built independently)."""
    page = community_page(slug, locale)
    return getattr(page, "collection", None) if page is not None else None


def community_page(slug, locale):
    try:
        model = apps.get_model("communities", "CommunityPage")
    except LookupError:
        return None
    pages = model.objects.filter(slug=slug)
    return (
        pages.filter(locale__language_code=locale).first()
        or pages.order_by("pk").first()
    )


def publications_collection_or_none():
    from .services import PUBLICATIONS_COLLECTION

    return Collection.objects.filter(name=PUBLICATIONS_COLLECTION, depth=2).first()


def find_page(item):
    model = PAGE_MODELS[item.type]
    return (
        model.objects.filter(locale__language_code=item.locale, slug=item.slug)
        .order_by("pk")
        .first()
    )


def find_source_page(item):
    model = PAGE_MODELS[item.type]
    return (
        model.objects.filter(slug=item.translation_of)
        .exclude(locale__language_code=item.locale)
        .order_by("pk")
        .first()
    )


def find_document(slug):
    """Documents are found again by their file name, which the import sets to the
    slug (storage may add a 7-character suffix when the name is taken)."""
    pattern = rf"^documents/{re.escape(slug)}(_[A-Za-z0-9]{{7}})?\.[A-Za-z0-9]+$"
    return (
        get_document_model().objects.filter(file__regex=pattern).order_by("pk").first()
    )


def page_values(item, communities=()):
    """The field values the file asks for, in the form `current_page_values` reads."""
    values = {
        "title": item.title,
        "slug": item.slug,
        "summary": item.summary,
        "tags": sorted(topic.lower() for topic in item.topics),
        "body": item.body,
    }
    if item.type == CASE_STUDY:
        values.update(
            country=item.country,
            region=item.region,
            start_year=item.start_year,
            end_year=item.end_year,
            pillars=item.pillars,
            communities=[page.pk for page in communities],
        )
        for name in ("challenge", "approach", "results", "lessons_learned"):
            values[name] = item.sections.get(name, "")
    else:
        values.update(
            theme=item.theme,
            practice=item.sections.get("practice", ""),
            why_it_matters=item.sections.get("why_it_matters", ""),
            steps=item.sections.get("steps", []),
            where_it_applies=item.sections.get("where_it_applies", ""),
        )
    return values


def _stream(value):
    return [
        {"type": block["type"], "value": block["value"]} for block in value.raw_data
    ]


def current_page_values(page):
    """What a page holds now, comparable with `page_values`."""
    values = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "tags": sorted(tag.name.lower() for tag in page.tags.all()),
        "body": _stream(page.body),
    }
    if isinstance(page, CaseStudyPage):
        values.update(
            country=page.country.code or "",
            region=page.region,
            start_year=page.start_year,
            end_year=page.end_year,
            pillars=list(page.pillars or []),
            communities=[link.community_id for link in page.communities.all()],
        )
        for name in ("challenge", "approach", "results", "lessons_learned"):
            values[name] = getattr(page, name)
    else:
        values.update(
            theme=page.theme,
            practice=page.practice,
            why_it_matters=page.why_it_matters,
            steps=_stream(page.steps),
            where_it_applies=page.where_it_applies,
        )
    return values


def file_sha1(path):
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


def document_values(item, collection):
    return {
        "title": item.title,
        "document_type": item.document_type,
        "language": item.locale,
        "date": item.date,
        "confidentiality": item.confidentiality,
        "description": item.summary,
        "tags": sorted(topic.lower() for topic in item.topics),
        "collection": collection.pk if collection else None,
        "file": file_sha1(item.file),
    }


def current_document_values(document):
    return {
        "title": document.title,
        "document_type": document.document_type,
        "language": document.language,
        "date": document.date,
        "confidentiality": document.confidentiality,
        "description": document.description,
        "tags": sorted(tag.name.lower() for tag in document.tags.all()),
        "collection": document.collection_id,
        "file": document.file_hash,
    }


def _changed(wanted, current):
    return [key for key, value in wanted.items() if current.get(key) != value]


def plan(items):
    """Decide, without writing anything, what to do with each item.

    Returns (actions, problems). Translations come after the items they
    translate, so those exist when the translation is written.
    """
    actions, problems = [], []
    planned = {}  # (type, locale, slug) -> Action, for translations of new items
    ordered = sorted(items, key=lambda item: bool(item.translation_of))
    for item in ordered:
        try:
            action = (
                plan_document(item)
                if item.type == DOCUMENT
                else plan_page(item, planned)
            )
        except ImportProblem as problem:
            problems.append(problem)
            continue
        planned[(item.type, item.locale, item.slug)] = action
        actions.append(action)
    return actions, problems


def plan_page(item, planned):
    communities = []
    if item.community and item.type == CASE_STUDY:
        page = community_page(item.community, item.locale)
        if page is None:
            raise item.problem("community", f"unknown community '{item.community}'")
        communities = [page]
    action = Action(item=item, verb="create", communities=communities)
    action.values = page_values(item, communities)
    existing = find_page(item)

    if item.translation_of:
        source = find_source_page(item)
        in_import = [
            planned[key]
            for key in planned
            if key[0] == item.type
            and key[2] == item.translation_of
            and key[1] != item.locale
        ]
        if source is None and not in_import:
            raise item.problem(
                "translation_of",
                f"'{item.translation_of}' is not a {TYPE_LABELS[item.type]} in "
                "this import or on the site",
            )
        if in_import and in_import[0].existing is not None:
            source = in_import[0].existing
        action.source = source
        if source is not None:
            translation = source.get_translation_or_none(
                Locale.objects.get(language_code=item.locale)
            )
            if existing is None and translation is not None:
                existing = translation.specific
            elif existing is not None and existing.translation_key != (
                source.translation_key
            ):
                raise item.problem(
                    "translation_of",
                    f"{item.locale}/{item.slug} already exists and is not a "
                    f"translation of '{item.translation_of}'",
                )

    if existing is not None:
        action.existing = existing
        current = existing.get_latest_revision_as_object()
        action.changed = _changed(action.values, current_page_values(current))
        action.verb = "update" if action.changed else "unchanged"
    return action


def plan_document(item):
    if item.community:
        collection = community_collection(item.community, item.locale)
        if collection is None:
            raise item.problem(
                "community",
                f"unknown community '{item.community}' (or it has no collection)",
            )
    else:
        collection = publications_collection_or_none()
    if item.confidentiality != Confidentiality.PUBLIC:
        restricted = (
            collection is not None
            and get_document_model()(
                collection=collection
            ).is_in_restricted_collection()
        )
        if not restricted:
            raise item.problem(
                "confidentiality",
                f"a '{item.confidentiality}' document must go into a community's "
                "private collection: name the community",
            )
    action = Action(item=item, verb="create", collection=collection)
    action.values = document_values(item, collection)
    existing = find_document(item.slug)
    if existing is not None:
        action.existing = existing
        action.changed = _changed(action.values, current_document_values(existing))
        action.verb = "update" if action.changed else "unchanged"
    return action


# --- Writing -----------------------------------------------------------------------


class Importer:
    """Writes planned actions; keeps the index pages of each locale it needed."""

    def __init__(self):
        self._indexes = {}

    def indexes(self, locale):
        from .services import ensure_knowledge_indexes

        if locale not in self._indexes:
            self._indexes[locale] = ensure_knowledge_indexes(locale)
        return self._indexes[locale]

    def apply(self, actions, progress=None):
        """Write the actions; returns the problems of those that failed (they are
        rolled back, the others stay).

        Documents and updated pages are written one by one, each in its own
        transaction. New pages are written in bulk (`intranet.bulk`), all those
        of one index page together; if that fails, they are tried one by one so
        that only the culprit is skipped. Translations come after their sources.
        Everything written is then indexed for search in bulk, so the items are
        found as soon as the command returns.
        """
        problems = []
        done = 0

        def report(action):
            nonlocal done
            done += 1
            if progress:
                progress(done, len(actions), action)

        def is_new_page(action):
            return action.verb == "create" and action.item.type != DOCUMENT

        for action in actions:
            if not is_new_page(action):
                if action.verb != "unchanged":
                    self.write_one(action, problems)
                report(action)
        new_pages = [action for action in actions if is_new_page(action)]
        for translations in (False, True):
            groups = {}
            for action in new_pages:
                item = action.item
                if bool(item.translation_of) == translations:
                    groups.setdefault((item.type, item.locale), []).append(action)
            for group in groups.values():
                try:
                    with transaction.atomic():
                        self.create_pages(group)
                except (ValidationError, DatabaseError, ValueError):
                    for action in group:
                        self.write_one(action, problems)
                for action in group:
                    report(action)
        self.index(actions)
        return problems

    def write_one(self, action, problems):
        try:
            with transaction.atomic():
                if action.item.type == DOCUMENT:
                    self.write_document(action)
                else:
                    self.write_page(action)
        except (ValidationError, DatabaseError, OSError, ValueError) as error:
            problems.append(ImportProblem(action.item.path, 1, str(error)))
            action.verb = "failed"

    def create_pages(self, actions):
        """Create new pages of one type and locale under their index, in bulk."""
        item = actions[0].item
        if item.translation_of:
            sources = [self.source_of(action) for action in actions]
            for source in sources:
                self.indexes(source.locale.language_code)
        parent = self.indexes(item.locale)[INDEX_KEYS[item.type]]
        locale = Locale.objects.get(language_code=item.locale)
        pages = []
        for number, action in enumerate(actions):
            page = PAGE_MODELS[item.type](locale=locale)
            set_page_fields(page, action.item, action.communities)
            if item.translation_of:
                page.translation_key = sources[number].translation_key
            pages.append(page)
        add_live_children(parent, pages)
        if item.translation_of:
            record_translations_in_bulk(zip(sources, pages, strict=True))
        for action, page in zip(actions, pages, strict=True):
            action.existing = page

    def source_of(self, action):
        """The page a new translation translates: on the site or just created."""
        item = action.item
        source = action.source or find_source_page(item)
        if source is None:
            raise ValueError(f"'{item.translation_of}' was not imported")
        if not source.live:
            raise ValueError(f"'{item.translation_of}' is not published")
        return source

    def index(self, actions):
        """Index what the import wrote, in bulk: the search entries, and Wagtail's
        own search backend for the pages written in bulk (no signal told it)."""
        page_ids, document_ids = [], []
        for action in actions:
            if action.verb in ("create", "update") and action.existing is not None:
                if action.item.type == DOCUMENT:
                    document_ids.append(action.existing.pk)
                else:
                    page_ids.append(action.existing.pk)
        if not page_ids and not document_ids:
            return
        pages = specific_pages(page_ids)
        documents = list(
            get_document_model()
            .objects.filter(pk__in=document_ids)
            .select_related("collection")
        )
        update_search_backends(pages)
        index_items_in_bulk(pages + documents)

    def write_page(self, action):
        item = action.item
        model = PAGE_MODELS[item.type]
        if action.existing is not None:
            page = action.existing.get_latest_revision_as_object()
        elif item.translation_of:
            page = self.create_translation(action)
        else:
            parent = self.indexes(item.locale)[INDEX_KEYS[item.type]]
            page = model(title=item.title, slug=item.slug, summary=item.summary)
            set_page_fields(page, item, action.communities)
            parent.add_child(instance=page)
        set_page_fields(page, item, action.communities)
        page.save_revision(clean=True).publish()
        if item.translation_of:
            stop_translation_sync(page)
        action.existing = page

    def create_translation(self, action):
        """Make the page a wagtail-localize translation of its source.

        `translate_page` records the TranslationSource and Translation and gives
        the new page the source's translation_key (and its view restrictions),
        so the language switcher and the admin see a real translation. The text
        then comes from the file, and the Translation is marked as no longer
        synchronised (what the admin's "Stop synced translation" does): otherwise
        the admin would open wagtail-localize's string editor on English strings
        and a later "Sync translated pages" would overwrite the imported text.
        """
        item = action.item
        source = action.source
        if source is None:  # the source was created earlier in this import
            source = find_source_page(item)
        if source is None:
            raise ValueError(f"'{item.translation_of}' was not imported")
        self.indexes(source.locale.language_code)
        self.indexes(item.locale)
        return translate_page(
            source, item.locale, {source.title: item.title}
        ).get_latest_revision_as_object()

    def write_document(self, action):
        item = action.item
        collection = (
            action.collection or self.indexes(item.locale)["publications_collection"]
        )
        document = action.existing or get_document_model()()
        old_file = document.file.name if document.pk else ""
        document.title = item.title
        document.document_type = item.document_type
        document.language = item.locale
        document.date = item.date
        document.confidentiality = item.confidentiality
        document.description = item.summary
        document.collection = collection
        if document.pk is None or "file" in action.changed:
            with open(item.file, "rb") as handle:
                document.file = File(handle, name=f"{item.slug}{item.file.suffix}")
                document._set_document_file_metadata()
                document.full_clean()
                document.save()
            if old_file and old_file != document.file.name:
                storage = document.file.storage
                transaction.on_commit(lambda: storage.delete(old_file))
        else:
            document.full_clean()
            document.save()
        document.tags.set(item.topics, clear=True)
        action.existing = document


def stop_translation_sync(page):
    """The file is the translation: keep wagtail-localize from syncing over it."""
    from wagtail_localize.models import Translation

    Translation.objects.filter(
        source__object_id=page.translation_key,
        target_locale_id=page.locale_id,
        enabled=True,
    ).update(enabled=False)


def set_page_fields(page, item, communities=()):
    page.title = item.title
    page.draft_title = item.title
    page.slug = item.slug
    page.summary = item.summary
    page.body = item.body
    page.tags.set(item.topics)
    if item.type == CASE_STUDY:
        page.country = item.country
        page.region = item.region
        page.start_year = item.start_year
        page.end_year = item.end_year
        page.pillars = item.pillars
        for name in ("challenge", "approach", "results", "lessons_learned"):
            setattr(page, name, item.sections.get(name, ""))
        page.communities = [
            CaseStudyCommunity(community=community) for community in communities
        ]
    else:
        page.theme = item.theme
        page.practice = item.sections.get("practice", "")
        page.why_it_matters = item.sections.get("why_it_matters", "")
        page.steps = item.sections.get("steps", [])
        page.where_it_applies = item.sections.get("where_it_applies", "")


__all__ = [
    "Action",
    "ImportItem",
    "ImportProblem",
    "Importer",
    "markdown_files",
    "parse_file",
    "plan",
    "read_items",
]
