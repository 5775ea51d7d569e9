"""Search entries as the reader sees them: titles, snippets, labels, chips."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import escape
from django.utils.text import Truncator
from django_countries import countries
from wagtail.documents import get_document_model
from wagtail.models import Page

from intranet.access import visible_pages_for
from search.models import Kind
from search.request import SearchRequest
from search.text import highlight


@dataclass
class Result:
    title: str
    url: str
    kind: str
    kind_label: str
    locale: str
    snippet: str
    date: object
    country: str
    country_name: str
    community: str
    document_type: str
    language: str


@dataclass
class OtherLanguage:
    """The best results in another language, shown below when few are found."""

    language: str
    name: str
    results: list
    total: int


@dataclass
class SearchOutcome:
    """Everything one search shows: results, facets, promotions and hints."""

    request: SearchRequest
    page_obj: object
    results: list
    facets: list
    promotions: list
    terms: list
    did_you_mean: str = ""
    other_language: OtherLanguage | None = None

    @property
    def total(self):
        return self.page_obj.paginator.count

    @property
    def chips(self):
        """Active filters, each with the parameters that would remove it."""
        chips = []
        for facet in self.facets:
            for value in facet.values:
                if value.selected:
                    chips.append(
                        {
                            "facet": facet.title,
                            "label": value.label,
                            "parameters": self.request.parameters(
                                without=(facet.name, value.value)
                            ),
                        }
                    )
        return chips


def community_titles(user, ids):
    """{page id as text: title} of the communities among `ids` that `user` may
    see: only those lend their names to results and facets."""
    pages = visible_pages_for(user, Page.objects.filter(pk__in=ids))
    return {str(pk): title for pk, title in pages.values_list("pk", "title")}


def _document_type_labels():
    try:
        choices = get_document_model()._meta.get_field("document_type").choices
    except FieldDoesNotExist:
        return {}
    return {value: str(label) for value, label in choices or ()}


def _snippet(entry, terms):
    for text in (entry.summary, entry.body):
        excerpt = highlight(text, terms, entry.language or "en")
        if excerpt:
            return excerpt
    summary = entry.summary or entry.body
    return escape(Truncator(summary).words(40))


def results_for(entries, terms, titles):
    """A `Result` per entry, its matched `terms` marked in the snippet;
    `titles` are the visible communities' (see `community_titles`)."""
    document_types = _document_type_labels() if entries else {}
    languages = dict(settings.LANGUAGES)
    kinds = dict(Kind.choices)
    return [
        Result(
            title=entry.display_title,
            url=entry.url,
            kind=entry.kind,
            kind_label=str(kinds.get(entry.kind, entry.kind)),
            locale=entry.locale,
            snippet=_snippet(entry, terms),
            date=entry.date,
            country=entry.country,
            country_name=(countries.name(entry.country) or entry.country)
            if entry.country
            else "",
            # A community's own entry points at itself: say it once.
            community=""
            if entry.kind == Kind.COMMUNITY
            else titles.get(str(entry.community_id), ""),
            document_type=document_types.get(entry.document_type, ""),
            language=str(languages.get(entry.language, entry.language)),
        )
        for entry in entries
    ]
