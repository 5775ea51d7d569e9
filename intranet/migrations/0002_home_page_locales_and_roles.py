"""Create the Spanish locale, the home page and site, and the editorial roles."""

import uuid

from django.db import migrations

ROLE_GROUPS = ("Editors", "Moderators")


def create_home_and_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("intranet.HomePage")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    english, _ = Locale.objects.get_or_create(language_code="en")
    Locale.objects.get_or_create(language_code="es")

    # Replace Wagtail's placeholder welcome page with the home page.
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()
    home_type, _ = ContentType.objects.get_or_create(
        model="homepage", app_label="intranet"
    )
    if not HomePage.objects.filter(depth=2, locale=english).exists():
        home = HomePage.objects.create(
            title="Minka",
            draft_title="Minka",
            slug="home",
            content_type=home_type,
            path="00010001",
            depth=2,
            numchild=0,
            url_path="/home/",
            locale=english,
            translation_key=uuid.uuid4(),
            live=True,
        )
        Page.objects.filter(depth=1).update(numchild=1)
        Site.objects.all().delete()
        Site.objects.create(
            hostname="localhost",
            port=80,
            site_name="Minka",
            root_page=home,
            is_default_site=True,
        )

    # Editors and Moderators keep admin access but lose Wagtail's default rights
    # over the whole tree and root collection: community subtrees belong to each
    # community's own moderators. Rights on the knowledge base are granted when
    # its index pages are created (see intranet.roles).
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name in ROLE_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access)
        GroupPagePermission.objects.filter(group=group, page__depth=1).delete()
        GroupCollectionPermission.objects.filter(
            group=group, collection__depth=1
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intranet", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_home_and_roles, migrations.RunPython.noop)]
