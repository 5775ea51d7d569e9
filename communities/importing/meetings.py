"""Import kind for meetings: facts, attendance, attributed notes, minutes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from intranet.access.audiences import Audience
from intranet.importing import (
    MEETINGS,
    PageField,
    register,
)
from intranet.importing.dates import read_moment

from ..models import (
    AttributedNote,
    CoordinationAreaPage,
    MeetingPage,
)
from .communities import CommunityKind
from .pages import (
    PAGE_KEYS,
    read_count,
    read_lines,
    read_page_keys,
    refuse_on_translation,
    rich_text,
)
from .parts import CommunityPartKind
from .references import check_institution, source_community, written


class AttendanceField(PageField):
    """The institutions present, compared by id."""

    def __init__(self):
        super().__init__("attended_by")

    def wanted(self, item, action):
        found = action.extra["attended_by"]
        return sorted(getattr(written(entry), "pk", None) or 0 for entry in found)

    def current(self, page):
        return sorted(institution.pk for institution in page.attended_by.all())

    def write(self, page, item, action):
        page.attended_by = [written(entry) for entry in action.extra["attended_by"]]


def _speaker(found):
    """How notes are compared: the speaking institution's id as text ("" for
    none, "new" for one only planned in a dry run)."""
    if found is None:
        return ""
    institution = written(found)
    return "new" if institution is None else str(institution.pk)


class NotesField(PageField):
    """Attributed notes (who said what), compared; written once the meeting
    has an id (see `MeetingKind.write`)."""

    def __init__(self):
        super().__init__("notes")

    def wanted(self, item, action):
        return sorted(
            (_speaker(found), name, text) for found, name, text in action.extra["notes"]
        )

    def current(self, page):
        notes = AttributedNote.objects.filter(meeting_id=page.pk).values_list(
            "speaker_institution_id", "speaker_name", "text"
        )
        return sorted(
            ("" if pk is None else str(pk), name, text) for pk, name, text in notes
        )

    def write(self, page, item, action):
        pass


MEETING_FACTS = ("starts_at", "duration_minutes", "venue", "attended_by")
DEFAULT_MEETING_MINUTES = 120


class MeetingAudience(models.TextChoices):
    """Who a meeting is for: where in the community it is recorded."""

    MEMBERS = Audience.MEMBERS.value, Audience.MEMBERS.label
    COORDINATION = Audience.COORDINATION.value, Audience.COORDINATION.label


@register
class MeetingKind(CommunityPartKind):
    """A meeting in a community's members area: date, venue, attendance,
    agenda, guests, minutes (the body) and attributed notes."""

    type = "meeting"
    noun = "meeting"
    verbose_name = _("meeting")
    order = MEETINGS
    keys = PAGE_KEYS | {
        "community",
        "audience",
        *MEETING_FACTS,
        "agenda",
        "guests",
        "notes",
    }
    model = MeetingPage
    fields = (
        PageField("starts_at"),
        PageField("duration_minutes"),
        PageField("venue"),
        AttendanceField(),
        PageField("agenda"),
        PageField("guests"),
        PageField("minutes"),
        NotesField(),
    )
    shared = MEETING_FACTS
    texts = ("agenda", "guests", "minutes")

    def read(self, item):
        read_page_keys(item)
        item.community = item.slug_value("community")
        item.audience = item.choice(
            "audience", MeetingAudience, MeetingAudience.MEMBERS
        )
        refuse_on_translation(item, [*MEETING_FACTS, "notes"])
        item.starts_at = read_moment(
            item, "starts_at", required=not item.translation_of
        )
        item.duration_minutes = read_count(item, "duration_minutes")
        item.venue = item.text("venue", max_length=255)
        item.attended_by = item.words("attended_by")
        for name in ("agenda", "guests"):
            given = name in item.data or not item.translation_of
            setattr(item, name, read_lines(item, name) if given else None)
        item.minutes = rich_text(item.markdown)
        if not item.minutes and item.translation_of:
            item.minutes = None
        item.notes = []
        for entry in item.entries("notes"):
            unknown = set(entry) - {"speaker_institution", "speaker_name", "text"}
            if unknown or not str(entry.get("text") or "").strip():
                raise item.problem(
                    "notes",
                    "each note needs text, and a speaker_institution or speaker_name",
                )
            item.notes.append(
                (
                    str(entry.get("speaker_institution") or "").strip(),
                    str(entry.get("speaker_name") or "").strip(),
                    str(entry["text"]).strip(),
                )
            )

    def parent(self, item, run, locale):
        area = super().parent(item, run, locale)
        if item.audience != MeetingAudience.COORDINATION:
            return area
        coordination = CoordinationAreaPage.objects.child_of(area).first()
        if coordination is None:
            raise ValueError(
                f"community '{item.community}' has no coordination area in {locale}"
            )
        return coordination

    def attributes_of(self, page):
        attributes = super().attributes_of(page)
        attributes["attended_by"] = [i.name for i in page.attended_by.all()]
        return attributes

    def prepare(self, action, run):
        super().prepare(action, run)
        item = action.item
        if item.duration_minutes is None:
            item.duration_minutes = self.community_duration(item, run)
        action.extra["attended_by"] = [
            check_institution(item, run, "attended_by", name)
            for name in item.attended_by
        ]
        action.extra["notes"] = [
            (
                check_institution(item, run, "notes", institution)
                if institution
                else None,
                name,
                text,
            )
            for institution, name, text in item.notes
        ]

    def values(self, item, action):
        values = super().values(item, action)
        if item.translation_of:
            del values["notes"]  # kept with the meeting's source
        return values

    def community_duration(self, item, run):
        """The fixed duration of the community's meetings (or two hours)."""
        community = source_community(item.community)
        if community is not None:
            return community.meeting_duration_minutes or DEFAULT_MEETING_MINUTES
        planned = run.find_planned(CommunityKind.type, item.community)
        minutes = planned.item.meeting_duration_minutes if planned else None
        return minutes or DEFAULT_MEETING_MINUTES

    def write(self, action, run):
        super().write(action, run)
        meeting = action.existing
        held = set(NotesField().current(meeting))
        for found, name, text in action.extra["notes"]:
            if (_speaker(found), name, text) not in held:
                AttributedNote.objects.create(
                    meeting=meeting,
                    speaker_institution=written(found) if found else None,
                    speaker_name=name,
                    text=text,
                )
