"""One search as asked: the query parameters, parsed and bounded.

Whatever is typed or pasted, parsing never fails: values too long are cut,
unknown ones dropped, so every search stays cheap.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings

from intranet.params import int_param
from search.facets import FACETS, INTEGER_FACETS
from search.text import MAX_QUERY_LENGTH

SORTS = ("relevance", "date")
MAX_VALUES_PER_FACET = 20
# A country is an ISO 3166 code; anything else (django-countries reads digits
# as a numeric code, and "²" defeats it) is no country.
COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")


def clean_query(raw):
    """The query text, without NUL characters, at most MAX_QUERY_LENGTH long."""
    return (
        (raw or "")[: MAX_QUERY_LENGTH * 2]
        .replace("\x00", " ")
        .strip()[:MAX_QUERY_LENGTH]
    )


@dataclass
class SearchRequest:
    """The parsed, bounded parameters of one search."""

    query: str = ""
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    all_languages: bool = False
    language: str = "en"

    @classmethod
    def from_querydict(cls, params, language):
        """The search asked by query parameters (`request.GET`), in `language`."""
        filters = {}
        for name in FACETS:
            values = []
            for raw in params.getlist(name)[:MAX_VALUES_PER_FACET]:
                value = raw.replace("\x00", "").strip()[:100]
                if name in INTEGER_FACETS:
                    number = int_param(value, minimum=0, maximum=10**12)
                    if number is None:
                        continue
                    value = str(number)
                if name == "country" and not COUNTRY_CODE.fullmatch(value):
                    continue
                if value and value not in values:
                    values.append(value)
            if values:
                filters[name] = values
        query = clean_query(params.get("q", ""))
        sort = params.get("sort", "")
        if sort not in SORTS:
            sort = "relevance" if query else "date"
        page = int_param(params.get("page"), default=1, minimum=1, maximum=10**8)
        return cls(
            query=query,
            filters=filters,
            sort=sort,
            page=page,
            all_languages=params.get("all_languages") in ("1", "on", "true"),
            language=language,
        )

    @property
    def languages(self):
        """The current language first; the other one too, for stems and locale."""
        codes = [code for code, _name in settings.LANGUAGES]
        return [self.language] + [code for code in codes if code != self.language]

    def parameters(self, without=None, page=None):
        """Query parameters as (name, value) pairs, e.g. for links and chips."""
        pairs = [("q", self.query)] if self.query else []
        for name in FACETS:
            for value in self.filters.get(name, ()):
                if (name, value) != without:
                    pairs.append((name, value))
        if self.sort != ("relevance" if self.query else "date"):
            pairs.append(("sort", self.sort))
        if self.all_languages:
            pairs.append(("all_languages", "1"))
        if page and page > 1:
            pairs.append(("page", str(page)))
        return pairs
