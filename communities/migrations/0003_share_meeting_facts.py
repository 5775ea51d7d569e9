"""Make every translation of a meeting carry the same facts.

Until now each language's page kept its own date, duration, venue and attendance,
so a meeting recorded in one language could read as unrecorded in another. From
now on `MeetingPage.save` shares the facts a save changes; this brings the
existing translations into line once. In each translation group the facts come
from the page with attendance recorded that was published last (else the page
published last); a draft awaiting approval takes them where it had not changed
them itself. wagtail-localize no longer translates or copies the facts: its
segments for them, extracted before, are dropped as its next sync would drop them.
"""

import datetime

from django.db import migrations
from django.utils.dateparse import parse_datetime

SHARED_FIELDS = ("starts_at", "duration_minutes", "venue")
NEVER = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def _draft_value(content, name):
    value = content.get(name)
    if name == "attended_by":
        return set(value or [])
    if name == "starts_at" and isinstance(value, str):
        return parse_datetime(value)
    return value


def share_meeting_facts(apps, schema_editor):
    MeetingPage = apps.get_model("communities", "MeetingPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    through = MeetingPage._meta.get_field("attended_by").remote_field.through

    attendance = {}
    for meeting_id, institution_id in through.objects.values_list(
        "meetingpage_id", "institution_id"
    ):
        attendance.setdefault(meeting_id, set()).add(institution_id)
    groups = {}
    for page in MeetingPage.objects.order_by("pk"):
        groups.setdefault(page.translation_key, []).append(page)

    for pages in groups.values():
        if len(pages) < 2:
            continue
        reference = max(
            pages,
            key=lambda page: (
                bool(attendance.get(page.pk)),
                page.last_published_at or NEVER,
                -page.pk,
            ),
        )
        facts = {name: getattr(reference, name) for name in SHARED_FIELDS}
        facts["attended_by"] = attendance.get(reference.pk, set())
        for page in pages:
            if page.pk == reference.pk:
                continue
            stored = {name: getattr(page, name) for name in SHARED_FIELDS}
            stored["attended_by"] = attendance.get(page.pk, set())
            changed = [name for name in facts if facts[name] != stored[name]]
            if not changed:
                continue
            if page.latest_revision_id and (
                page.latest_revision_id != page.live_revision_id
            ):
                draft = Revision.objects.get(pk=page.latest_revision_id)
                kept = [
                    name
                    for name in changed
                    if _draft_value(draft.content, name) == stored[name]
                ]
                for name in kept:
                    value = facts[name]
                    draft.content[name] = (
                        sorted(value) if name == "attended_by" else value
                    )
                if kept:
                    draft.save(update_fields=["content"])
            fields = {name: facts[name] for name in changed if name in SHARED_FIELDS}
            if fields:
                MeetingPage.objects.filter(pk=page.pk).update(**fields)
            if "attended_by" in changed:
                through.objects.filter(meetingpage_id=page.pk).delete()
                through.objects.bulk_create(
                    through(meetingpage_id=page.pk, institution_id=institution_id)
                    for institution_id in sorted(facts["attended_by"])
                )


def drop_translation_segments_of_facts(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    meeting_type = ContentType.objects.filter(
        app_label="communities", model="meetingpage"
    ).first()
    if meeting_type is None:
        return
    sources = apps.get_model("wagtail_localize", "TranslationSource").objects.filter(
        specific_content_type=meeting_type
    )
    for name in ("StringSegment", "OverridableSegment"):
        apps.get_model("wagtail_localize", name).objects.filter(
            source__in=sources, context__path__in=SHARED_FIELDS
        ).delete()
    apps.get_model("wagtail_localize", "SegmentOverride").objects.filter(
        context__object_id__in=sources.values("object_id"),
        context__path__in=SHARED_FIELDS,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0002_work_plans_and_calendars"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(share_meeting_facts, migrations.RunPython.noop),
        migrations.RunPython(
            drop_translation_segments_of_facts, migrations.RunPython.noop
        ),
    ]
