"""Work plan activities become translatable objects.

An activity and its copies in the plan's translations share a translation key:
they are paired by their position in each plan (the order wagtail-localize
copied them in). Each takes its plan's locale.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def pair_translated_activities(apps, schema_editor):
    Activity = apps.get_model("communities", "Activity")
    Page = apps.get_model("wagtailcore", "Page")
    plan_ids = Activity.objects.values_list("plan_id", flat=True).distinct()
    plans = {
        row["pk"]: row
        for row in Page.objects.filter(pk__in=list(plan_ids)).values(
            "pk", "locale_id", "translation_key"
        )
    }
    keys = {}
    for plan_id, plan in plans.items():
        activities = Activity.objects.filter(plan_id=plan_id).order_by(
            "sort_order", "pk"
        )
        for position, activity in enumerate(activities):
            pair = (plan["translation_key"], position)
            keys.setdefault(pair, uuid.uuid4())
            activity.translation_key = keys[pair]
            activity.locale_id = plan["locale_id"]
            activity.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0004_institution_names_per_language"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="activity",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(pair_translated_activities, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="activity",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="activity",
            unique_together={("translation_key", "locale")},
        ),
    ]
