"""What every engine answers for one search (see search.engine)."""

from dataclasses import dataclass


@dataclass
class Hits:
    """One page of results (`page_obj.object_list`: SearchEntry rows), and the
    facet counts {facet: [(value, count)]} over every match."""

    page_obj: object
    counts: dict

    @property
    def total(self):
        """How many entries matched, on every page."""
        return self.page_obj.paginator.count
