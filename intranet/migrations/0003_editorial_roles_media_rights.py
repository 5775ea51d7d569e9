"""The editorial roles keep no rights on the root collection.

Wagtail's own document and image migrations grant Editors and Moderators add,
change and choose rights on the root collection, which covers every community's
private collection (their titles would show in the choosers). Those rights move
to the public "Publications" collection, where the knowledge base's media live.
"""

from django.db import migrations

ROLE_GROUPS = ("Editors", "Moderators")
PUBLICATIONS_COLLECTION = "Publications"
MEDIA_PERMISSIONS = [
    (app_label, f"{action}_{model}")
    for app_label, model in (("wagtaildocs", "document"), ("wagtailimages", "image"))
    for action in ("add", "change", "choose")
]


def move_media_rights_off_the_root(apps, schema_editor):
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")

    GroupCollectionPermission.objects.filter(
        group__name__in=ROLE_GROUPS, collection__depth=1
    ).delete()
    publications = Collection.objects.filter(
        depth=2, name=PUBLICATIONS_COLLECTION
    ).first()
    if publications is None:  # created with the knowledge-base index pages
        return
    for group in Group.objects.filter(name__in=ROLE_GROUPS):
        for app_label, codename in MEDIA_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=publications, permission=permission
                )


class Migration(migrations.Migration):
    dependencies = [
        ("intranet", "0002_home_page_locales_and_roles"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunPython(move_media_rights_off_the_root, migrations.RunPython.noop)
    ]
