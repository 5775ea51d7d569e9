"""`SearchEntry.title` holds the title's stems, not the title: renamed
`title_stems`, its data kept.

PostgreSQL's generated `search_vector` and `title_vector` columns (0004) are
built from `display_title`, never from this column: they and the GIN index are
untouched by the rename.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("minka_search", "0004_postgresql_text_search")]

    operations = [
        migrations.RenameField(
            model_name="searchentry", old_name="title", new_name="title_stems"
        )
    ]
