"""PostgreSQL only: accent-free English and Spanish text search inside the database.

`minka_en` and `minka_es` are the `english` and `spanish` configurations with
`unaccent` before the stemmer. Each entry gets a weighted `search_vector`
(title A, summary B, body C) in its own language's configuration, kept by the
database itself (a generated column), with a GIN index, and the title's and
the summary's own vectors for ranking. Other databases skip
this migration: the portable engine (search/engine.py) matches `stems` there.
"""

from django.db import migrations

CONFIGURATIONS = {"minka_en": "english", "minka_es": "spanish"}


def _vector(column, weight):
    return (
        f"setweight(CASE WHEN language = 'es' "
        f"THEN to_tsvector('minka_es'::regconfig, coalesce({column}, '')) "
        f"ELSE to_tsvector('minka_en'::regconfig, coalesce({column}, '')) END, "
        f"'{weight}')"
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        existing = {row[0] for row in cursor.fetchall()}
    statements = ["CREATE EXTENSION IF NOT EXISTS unaccent"]
    for name, language in CONFIGURATIONS.items():
        if name in existing:
            continue
        statements += [
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {language})",
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR hword, hword_part, word "
            f"WITH unaccent, {language}_stem",
        ]
    vector = " || ".join(
        [_vector("display_title", "A"), _vector("summary", "B"), _vector("body", "C")]
    )
    statements += [
        "ALTER TABLE minka_search_searchentry ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({vector}) STORED",
        # Small vectors of the title and the summary alone: ranking asks them
        # which words they hold, without unpacking the whole text's vector.
        "ALTER TABLE minka_search_searchentry ADD COLUMN title_vector tsvector "
        f"GENERATED ALWAYS AS ({_vector('display_title', 'A')}) STORED",
        "ALTER TABLE minka_search_searchentry ADD COLUMN summary_vector tsvector "
        f"GENERATED ALWAYS AS ({_vector('summary', 'B')}) STORED",
        "CREATE INDEX minka_search_entry_vector "
        "ON minka_search_searchentry USING GIN (search_vector)",
    ]
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for column in ("search_vector", "title_vector", "summary_vector"):
            cursor.execute(
                f"ALTER TABLE minka_search_searchentry DROP COLUMN IF EXISTS {column}"
            )
        for name in CONFIGURATIONS:
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("minka_search", "0003_words_and_summary_stems")]

    operations = [migrations.RunPython(forwards, backwards)]
