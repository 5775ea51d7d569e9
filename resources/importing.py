"""The knowledge base's import kinds: case studies, good practices, documents.

Registered with `intranet.importing` (see its docstring and docs/import.md):
the two page types declare their model, parent and fields; documents are
written one by one into the "Publications" library or a community's private
collection.
"""

import datetime
import hashlib
import re

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django_countries import countries
from wagtail.models import Collection, Locale, Page
from wagtail.rich_text import get_text_for_indexing

from intranet.access.audiences import collection_for_audience
from intranet.importing import (
    KNOWLEDGE,
    Action,
    CountryField,
    InlineField,
    Kind,
    ListField,
    PageField,
    PageKind,
    StreamField,
    TagsField,
    list_steps,
    plain_title,
    register,
    split_sections,
    to_html,
)
from intranet.taxonomy import Pillar

from .models import (
    CaseStudyChange,
    CaseStudyCommunity,
    CaseStudyGoodPractice,
    CaseStudyPage,
    CaseStudyVoice,
    Confidentiality,
    Document,
    DocumentLibraryPage,
    DocumentType,
    GoodPracticePage,
)
from .services import PUBLICATIONS_COLLECTION, ensure_knowledge_indexes

# The keys of every knowledge item (a key that does not apply is ignored).
KEYS = frozenset(
    {
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
        "changes",
        "voices",
        "practices",
    }
)

# `## Heading` (English or Spanish) -> the field it fills, per page type. Any other
# section goes to the page body.
CASE_STUDY_SECTIONS = {
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
}
GOOD_PRACTICE_SECTIONS = {
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
}
PLAIN_TEXT_SECTIONS = {"where_it_applies"}


def read_knowledge_item(item, kind, sections=None):
    """Check the keys every knowledge item shares and set them on `item`."""
    item.title = item.text("title", required=True, max_length=255)
    item.slug = item.slug_value()
    item.locale = item.locale_value()
    item.translation_of = item.text("translation_of")
    item.summary = item.text("summary", required=kind.summary_required)
    item.region = item.text("region", max_length=100)
    item.topics = item.words("topics")
    item.community = item.text("community")

    item.country = ""
    country = item.text("country")
    if country:
        code = country.upper() if country.upper() in countries else None
        code = code or countries.by_name(country) or None
        if not code:
            raise item.problem("country", f"unknown country '{country}'")
        item.country = code

    year = item.year("year")
    item.start_year = item.year("start_year") or year
    item.end_year = item.year("end_year") or year
    if year and ("start_year" in item.key_lines or "end_year" in item.key_lines):
        raise item.problem("year", "give either year or start_year/end_year")
    if item.start_year and item.end_year and item.end_year < item.start_year:
        raise item.problem(
            "end_year",
            f"end_year {item.end_year} is before start_year {item.start_year}",
        )
    pillars = [
        item.code("pillars", pillar, Pillar.choices, noun="pillar")
        for pillar in item.words("pillars")
    ]
    # Stored in the vocabulary's order, so the order in the file does not matter.
    item.pillars = [value for value in Pillar.values if value in pillars]
    item.theme = item.choice("theme", _theme_field(), "other")
    item.changes = [
        (
            _entry_text(item, "changes", entry, "from"),
            _entry_text(item, "changes", entry, "to"),
        )
        for entry in item.entries("changes")
    ]
    item.voices = [
        (
            _entry_text(item, "voices", entry, "quote"),
            _entry_text(item, "voices", entry, "role"),
        )
        for entry in item.entries("voices")
    ]
    item.practices = item.words("practices")
    item.year_given = year
    if "file" in item.key_lines and kind.type != DocumentKind.type:
        raise item.problem("file", "only documents have a file")
    read_body(item, sections or {})


def _entry_text(item, key, entry, name):
    value = entry.get(name)
    if value is None or isinstance(value, (dict, list)) or not str(value).strip():
        raise item.problem(key, f"each of {key} needs its {name}")
    unknown = set(entry) - ({"from", "to"} if key == "changes" else {"quote", "role"})
    if unknown:
        raise item.problem(key, f"unknown key '{sorted(unknown)[0]}' in {key}")
    return str(value).strip()


def _theme_field():
    return GoodPracticePage._meta.get_field("theme")


