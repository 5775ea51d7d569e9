"""Import kind for work plans and their activities."""

import datetime

from django.utils.translation import gettext_lazy as _

from intranet.importing import (
    MEETINGS,
    PageField,
    register,
)
from intranet.importing.dates import read_day

from ..models import (
    Activity,
    WorkPlanPage,
)
from .pages import PAGE_KEYS, read_page_keys, refuse_on_translation, rich_text
from .parts import CommunityPartKind
from .references import check_institution, written

SECTORS = tuple(
    name.removeprefix("participants_")
    for name in (field.name for field in Activity._meta.get_fields())
    if name.startswith("participants_")
)
ACTIVITY_KEYS = frozenset(
    {
        "title",
        "activity_type",
        "date",
        "status",
        "description",
        "participants",
        "assigned_institutions",
    }
)
TRANSLATED_ACTIVITY_KEYS = frozenset({"title", "description"})


def _activity_key(row, institution_ids):
    return (
        row.title,
        row.activity_type,
        row.date,
        row.status,
        row.description,
        tuple(getattr(row, f"participants_{sector}") for sector in SECTORS),
        tuple(sorted(institution_ids)),
    )


class ActivitiesField(PageField):
    """A work plan's activities, in order; rows already there are updated in
    place, so that a translation's rows keep their source's translation keys."""

    def __init__(self):
        super().__init__("activities")

    def wanted(self, item, action):
        return [
            _activity_key(
                Activity(**row["fields"]),
                [getattr(written(x), "pk", None) or 0 for x in row["institutions"]],
            )
            for row in action.extra["activities"]
        ]

    def current(self, page):
        return [
            _activity_key(row, [i.pk for i in row.assigned_institutions.all()])
            for row in page.activities.all()
        ]

    def write(self, page, item, action):
        rows = list(page.activities.all())
        for position, wanted in enumerate(action.extra["activities"]):
            if position == len(rows):
                rows.append(Activity(locale=page.locale))
            row = rows[position]
            for name, value in wanted["fields"].items():
                setattr(row, name, value)
            row.sort_order = position
            row.assigned_institutions = [written(x) for x in wanted["institutions"]]
        page.activities = rows[: len(action.extra["activities"])]


@register
class WorkPlanKind(CommunityPartKind):
    """A community's work plan: its period, objectives (the body) and
    activities; a translation gives each activity's title (and description)
    in the same order."""

    type = "work_plan"
    noun = "work plan"
    verbose_name = _("work plan")
    order = MEETINGS
    keys = PAGE_KEYS | {"community", "starts_on", "ends_on", "activities"}
    model = WorkPlanPage
    fields = (
        PageField("starts_on"),
        PageField("ends_on"),
        PageField("objectives"),
        ActivitiesField(),
    )
    shared = ("starts_on", "ends_on")
    texts = ("objectives",)

    def read(self, item):
        read_page_keys(item)
        item.community = item.slug_value("community")
        refuse_on_translation(item, ["starts_on", "ends_on"])
        item.starts_on = read_day(item, "starts_on")
        item.ends_on = read_day(item, "ends_on")
        if not item.translation_of:
            for key in ("starts_on", "ends_on"):
                if getattr(item, key) is None:
                    raise item.problem(key, f"missing {key}")
            if item.ends_on < item.starts_on:
                raise item.problem("ends_on", "ends_on is before starts_on")
        item.objectives = rich_text(item.markdown)
        if not item.objectives and item.translation_of:
            item.objectives = None
        allowed = TRANSLATED_ACTIVITY_KEYS if item.translation_of else ACTIVITY_KEYS
        item.activities = []
        for entry in item.entries("activities"):
            unknown = sorted(set(entry) - allowed)
            if unknown:
                where = "a translated activity" if item.translation_of else "activity"
                raise item.problem(
                    "activities", f"unknown key '{unknown[0]}' in {where}"
                )
            item.activities.append(self.read_activity(item, entry))

    def read_activity(self, item, entry):
        title = str(entry.get("title") or "").strip()
        if not title:
            raise item.problem("activities", "an activity without a title")
        fields = {"title": title, "description": str(entry.get("description") or "")}
        if item.translation_of:
            return {"fields": fields, "institutions": []}
        for name in ("activity_type", "status"):
            field = Activity._meta.get_field(name)
            value = entry.get(name)
            fields[name] = (
                item.code("activities", str(value), field.choices, noun=name)
                if value
                else field.default
            )
        day = entry.get("date")
        if day is not None and not isinstance(day, datetime.date):
            try:
                day = datetime.date.fromisoformat(str(day))
            except ValueError:
                raise item.problem(
                    "activities", f"bad date '{day}' in '{title}': use YYYY-MM-DD"
                ) from None
        fields["date"] = day
        participants = entry.get("participants") or {}
        if not isinstance(participants, dict):
            raise item.problem("activities", "participants must be sector: number")
        for sector in SECTORS:
            fields[f"participants_{sector}"] = 0
        for sector, count in participants.items():
            if sector not in SECTORS:
                raise item.problem(
                    "activities",
                    f"unknown sector '{sector}' (one of: {', '.join(SECTORS)})",
                )
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise item.problem("activities", f"bad number of {sector}: {count}")
            fields[f"participants_{sector}"] = count
        names = entry.get("assigned_institutions") or []
        if not isinstance(names, list):
            names = [names]
        return {"fields": fields, "names": [str(name) for name in names]}

    def attributes_of(self, page):
        attributes = super().attributes_of(page)
        attributes["activities"] = [
            {
                "fields": {
                    "title": row.title,
                    "description": row.description,
                    "activity_type": row.activity_type,
                    "status": row.status,
                    "date": row.date,
                    **{
                        f"participants_{sector}": getattr(row, f"participants_{sector}")
                        for sector in SECTORS
                    },
                },
                "names": [i.name for i in row.assigned_institutions.all()],
            }
            for row in page.activities.all()
        ]
        return attributes

    def prepare(self, action, run):
        super().prepare(action, run)
        item = action.item
        rows = item.activities
        action.extra["activities"] = []
        if item.translation_of:
            source = self.source_attributes(item, run)
            if source is None:
                return  # reported by the planning of translations
            if len(source["activities"]) != len(rows):
                raise item.problem(
                    "activities",
                    f"{len(rows)} activities, but the source has "
                    f"{len(source['activities'])}: translate each, in order",
                )
            rows = [
                {
                    "fields": {**original["fields"], **translated["fields"]},
                    "names": original["names"],
                }
                for original, translated in zip(source["activities"], rows, strict=True)
            ]
        action.extra["activities"] = [
            {
                "fields": row["fields"],
                "institutions": [
                    check_institution(item, run, "activities", name)
                    for name in row["names"]
                ],
            }
            for row in rows
        ]

    def source_attributes(self, item, run):
        attributes = super().source_attributes(item, run)
        source = self.planned_source(item, run)
        if source is not None:
            attributes["activities"] = source.activities
        return attributes
