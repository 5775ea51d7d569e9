"""Institutions whose names differ only in letter case or spacing ("Defensoría
del Pueblo", "DEFENSORÍA DEL PUEBLO"), in any language they are known by, are
one institution: merged into the oldest before 0009 makes names unique whatever
their case.

Everything that named a duplicate names the one kept: memberships (where both
were in one community, the standing membership is kept and takes the other's
representatives and representation requests), attendance, attributed notes and
work plan assignments. Page revisions keep the ids they were saved with.
Reversing leaves the merge in place (the duplicates are gone).
"""

from django.db import migrations

NAME_FIELDS = ("name", "name_en", "name_es")
# Which of two memberships of one community stands, best first.
STANDING = ("active", "suspended", "applied", "nominated", "left", "declined")
FILLED_IF_BLANK = (
    "name_en",
    "name_es",
    "acronym",
    "acronym_en",
    "acronym_es",
    "country",
    "website",
    "logo_id",
)


def _key(text):
    return " ".join(text.split()).casefold()


def _duplicate_groups(institutions):
    """Lists of institutions that share a name in some field, oldest first."""
    parent = {each.pk: each.pk for each in institutions}

    def root(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    first_with = {}
    for each in institutions:
        for field in NAME_FIELDS:
            key = _key(getattr(each, field) or "")
            if not key:
                continue
            other = first_with.setdefault((field, key), each.pk)
            a, b = root(other), root(each.pk)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups = {}
    for each in institutions:
        groups.setdefault(root(each.pk), []).append(each)
    return [group for group in groups.values() if len(group) > 1]


def _through(model, field):
    return model._meta.get_field(field).remote_field.through


def _merge_membership(apps, gone, into):
    """`gone`'s representatives and requests join `into`; `gone` is deleted."""
    Membership = apps.get_model("communities", "Membership")
    Request = apps.get_model("communities", "RepresentationRequest")
    Representatives = _through(Membership, "representatives")
    have = set(
        Representatives.objects.filter(membership=into).values_list(
            "user_id", flat=True
        )
    )
    for row in Representatives.objects.filter(membership=gone):
        if row.user_id not in have:
            Representatives.objects.create(membership=into, user_id=row.user_id)
    waiting = set(
        Request.objects.filter(membership=into, status="applied").values_list(
            "person_id", flat=True
        )
    )
    for request in Request.objects.filter(membership=gone):
        if request.status == "applied" and request.person_id in waiting:
            request.delete()
            continue
        request.membership = into
        request.save(update_fields=["membership"])
    gone.delete()


def _repoint_memberships(apps, duplicate, kept):
    Membership = apps.get_model("communities", "Membership")
    for membership in Membership.objects.filter(institution=duplicate):
        standing = Membership.objects.filter(
            community_id=membership.community_id, institution=kept
        ).first()
        if standing is None:
            membership.institution = kept
            membership.save(update_fields=["institution"])
            continue
        if STANDING.index(membership.status) < STANDING.index(standing.status):
            _merge_membership(apps, standing, membership)
            membership.institution = kept
            membership.save(update_fields=["institution"])
        else:
            _merge_membership(apps, membership, standing)


def _repoint_many_to_many(through, other_field, duplicate, kept):
    """Rows of `through` linking to `duplicate` link to `kept` (once)."""
    linked = set(
        through.objects.filter(institution=kept).values_list(other_field, flat=True)
    )
    for row in through.objects.filter(institution=duplicate):
        if getattr(row, other_field) in linked:
            row.delete()
        else:
            row.institution = kept
            row.save(update_fields=["institution"])


def merge_case_duplicates(apps, schema_editor):
    Institution = apps.get_model("communities", "Institution")
    MeetingPage = apps.get_model("communities", "MeetingPage")
    AttributedNote = apps.get_model("communities", "AttributedNote")
    Activity = apps.get_model("communities", "Activity")
    for kept, *duplicates in _duplicate_groups(list(Institution.objects.order_by("pk"))):
        for duplicate in duplicates:
            _repoint_memberships(apps, duplicate, kept)
            _repoint_many_to_many(
                _through(MeetingPage, "attended_by"), "meetingpage_id", duplicate, kept
            )
            _repoint_many_to_many(
                _through(Activity, "assigned_institutions"),
                "activity_id",
                duplicate,
                kept,
            )
            AttributedNote.objects.filter(speaker_institution=duplicate).update(
                speaker_institution=kept
            )
            for field in FILLED_IF_BLANK:
                if not getattr(kept, field) and getattr(duplicate, field):
                    setattr(kept, field, getattr(duplicate, field))
            duplicate.delete()
        kept.save()


class Migration(migrations.Migration):

    dependencies = [
        ("communities", "0007_coordination_tier"),
    ]

    operations = [
        migrations.RunPython(merge_case_duplicates, migrations.RunPython.noop),
    ]
