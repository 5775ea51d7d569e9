"""Import kinds of engagement: a community's progress along the ten steps
(`tracker`) and who reviews a case study or good practice, and when (`review`).
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from communities.importing import check_community, check_people, source_community
from communities.models import Activity, MeetingPage, WorkPlanPage
from intranet.importing import TRACKERS, Action, Kind, register
from intranet.importing.dates import read_day
from resources.models import CaseStudyPage, GoodPracticePage

from .models import Step, StepStatus, Tracker
from .tracker import tracker_and_steps

STEP_KEYS = frozenset({"status", "reached_on", "note", "meeting", "activity"})


def _evidence(community, meeting_slug, activity_title):
    """The meeting (by slug) and work-plan activity (by title) a step points
    to, among the community's own, as it wrote them (in its source language)."""
    found = {"meeting": None, "activity": None}
    if meeting_slug:
        found["meeting"] = (
            MeetingPage.objects.descendant_of(community)
            .filter(slug=meeting_slug)
            .first()
        )
    if activity_title:
        found["activity"] = (
            Activity.objects.filter(
                plan__in=WorkPlanPage.objects.descendant_of(community),
                title=activity_title,
            )
            .order_by("pk")
            .first()
        )
    return found


@register
class TrackerKind(Kind):
    """A community's ten steps: each step's status, date, note and evidence."""

    type = "tracker"
    noun = "ten steps"
    verbose_name = _("ten steps")
    order = TRACKERS
    keys = frozenset({"community", "public_summary", "steps"})

    def label(self, item):
        return f"{self.noun} of {item.slug}"

    def identity(self, item):
        return (self.type, item.slug)

    def read(self, item):
        item.community = item.slug = item.title = item.slug_value("community")
        item.public_summary = item.flag("public_summary")
        steps = item.data.get("steps") or {}
        if not isinstance(steps, dict):
            raise item.problem("steps", "steps must be step: details entries")
        item.steps = {}
        for name, details in steps.items():
            step = item.code("steps", str(name), Step.choices, noun="step")
            details = details or {}
            if not isinstance(details, dict):
                raise item.problem("steps", f"step {name} must be key: value entries")
            unknown = set(details) - STEP_KEYS
            if unknown:
                raise item.problem(
                    "steps", f"unknown key '{sorted(unknown)[0]}' in step {name}"
                )
            status = details.get("status") or StepStatus.NOT_STARTED
            reached_on = details.get("reached_on")
            if reached_on is not None and not isinstance(reached_on, datetime.date):
                try:
                    reached_on = datetime.date.fromisoformat(str(reached_on))
                except ValueError:
                    raise item.problem(
                        "steps",
                        f"bad reached_on '{reached_on}' in step {name}: use YYYY-MM-DD",
                    ) from None
            item.steps[step] = {
                "status": item.code("steps", str(status), StepStatus.choices, "status"),
                "reached_on": reached_on,
                "note": str(details.get("note") or "").strip(),
                "meeting": str(details.get("meeting") or "").strip(),
                "activity": str(details.get("activity") or "").strip(),
            }

    def plan(self, item, run):
        community = check_community(item, run)
        action = Action(item)
        if community is None:
            return action  # a community planned in a dry run: all new
        tracker = Tracker.objects.filter(
            community_key=community.translation_key
        ).first()
        current = {}
        if tracker is not None:
            action.existing = tracker
            current["public_summary"] = tracker.public_summary
            for row in tracker.steps.all():
                current[row.step] = (
                    row.status,
                    row.reached_on,
                    row.note,
                    row.meeting_id,
                    row.activity_id,
                )
        action.values["public_summary"] = item.public_summary
        for step, details in item.steps.items():
            evidence = _evidence(community, details["meeting"], details["activity"])
            for key, found in evidence.items():
                if details[key] and found is None and not run.dry_run:
                    raise item.problem(
                        "steps", f"step {step}: unknown {key} '{details[key]}'"
                    )
            action.values[step] = (
                details["status"],
                details["reached_on"],
                details["note"],
                getattr(evidence["meeting"], "pk", None),
                getattr(evidence["activity"], "pk", None),
            )
        if tracker is not None:
            action.compare(current)
        return action

    def remove(self, item):
        community = source_community(item.community)
        if community is not None:
            Tracker.objects.filter(community_key=community.translation_key).delete()

    def write(self, action, run):
        community = source_community(action.item.community)
        tracker, steps = tracker_and_steps(community)
        tracker.public_summary = action.values["public_summary"]
        tracker.save(update_fields=["public_summary"])
        for row in steps:
            if row.step not in action.values:
                continue
            status, reached_on, note, meeting_id, activity_id = action.values[row.step]
            row.status, row.reached_on, row.note = status, reached_on, note
            row.meeting_id, row.activity_id = meeting_id, activity_id
            row.save()
        action.existing = tracker


REVIEWED_PAGES = {"case_study": CaseStudyPage, "good_practice": GoodPracticePage}


@register
class ReviewKind(Kind):
    """Who keeps a case study or good practice up to date, and when it is next
    reviewed; for the page in every language."""

    type = "review"
    noun = "review"
    verbose_name = _("review")
    order = TRACKERS
    keys = frozenset({*REVIEWED_PAGES, "owner", "review_on"})

    def label(self, item):
        return f"{self.noun} of {item.page_type} {item.slug}"

    def identity(self, item):
        return (self.type, item.page_type, item.slug)

    def read(self, item):
        given = [key for key in REVIEWED_PAGES if key in item.data]
        if len(given) != 1:
            raise item.problem(
                max(given, key=item.line) if given else "type",
                "give one of case_study or good_practice: the page's slug",
            )
        item.page_type = given[0]
        item.slug = item.title = item.slug_value(item.page_type)
        item.owner = item.text("owner")
        item.review_on = read_day(item, "review_on")

    def plan(self, item, run):
        model = REVIEWED_PAGES[item.page_type]
        page = model.objects.filter(slug=item.slug).order_by("pk").first()
        if page is None and run.find_planned(item.page_type, item.slug) is None:
            raise item.problem(
                item.page_type, f"unknown {item.page_type} '{item.slug}'"
            )
        owner = None
        if item.owner:
            owner = check_people(item, run, "owner", [item.owner])[item.owner]
        action = Action(
            item,
            existing=page,
            values={
                "content_owner_id": getattr(owner, "pk", None),
                "review_on": item.review_on,
            },
        )
        if page is None or (item.owner and owner is None):
            return action
        rows = model.objects.filter(translation_key=page.translation_key).values(
            *action.values
        )
        differing = [row for row in rows if row != action.values]
        action.compare(differing[0] if differing else action.values)
        return action

    def write(self, action, run):
        item = action.item
        model = REVIEWED_PAGES[item.page_type]
        page = model.objects.filter(slug=item.slug).order_by("pk").first()
        owner = get_user_model().objects.filter(username=item.owner).first()
        # Not a new revision: who reviews a page, and when, is not its content.
        model.objects.filter(translation_key=page.translation_key).update(
            content_owner=owner, review_on=item.review_on
        )
        action.existing = page
