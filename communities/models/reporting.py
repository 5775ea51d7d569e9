"""What a community adds up to: member institutions per pillar, activities held
and people reached."""

from django.conf import settings
from django.db import models
from wagtail_localize.models import TranslationSource

from intranet.taxonomy import Pillar

from .memberships import Membership
from .work_plans import SECTOR_FIELDS, Activity, ActivityStatus, WorkPlanPage


def pillar_counts(community):
    """Active member institutions per pillar, in the pillars' order (public)."""
    counts = dict(
        community.memberships()
        .filter(status=Membership.Status.ACTIVE)
        .values_list("institution__pillar")
        .annotate(total=models.Count("institution", distinct=True))
    )
    return [(label, counts.get(value, 0)) for value, label in Pillar.choices]


def canonical_community(community):
    """The page of a community its translations come from: the one edited in
    Wagtail's own editor, where figures (work plans, attendance) are recorded
    first. Else, with no translation yet, the default-language page."""
    source_locale = (
        TranslationSource.objects.filter(object_id=community.translation_key)
        .order_by("pk")
        .values_list("locale_id", flat=True)
        .first()
    )
    pages = community.get_translations(inclusive=True)
    source = None
    if source_locale is not None:
        source = pages.filter(locale_id=source_locale).first()
    if source is None:
        source = pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    return source or community


def held_activities(community):
    """Held activities of the community's live work plans, counted once."""
    source = canonical_community(community)
    plans = WorkPlanPage.objects.live().descendant_of(source)
    return Activity.objects.filter(plan__in=plans, status=ActivityStatus.HELD)


def activity_totals(community):
    """Activities held and participants reached, per year and overall."""
    participants = sum(
        (models.F(name) for name in SECTOR_FIELDS[1:]), models.F(SECTOR_FIELDS[0])
    )
    rows = (
        held_activities(community)
        .annotate(people=participants)
        .values_list("date", "people")
    )
    per_year = {}
    for date, people in rows:
        year = date.year if date else None
        activities, reached = per_year.get(year, (0, 0))
        per_year[year] = (activities + 1, reached + people)
    years = sorted(y for y in per_year if y is not None)
    table = [(year, *per_year[year]) for year in years]
    if None in per_year:
        table.append((None, *per_year[None]))
    return {
        "per_year": table,
        "activities": sum(row[1] for row in table),
        "participants": sum(row[2] for row in table),
    }