def read_body(item, known):
    """Split the Markdown body at `## ` headings into fields and body blocks."""
    lead, sections = split_sections(item.markdown, item.markdown_line)
    item.lead = lead
    item.sections = {}
    item.body = []
    for heading, line, text in sections:
        field_name = known.get(heading.rstrip(":").strip().lower())
        if field_name is None:
            item.body.append(
                {"type": "heading", "value": {"text": heading, "level": "h2"}}
            )
            if text:
                item.body.append({"type": "paragraph", "value": to_html(text)})
            continue
        if field_name in item.sections:
            raise item.problem_at(line, f"a second '## {heading}' section")
        if field_name == "steps":
            item.sections["steps"] = read_steps(item, text, line)
        elif field_name in PLAIN_TEXT_SECTIONS:
            item.sections[field_name] = text
        else:
            item.sections[field_name] = to_html(text)


def read_steps(item, text, heading_line):
    """The ordered steps of a good practice, as StepsBlock values."""
    steps = list_steps(text)
    if not steps:
        raise item.problem_at(
            heading_line, "the steps section has no numbered list or ### steps"
        )
    return [
        {
            "type": "step",
            "value": {"title": plain_title(title), "text": to_html(body)},
        }
        for title, body in steps
    ]


def knowledge_indexes(run, locale):
    """The locale's knowledge index pages and library, got or created once."""
    return run.memo(
        ("knowledge-indexes", locale), lambda: ensure_knowledge_indexes(locale)
    )


def created_by_this_dry_run(run, community_slug):
    """Whether a dry run would create the community `community_slug` before this
    item (nothing is written in a dry run, so it cannot be looked up)."""
    return run.dry_run and run.find_planned("community", community_slug) is not None


def community_page(slug, locale):
    """The community page with this slug, in `locale` if it has one."""
    model = apps.get_model("communities", "CommunityPage")
    pages = model.objects.filter(slug=slug)
    return (
        pages.filter(locale__language_code=locale).first()
        or pages.order_by("pk").first()
    )


def _section(name, default=""):
    return lambda item: item.sections.get(name, default)


class KnowledgePageKind(PageKind):
    order = KNOWLEDGE
    keys = KEYS
    summary_required = True
    sections = {}
    index_key = ""

    def read(self, item):
        read_knowledge_item(item, self, self.sections)
        if item.lead:
            item.body.insert(0, {"type": "paragraph", "value": to_html(item.lead)})

    def parent(self, item, run, locale):
        return knowledge_indexes(run, locale)[self.index_key]


COMMON_FIELDS = (
    PageField("summary"),
    TagsField(),
    StreamField("body"),
)


def _locale(item):
    return Locale.objects.get(language_code=item.locale)


class RelatedPracticesField(PageField):
    """A case study's related good practices, by slug in its locale. Written
    once the step is (`CaseStudyKind.after_step`): the practices may be new."""

    def __init__(self, name):
        super().__init__(name, "practices", [])

    def current(self, page):
        return [link.good_practice.slug for link in getattr(page, self.name).all()]

    def write(self, page, item, action):
        pass


