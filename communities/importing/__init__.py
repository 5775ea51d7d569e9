"""Import kinds of the communities: institutions, the community index,
communities with their members area, memberships, meetings and work plans.

Files refer to each other by keys a person can read and write: a community by
its slug, an institution by any of its names or acronyms, a person by username,
a meeting by its slug. What an item refers to must be in the import (planned
before it: kinds run in their `order`) or already on the site.

Kinds register themselves when their module is imported (the import framework
imports this package, as Wagtail imports `wagtail_hooks`).
"""

# Imported for their registrations.
from . import communities, meetings, memberships, work_plans  # noqa: F401
from .references import check_community, check_people, source_community

__all__ = ["check_community", "check_people", "source_community"]
