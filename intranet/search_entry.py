"""What a searchable page or document tells the site search about itself.

A content model becomes searchable by defining `search_entry_data()` returning
a `SearchEntryData` (or None: not searchable as it stands). The search app
copies it into its index, together with what decides who may see the item (the
page's tree path, the document's collection), which the content model never
has to give. It lives here, in the project package, because content apps never
import the search app.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class SearchEntryData:
    """One item as the site search sees it. Text is plain (no HTML); values too
    long for the index are cut there, not here."""

    kind: str
    """What the item is: a value of `search.models.Kind` ("case_study",
    "good_practice", "community", "meeting", "document", "page")."""

    title: str
    """The title as shown in results; its words rank first."""

    summary: str = ""
    """A short plain text: the snippet shown first, its words rank above the
    body's."""

    body: str = ""
    """Everything else that may be searched, as plain text (the summary may be
    repeated in it)."""

    date: datetime.date | None = None
    """The date shown in results and sorted by ("newest first"); a datetime is
    indexed by its date."""

    country: str = ""
    """ISO 3166-1 alpha-2 code of the country the item is about (Country facet)."""

    region: str = ""
    """The region inside that country, as written (Region facet)."""

    years: Sequence[int] = ()
    """The years the item covers (Year facet)."""

    pillars: Sequence[str] = ()
    """Values of `intranet.taxonomy.Pillar` (Pillar facet)."""

    topics: Sequence[str] = ()
    """Topic tag names (Topic facet)."""

    community_id: int | None = None
    """The id of the community page the item belongs to (Community facet, and
    the community named beside the result), or None."""

    language: str = ""
    """Language code of the text ("en", "es"), for stemming and the Language
    facet. Blank: a page's locale; a document in no language is shown in every
    locale."""