@register
class CaseStudyKind(KnowledgePageKind):
    type = "case_study"
    noun = "case study"
    model = CaseStudyPage
    index_key = "case_studies"
    sections = CASE_STUDY_SECTIONS
    fields = (
        *COMMON_FIELDS,
        CountryField("country"),
        PageField("region"),
        PageField("start_year", default=None),
        PageField("end_year", default=None),
        ListField("pillars"),
        InlineField(
            "communities",
            rows=lambda item, action: [
                CaseStudyCommunity(community=page)
                for page in action.extra.get("communities", [])
            ],
            key=lambda link: link.community_id if link.community else None,
        ),
        PageField("challenge", _section("challenge")),
        PageField("approach", _section("approach")),
        PageField("results", _section("results")),
        PageField("lessons_learned", _section("lessons_learned")),
        InlineField(
            "changes",
            rows=lambda item, action: [
                CaseStudyChange(from_text=before, to_text=after, locale=_locale(item))
                for before, after in item.changes
            ],
            key=lambda row: (row.from_text, row.to_text),
        ),
        InlineField(
            "voices",
            rows=lambda item, action: [
                CaseStudyVoice(
                    quote=quote,
                    speaker_role=role,
                    consent_given=True,
                    locale=_locale(item),
                )
                for quote, role in item.voices
            ],
            key=lambda row: (row.quote, row.speaker_role, row.consent_given),
        ),
        RelatedPracticesField("related_practices"),
    )

    @property
    def verbose_name(self):
        return CaseStudyPage._meta.verbose_name

    def prepare(self, action, run):
        item = action.item
        action.extra["communities"] = []
        if item.community:
            page = community_page(item.community, item.locale)
            if page is not None:
                action.extra["communities"] = [page]
            elif not created_by_this_dry_run(run, item.community):
                raise item.problem("community", f"unknown community '{item.community}'")

    def after_step(self, actions, run):
        """Link the related good practices, now that they are written."""
        for action in actions:
            item = action.item
            if action.verb not in ("create", "update") or action.existing is None:
                continue
            page = action.existing
            current = [link.good_practice.slug for link in page.related_practices.all()]
            if current == item.practices:
                continue
            practices = []
            for slug in item.practices:
                practice = GoodPracticePage.objects.filter(
                    slug=slug, locale__language_code=item.locale
                ).first()
                if practice is None:
                    run.problems.append(
                        item.problem("practices", f"unknown good practice '{slug}'")
                    )
                    break
                practices.append(practice)
            else:
                latest = page.get_latest_revision_as_object()
                latest.related_practices = [
                    CaseStudyGoodPractice(good_practice=practice)
                    for practice in practices
                ]
                latest.save_revision().publish()


@register
class GoodPracticeKind(KnowledgePageKind):
    type = "good_practice"
    noun = "good practice"
    model = GoodPracticePage
    index_key = "good_practices"
    sections = GOOD_PRACTICE_SECTIONS
    fields = (
        *COMMON_FIELDS,
        PageField("theme"),
        PageField("practice", _section("practice")),
        PageField("why_it_matters", _section("why_it_matters")),
        StreamField("steps", _section("steps", [])),
        PageField("where_it_applies", _section("where_it_applies")),
    )

    @property
    def verbose_name(self):
        return GoodPracticePage._meta.verbose_name

    def read(self, item):
        read_knowledge_item(item, self, self.sections)
        if not item.sections.get("practice"):
            if not item.lead:
                raise item.problem_at(
                    item.markdown_line,
                    "a good practice needs its practice: text before the first "
                    "heading or a '## Practice' section",
                )
            item.sections["practice"] = to_html(item.lead)
            item.lead = ""
        if item.lead:
            item.body.insert(0, {"type": "paragraph", "value": to_html(item.lead)})


def file_sha1(path):
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


def find_document(slug):
    """Documents are found again by their file name, which the import sets to the
    slug (storage may add a 7-character suffix when the name is taken)."""
    pattern = rf"^documents/{re.escape(slug)}(_[A-Za-z0-9]{{7}})?\.[A-Za-z0-9]+$"
    return Document.objects.filter(file__regex=pattern).order_by("pk").first()


