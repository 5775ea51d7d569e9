"""Figures members read at a glance: pillar balance of attendance, participants
by sector, and the geometry of their server-rendered SVG charts."""

from django.db.models import Count, Sum
from django.utils import timezone

from intranet.access import visible_pages_for
from intranet.taxonomy import Pillar

from .models import (
    PARTICIPANT_SECTORS,
    MeetingPage,
    canonical_community,
    held_activities,
)

BAR_WIDTH = 600  # SVG user units of the longest bar


def attendance_by_meeting(community, user):
    """One row per meeting held so far that `user` may view (oldest first):
    date, title in the language of `community`, count per pillar.

    Attendance is recorded on the source-language meetings; a meeting yet to
    come has none to show. The coordination group's own meetings count only
    for those who may open them.
    """
    source = canonical_community(community)
    meetings = list(
        visible_pages_for(user, MeetingPage.objects.descendant_of(source))
        .filter(starts_at__lte=timezone.now())
        .order_by("starts_at")
        .only("pk", "title", "starts_at", "translation_key")
    )
    if community.locale_id != source.locale_id:
        titles = dict(
            MeetingPage.objects.live()
            .filter(
                locale_id=community.locale_id,
                translation_key__in=[meeting.translation_key for meeting in meetings],
            )
            .values_list("translation_key", "title")
        )
        for meeting in meetings:
            meeting.title = titles.get(meeting.translation_key, meeting.title)
    through = MeetingPage.attended_by.through
    counts = {}
    for meeting_id, pillar, total in (
        through.objects.filter(meetingpage__in=[m.pk for m in meetings])
        .values_list("meetingpage_id", "institution__pillar")
        .annotate(total=Count("institution"))
    ):
        counts[(meeting_id, pillar)] = total
    rows = []
    for meeting in meetings:
        by_pillar = [counts.get((meeting.pk, value), 0) for value in Pillar.values]
        rows.append(
            {
                "meeting": meeting,
                "counts": by_pillar,
                "total": sum(by_pillar),
            }
        )
    return rows


def participants_by_sector(community):
    """(label, participants) for each sector across held activities."""
    sums = held_activities(community).aggregate(
        **{key: Sum(f"participants_{key}") for key, _label in PARTICIPANT_SECTORS}
    )
    return [(label, sums[key] or 0) for key, label in PARTICIPANT_SECTORS]


def attendance_chart(rows, row_height=28):
    """Stacked bars: one per meeting, a segment per pillar (x, width in units)."""
    longest = max((row["total"] for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        x = 0.0
        segments = []
        for value, count in zip(Pillar.values, row["counts"], strict=True):
            width = BAR_WIDTH * count / longest
            if count:
                segments.append(
                    {"pillar": value, "x": round(x, 1), "width": round(width, 1)}
                )
            x += width
        bars.append(
            {
                "row": row,
                "y": index * row_height,
                "label_y": index * row_height + row_height // 2 + 4,
                "segments": segments,
                "end": round(x, 1),
            }
        )
    return {"bars": bars, "height": max(len(rows), 1) * row_height}


def sector_chart(sectors, row_height=28):
    longest = max((count for _label, count in sectors), default=0) or 1
    return {
        "bars": [
            {
                "label": label,
                "count": count,
                "y": index * row_height,
                "label_y": index * row_height + row_height // 2 + 4,
                "width": round(BAR_WIDTH * count / longest, 1),
            }
            for index, (label, count) in enumerate(sectors)
        ],
        "height": max(len(sectors), 1) * row_height,
    }
