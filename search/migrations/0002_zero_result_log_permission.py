"""Moderators read the log of searches without results by a permission.

The Moderators group and every community's moderators group get
`minka_search.view_zeroresultquery`; communities created later get it from
`communities.services`. The permission row is created here when Django's
post-migrate step has not made it yet (a fresh database).
"""

from django.db import migrations

MODERATORS = "Moderators"


def grant_view_permission(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    CommunityPage = apps.get_model("communities", "CommunityPage")

    content_type, _ = ContentType.objects.get_or_create(
        app_label="minka_search", model="zeroresultquery"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_zeroresultquery",
        defaults={"name": "Can view search without results"},
    )
    groups = Group.objects.filter(name=MODERATORS) | Group.objects.filter(
        pk__in=CommunityPage.objects.exclude(moderators_group=None).values(
            "moderators_group"
        )
    )
    for group in groups:
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("minka_search", "0001_initial"),
        ("intranet", "0002_home_page_locales_and_roles"),
        ("communities", "0002_work_plans_and_calendars"),
    ]

    operations = [
        migrations.RunPython(grant_view_permission, migrations.RunPython.noop)
    ]
