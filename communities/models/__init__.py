"""Communities of learning and practice: institutions, community pages, memberships.

A membership (institution × community) is the single source of truth for access:
each community owns a members group and a moderators group, kept in sync from its
memberships by `communities.services`; Wagtail's page view restrictions and
collection privacy use those groups.

One module per concept, importing one way: `institutions` and `calendar` stand
alone; `memberships` builds on institutions; `meetings` and `work_plans` on
those (finding their community through `community_tree`, which names the
community page by label); `reporting` adds up memberships and work plans; and
`communities`, the community pages, brings them all together.
"""

from .calendar import CalendarToken, _new_token
from .communities import (
    COMMUNITY_PANELS_HOOK,
    FOUNDED_IN,
    MEMBERS_AREA_PANELS_HOOK,
    CommunityIndexPage,
    CommunityKind,
    CommunityPage,
    ConfidentialityRule,
    CoordinationAreaPage,
    MembersAreaPage,
)
from .community_tree import community_above
from .institutions import Institution, accent_folded, reading_order
from .meetings import (
    SHARED_FACTS,
    SHARED_FIELDS,
    AttributedNote,
    CirculatedMinutes,
    MeetingPage,
    MeetingPageForm,
)
from .memberships import (
    MODERATOR_ROLES,
    Decidable,
    Membership,
    MembershipRole,
    RepresentationRequest,
    is_member,
    is_moderator,
)
from .reporting import (
    activity_totals,
    canonical_community,
    held_activities,
    pillar_counts,
)
from .work_plans import (
    PARTICIPANT_SECTORS,
    SECTOR_FIELDS,
    Activity,
    ActivityStatus,
    ActivityType,
    WorkPlanPage,
)

__all__ = [
    "COMMUNITY_PANELS_HOOK",
    "FOUNDED_IN",
    "MEMBERS_AREA_PANELS_HOOK",
    "MODERATOR_ROLES",
    "PARTICIPANT_SECTORS",
    "SECTOR_FIELDS",
    "SHARED_FACTS",
    "SHARED_FIELDS",
    "Activity",
    "ActivityStatus",
    "ActivityType",
    "AttributedNote",
    "CalendarToken",
    "CirculatedMinutes",
    "CommunityIndexPage",
    "CommunityKind",
    "CommunityPage",
    "ConfidentialityRule",
    "CoordinationAreaPage",
    "Decidable",
    "Institution",
    "MeetingPage",
    "MeetingPageForm",
    "MembersAreaPage",
    "Membership",
    "MembershipRole",
    "RepresentationRequest",
    "WorkPlanPage",
    "accent_folded",
    "activity_totals",
    "canonical_community",
    "community_above",
    "held_activities",
    "is_member",
    "is_moderator",
    "pillar_counts",
    "reading_order",
    # Named by the migration that created calendar tokens.
    "_new_token",
]
