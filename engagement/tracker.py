"""A community's progress along the ten steps of the working-group model.

Kept once per community (its translations share it); each step links to the
good practice of its theme, read in the reader's language, and to evidence
that the community's members may open: a meeting, a document, an activity.
"""

from django.contrib.auth.models import AnonymousUser
from wagtail.documents import get_document_model
from wagtail.models import Page

from communities.models import Activity, MeetingPage, WorkPlanPage, canonical_community
from intranet.access import can_view_collection, visible_pages_for
from resources.models import GoodPracticePage

from .models import STEP_ORDER, Step, StepStatus, Tracker, TrackerStep


def tracker_of(community):
    """The community's tracker, created with its ten steps on first use."""
    return tracker_and_steps(community)[0]


def tracker_and_steps(community):
    """The community's tracker and its ten steps in order: two queries once
    they exist."""
    tracker = Tracker.objects.filter(community_key=community.translation_key).first()
    if tracker is None:
        tracker, _created = Tracker.objects.get_or_create(
            community_key=community.translation_key
        )
    steps = steps_of(tracker)
    if len(steps) < len(Step.values):
        present = {step.step for step in steps}
        TrackerStep.objects.bulk_create(
            [
                TrackerStep(tracker=tracker, step=step)
                for step in Step.values
                if step not in present
            ],
            ignore_conflicts=True,
        )
        steps = steps_of(tracker)
    return tracker, steps


def steps_of(tracker):
    """The tracker's steps in the model's order (one query)."""
    steps = list(tracker.steps.select_related("document__collection", "activity"))
    return sorted(steps, key=lambda step: STEP_ORDER[step.step])


def summary(steps):
    """(steps done, steps under way, steps in all)."""
    done = sum(step.status == StepStatus.DONE for step in steps)
    started = sum(step.status == StepStatus.IN_PROGRESS for step in steps)
    return done, started, len(steps)


def good_practices(language, user=None):
    """{step: the good practice of its theme in `language`} that `user` (by
    default, anyone) may read."""
    pages = visible_pages_for(
        user or AnonymousUser(),
        GoodPracticePage.objects.filter(
            theme__in=Step.values, locale__language_code=language
        ).defer_streamfields(),
    ).order_by("pk")
    found = {}
    for page in pages:
        found.setdefault(page.theme, page)
    return found


def _in_language(pages, language):
    """{translation key: live page in `language` or the page itself}."""
    keys = [page.translation_key for page in pages if page is not None]
    translated = {
        page.translation_key: page
        for page in Page.objects.live().filter(
            translation_key__in=keys, locale__language_code=language
        )
    }
    return {
        page.translation_key: translated.get(page.translation_key, page)
        for page in pages
        if page is not None
    }


def evidence(steps, user, language):
    """{step value: [(label, url)]} of the evidence `user` may open, read in
    `language` where translated."""
    meetings = MeetingPage.objects.filter(
        pk__in=[step.meeting_id for step in steps if step.meeting_id]
    ).defer_streamfields()
    meetings = {page.pk: page for page in visible_pages_for(user, meetings)}
    plans = WorkPlanPage.objects.filter(
        pk__in=[step.activity.plan_id for step in steps if step.activity_id]
    )
    plans = {page.pk: page for page in visible_pages_for(user, plans)}
    local = _in_language([*meetings.values(), *plans.values()], language)
    found = {}
    for step in steps:
        links = []
        meeting = meetings.get(step.meeting_id)
        if meeting is not None:
            page = local[meeting.translation_key]
            links.append((page.title, page.url))
        document = step.document
        if document is not None and can_view_collection(user, document.collection):
            links.append((document.title, document.url))
        if step.activity_id and step.activity.plan_id in plans:
            plan = local[plans[step.activity.plan_id].translation_key]
            links.append((step.activity.title, plan.url))
        found[step.step] = links
    return found


def evidence_choices(community):
    """What a moderator may link as evidence: the community's own meetings,
    documents and work-plan activities."""
    source = canonical_community(community)
    meetings = (
        MeetingPage.objects.descendant_of(source)
        .defer_streamfields()
        .order_by("-starts_at")
    )
    documents = get_document_model().objects.none()
    if community.collection_id:
        documents = (
            get_document_model()
            .objects.filter(
                collection__in=community.collection.get_descendants(inclusive=True)
            )
            .order_by("title")
        )
    activities = Activity.objects.filter(
        plan__in=WorkPlanPage.objects.descendant_of(source)
    ).order_by("date", "title")
    return meetings, documents, activities
