"""The facets a search is narrowed by, and how they are shown.

Engines count them (search.engine in SQL, search.elasticsearch by
aggregations); this module names them and turns the counts into what the page
and the JSON show.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from intranet.taxonomy import Pillar, topic_labels
from search.models import Kind

# In the order the page shows them.
FACETS = [
    "kind",
    "country",
    "region",
    "topic",
    "pillar",
    "community",
    "year",
    "language",
]
# Facets whose values are numbers (a community page's id, a year).
INTEGER_FACETS = {"community", "year"}
FACET_TITLES = {
    "kind": _("Content type"),
    "country": _("Country"),
    "region": _("Region"),
    "topic": _("Topic"),
    "pillar": _("Pillar"),
    "community": _("Community"),
    "year": _("Year"),
    "language": _("Language"),
}
MAX_FACET_VALUES_SHOWN = 30


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    title: str
    values: list


def facet_label(name, value, community_titles, topics=None):
    """What a facet value is called; None for a community the reader may not see."""
    if name == "kind":
        return str(dict(Kind.choices).get(value, value))
    if name == "pillar":
        return str(dict(Pillar.choices).get(value, value))
    if name == "country":
        return countries.name(value) or value
    if name == "language":
        return str(dict(settings.LANGUAGES).get(value, value))
    if name == "community":
        return community_titles.get(value)
    if name == "topic" and topics:
        return topics.get(value, value)
    return value


def build_facets(counts, filters, community_titles):
    """The facets as shown: each value with its label and count, selected
    values kept even when nothing matches them any more."""
    facets = []
    topics = topic_labels()
    for name in FACETS:
        selected = filters.get(name, [])
        values = []
        for value, count in counts[name]:
            label = facet_label(name, value, community_titles, topics)
            if label is None:
                continue
            if len(values) < MAX_FACET_VALUES_SHOWN or value in selected:
                values.append(FacetValue(value, label, count, value in selected))
        known = {facet_value.value for facet_value in values}
        for value in selected:
            if value not in known:
                label = facet_label(name, value, community_titles, topics)
                values.append(FacetValue(value, label or value, 0, True))
        facets.append(Facet(name, FACET_TITLES[name], values))
    return facets
