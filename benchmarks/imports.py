"""How fast `import_content` brings Markdown files in, searchable on return.

`write_items(folder, count)` writes `count` Markdown files like the ones editors
import: English case studies and good practices with their Spanish translations,
and documents with a small text attachment. `measure_import(folder)` runs the
command once and returns (items, seconds, searchable entries).

`python -m benchmarks.imports [N]` measures a fresh database (a temporary SQLite
file, or `minka_bench_import` (or MINKA_BENCH_IMPORT_DATABASE) next to
DATABASE_URL's PostgreSQL database, dropped and created again).
Document text is read by the task worker afterwards, as in production: the
import itself queues that work.
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_ITEMS = 3000
BENCH_DATABASE = os.environ.get("MINKA_BENCH_IMPORT_DATABASE", "minka_bench_import")

PILLARS = ("company", "government", "civil society", "Academia", "Observador")
THEMES = ("working rules", "Liderazgo", "first_meeting", "Plan de trabajo")
COUNTRIES = (("PE", "Cusco"), ("PE", "Moquegua"), ("GH", "Western Region"))
WORDS = (
    "dialogue governance mining water consultation community women artisanal "
    "royalties monitoring company regulators trust agreement roadmap youth "
    "training police environment land rights revenue transparency"
).split()
PALABRAS = (
    "diálogo gobernanza minería agua consulta comunidad mujeres artesanal "
    "regalías monitoreo empresa reguladores confianza acuerdo hoja ruta jóvenes "
    "capacitación policía ambiente tierra derechos canon transparencia"
).split()


def _sentence(rng, words, length=14):
    text = " ".join(rng.choice(words) for _ in range(length))
    return text[0].upper() + text[1:] + "."


def _paragraphs(rng, words, count=3):
    return "\n\n".join(
        " ".join(_sentence(rng, words) for _ in range(4)) for _ in range(count)
    )


def _case_study(rng, number, spanish=False):
    words = PALABRAS if spanish else WORDS
    country, region = rng.choice(COUNTRIES)
    start = rng.randint(2005, 2022)
    heads = (
        ("Desafío", "Enfoque", "Resultados", "Lecciones aprendidas")
        if spanish
        else ("Challenge", "Approach", "Results", "Lessons learned")
    )
    front = [
        "type: case_study",
        f"slug: {'caso' if spanish else 'case'}-{number}",
        f"title: {_sentence(rng, words, 6)[:-1]} {number}",
        f"locale: {'es' if spanish else 'en'}",
        f"country: {country}",
        f"region: {region}",
        f"start_year: {start}",
        f"end_year: {start + rng.randint(0, 3)}",
        f"pillars: [{', '.join(rng.sample(PILLARS, 2))}]",
        f"topics: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]",
        f"summary: {_sentence(rng, words, 20)}",
    ]
    if spanish:
        front.append(f"translation_of: case-{number}")
    body = _paragraphs(rng, words, 1)
    for head in heads:
        body += f"\n\n## {head}\n\n{_paragraphs(rng, words, 2)}"
    return front, body


def _good_practice(rng, number, spanish=False):
    words = PALABRAS if spanish else WORDS
    front = [
        "type: good_practice",
        f"slug: {'practica' if spanish else 'practice'}-{number}",
        f"title: {_sentence(rng, words, 5)[:-1]} {number}",
        f"locale: {'es' if spanish else 'en'}",
        f"theme: {rng.choice(THEMES)}",
        f"topics: [{rng.choice(WORDS)}]",
        f"summary: {_sentence(rng, words, 18)}",
    ]
    if spanish:
        front.append(f"translation_of: practice-{number}")
    steps = "\n".join(
        f"{step}. {_sentence(rng, words, 4)}\n    {_sentence(rng, words)}"
        for step in range(1, 4)
    )
    body = (
        f"{_paragraphs(rng, words, 2)}\n\n## {'Pasos' if spanish else 'Steps'}"
        f"\n\n{steps}"
    )
    return front, body


def _document(rng, number, folder):
    spanish = number % 2 == 0
    words = PALABRAS if spanish else WORDS
    attachment = f"document-{number}.txt"
    (folder / attachment).write_text(_paragraphs(rng, words, 3), encoding="utf-8")
    front = [
        "type: document",
        f"slug: document-{number}",
        f"title: {_sentence(rng, words, 6)[:-1]} {number}",
        f"locale: {'es' if spanish else 'en'}",
        f"file: {attachment}",
        f"document_type: {rng.choice(('report', 'Informe', 'minutes', 'Estudio'))}",
        f"date: {rng.randint(2005, 2024)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        f"topics: [{rng.choice(WORDS)}]",
        f"summary: {_sentence(rng, words, 16)}",
    ]
    return front, ""


def write_items(folder, count, seed=14):
    """Write `count` Markdown files under `folder`: a third documents, the rest
    case studies and good practices, each English page followed by its Spanish
    translation. Returns the folder."""
    rng = random.Random(seed)
    folder = Path(folder)
    for sub in ("case-studies", "good-practices", "documents"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    documents = count // 3
    pairs = (count - documents) // 2
    written = 0

    def write(sub, name, front, body):
        nonlocal written
        text = "---\n" + "\n".join(front) + "\n---\n" + body + "\n"
        (folder / sub / name).write_text(text, encoding="utf-8")
        written += 1

    for number in range(1, pairs + 1):
        make, sub = (
            (_case_study, "case-studies")
            if number % 2
            else (_good_practice, "good-practices")
        )
        write(sub, f"{number}.md", *make(rng, number))
        write(sub, f"{number}.es.md", *make(rng, number, spanish=True))
    for number in range(1, count - written + 1):
        write(
            "documents",
            f"document-{number}.md",
            *_document(rng, number, folder / "documents"),
        )
    return folder


def measure_import(folder):
    """Import `folder` once; returns (items imported, seconds, search entries)."""
    from io import StringIO

    from django.core.management import call_command

    from search.models import SearchEntry

    before = SearchEntry.objects.count()
    out = StringIO()
    started = time.perf_counter()
    call_command("import_content", str(folder), stdout=out, stderr=out)
    seconds = time.perf_counter() - started
    summary = out.getvalue().strip().splitlines()[-1]
    created = int(summary.split(":", 1)[1].split()[0])
    return created, seconds, SearchEntry.objects.count() - before


def _database_url(workdir):
    url = os.environ.get("DATABASE_URL")
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{workdir}/import.sqlite3"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    count = int(argv[0]) if argv else DEFAULT_ITEMS
    workdir = tempfile.mkdtemp(prefix="minka-import-bench-")
    os.environ["DATABASE_URL"] = _database_url(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    from benchmarks.__main__ import _drop_postgres_database, say

    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    if engine == "postgresql":
        _drop_postgres_database(database)
        call_command("create_database")
    call_command("migrate", verbosity=0, interactive=False)
    folder = write_items(Path(workdir) / "knowledge", count)
    say(f"Importing {count} Markdown items into {engine} {database['NAME']}…")
    # As in production: document text is read later by the task worker.
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ):
        created, seconds, entries = measure_import(folder)
    say(
        f"Import ({engine}): {created} items in {seconds:.1f} s, "
        f"{created / seconds:.1f} items/s; {entries} search entries on return"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