@register
class DocumentKind(Kind):
    type = "document"
    noun = "document"
    order = KNOWLEDGE
    keys = KEYS
    summary_required = False

    @property
    def verbose_name(self):
        return Document._meta.verbose_name

    def identity(self, item):
        return (self.type, item.slug)

    def remove(self, item):
        document = find_document(item.slug)
        if document is not None:
            document.delete()

    def read(self, item):
        read_knowledge_item(item, self)
        item.document_type = item.choice(
            "document_type", DocumentType, DocumentType.OTHER
        )
        item.confidentiality = item.choice(
            "confidentiality", Confidentiality, Confidentiality.PUBLIC
        )
        item.date = item.date_value("date")
        if item.date is None and item.year_given:
            # A year alone stands for the first of January of that year.
            item.date = datetime.date(item.year_given, 1, 1)
        item.file = item.attachment("file")
        if not item.summary:
            item.summary = get_text_for_indexing(to_html(item.lead)).strip()

    def plan(self, item, run):
        # A community this dry run would create first has a private collection.
        awaited = item.community and created_by_this_dry_run(run, item.community)
        if item.community:
            page = community_page(item.community, item.locale)
            collection = getattr(page, "collection", None) if page else None
            if collection is None and not awaited:
                raise item.problem(
                    "community",
                    f"unknown community '{item.community}' (or it has no collection)",
                )
        else:
            collection = Collection.objects.filter(
                name=PUBLICATIONS_COLLECTION, depth=2
            ).first()
        # Where it lives decides who may open it: the collection of its
        # community that has the confidentiality asked for (the public
        # collection, made by this run if need be, has "public").
        if collection is not None:
            placed = collection_for_audience(collection, item.confidentiality)
            if placed is None and item.confidentiality != Confidentiality.PUBLIC:
                raise item.problem(
                    "confidentiality",
                    f"a '{item.confidentiality}' document must go into a "
                    "community's private collection: name the community",
                )
            if placed is None:
                raise item.problem(
                    "confidentiality",
                    "a 'public' document goes into the public collection: "
                    "leave out the community",
                )
            collection = placed
        elif item.confidentiality != Confidentiality.PUBLIC and not awaited:
            raise item.problem(
                "confidentiality",
                f"a '{item.confidentiality}' document must go into a "
                "community's private collection: name the community",
            )
        action = Action(item=item, extra={"collection": collection})
        action.values = {
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
        existing = find_document(item.slug)
        if existing is not None:
            action.existing = existing
            action.compare(
                {
                    "title": existing.title,
                    "document_type": existing.document_type,
                    "language": existing.language,
                    "date": existing.date,
                    "confidentiality": existing.confidentiality,
                    "description": existing.description,
                    "tags": sorted(tag.name.lower() for tag in existing.tags.all()),
                    "collection": existing.collection_id,
                    "file": existing.file_hash,
                }
            )
        return action

    def write(self, action, run):
        item = action.item
        collection = (
            action.extra["collection"]
            or knowledge_indexes(run, item.locale)["publications_collection"]
        )
        document = action.existing or Document()
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
        run.written.append(document)


def members_area(community_slug, locale):
    """The members area of a community (by slug) in `locale`, or None."""
    community = Page.objects.filter(
        slug=community_slug,
        locale__language_code=locale,
        content_type__app_label="communities",
        content_type__model="communitypage",
    ).first()
    if community is None:
        return None
    return (
        Page.objects.child_of(community)
        .filter(content_type__model="membersareapage")
        .first()
    )


class CollectionField(PageField):
    """A library's collection: its community's private one."""

    def wanted(self, item, action):
        collection = action.extra.get("collection")
        return collection.pk if collection else None

    def current(self, page):
        return page.collection_id

    def write(self, page, item, action):
        page.collection = action.extra.get("collection")


@register
class DocumentLibraryKind(PageKind):
    """A community's members-only document library, in its members area; the
    body is its introduction."""

    type = "document_library"
    noun = "document library"
    order = KNOWLEDGE
    keys = frozenset({"slug", "title", "locale", "translation_of", "community"})
    model = DocumentLibraryPage
    fields = (PageField("intro"), CollectionField("collection"))

    @property
    def verbose_name(self):
        return DocumentLibraryPage._meta.verbose_name

    def label(self, item):
        return f"{self.noun} {item.locale}/{item.community}/{item.slug}"

    def planned_key(self, item, locale, slug):
        return (self.type, locale, f"{item.community}/{slug}")

    def read(self, item):
        item.title = item.text("title", required=True, max_length=255)
        item.slug = item.slug_value()
        item.locale = item.locale_value()
        item.translation_of = item.text("translation_of")
        item.community = item.text("community", required=True)
        item.intro = to_html(item.markdown)

    def prepare(self, action, run):
        item = action.item
        area = members_area(item.community, item.locale)
        page = community_page(item.community, item.locale)
        collection = getattr(page.specific, "collection", None) if page else None
        if page is None and created_by_this_dry_run(run, item.community):
            return
        if area is None or collection is None:
            raise item.problem(
                "community",
                f"unknown community '{item.community}' (or it has no members area)",
            )
        action.extra["collection"] = collection

    def parent(self, item, run, locale):
        area = members_area(item.community, locale)
        if area is None:
            raise ValueError(f"'{item.community}' has no members area in {locale}")
        return area

    def find(self, item):
        area = members_area(item.community, item.locale)
        if area is None:
            return None
        return self.model.objects.child_of(area).filter(slug=item.slug).first()

    def find_source(self, item):
        for language, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            area = members_area(item.community, language)
            if language != item.locale and area is not None:
                source = (
                    self.model.objects.child_of(area)
                    .filter(slug=item.translation_of)
                    .first()
                )
                if source is not None:
                    return source
        return None
