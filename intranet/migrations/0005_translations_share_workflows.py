"""Every translation of a page with a workflow assigned gets the same workflow.

New translations get it as they are made (`intranet.translation_workflow`); this
gives it to the translations made before, which otherwise followed the workflow
of their nearest assigned ancestor (or none) and skipped their source's review.
A translation that has a workflow of its own keeps it.
"""

from django.db import migrations


def share_workflows_with_translations(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    assigned = dict(WorkflowPage.objects.values_list("page_id", "workflow_id"))
    if not assigned:
        return
    workflow_of_key = {}
    for page_id, key in Page.objects.filter(pk__in=assigned).values_list(
        "pk", "translation_key"
    ).order_by("pk"):
        # The first page of each translation set (usually the source) decides.
        workflow_of_key.setdefault(key, assigned[page_id])
    missing = (
        Page.objects.filter(translation_key__in=workflow_of_key)
        .exclude(pk__in=assigned)
        .values_list("pk", "translation_key")
    )
    WorkflowPage.objects.bulk_create(
        WorkflowPage(page_id=page_id, workflow_id=workflow_of_key[key])
        for page_id, key in missing
    )


class Migration(migrations.Migration):
    dependencies = [
        ("intranet", "0004_topic_labels"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(
            share_workflows_with_translations, migrations.RunPython.noop
        ),
    ]
