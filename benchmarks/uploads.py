"""`python -m benchmarks.uploads`: how long an admin upload of each hostile file
holds the request, and how long the worker then spends reading it.

Tasks go to the database queue as in production, so the upload only stores the
file and queues its reading; the reading is then run as the worker runs it (in
a child process with limits). Uses a temporary SQLite file; figures are printed,
never asserted.
"""

import os
import sys
import tempfile
import time


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def main():
    workdir = tempfile.mkdtemp(prefix="minka-bench-uploads-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client, override_settings

    from resources.models import Document
    from resources.tasks import read_document_text
    from tests.security import hostile_files

    say("Migrating…")
    call_command("migrate", verbosity=0, interactive=False)
    admin = get_user_model().objects.create_superuser("bench", "b@example.org", "x")
    client = Client()
    client.force_login(admin)
    client.get("/admin/documents/add/")  # warm up: templates, URL resolvers

    files = [
        ("PDF bomb (shared stream)", "bomb.pdf", hostile_files.pdf_bomb()),
        ("PDF bomb (own streams)", "bomb2.pdf", hostile_files.pdf_bomb_unshared()),
        (
            "DOCX 500,000 paragraphs",
            "paras.docx",
            hostile_files.docx_empty_paragraphs(),
        ),
        ("DOCX zip bomb (200 MB)", "zip.docx", hostile_files.docx_zip_bomb()),
        ("HTML named .pdf", "page.pdf", hostile_files.html_named_pdf()),
    ]
    rows = []
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ):
        for label, name, data in files:
            say(f"Uploading {label}…")
            started = time.perf_counter()
            response = client.post(
                "/admin/documents/add/",
                {
                    "title": label,
                    "file": SimpleUploadedFile(name, data),
                    "collection": 1,
                    "document_type": "other",
                    "confidentiality": "public",
                },
            )
            upload = time.perf_counter() - started
            document = Document.objects.get(title=label)
            started = time.perf_counter()
            status = read_document_text.call(document.pk, document.file.name)
            reading = time.perf_counter() - started
            rows.append(
                (label, len(data), response.status_code, upload, reading, status)
            )

    say()
    say(f"{'file':<28} {'bytes':>8} {'HTTP':>5} {'upload s':>9} {'worker s':>9}  text")
    for label, size, code, upload, reading, status in rows:
        say(f"{label:<28} {size:>8} {code:>5} {upload:>9.3f} {reading:>9.3f}  {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
