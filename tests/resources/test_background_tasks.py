"""With the database backend, as in production: an upload only queues work, and
the real worker (`manage.py db_worker --batch`) reads the file's text in a child
process and refreshes its search entry, after which search finds the document by
a word found only inside the file."""

import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from resources.models import Document, TextStatus
from resources.pdf import pdf_bytes

WORKER_SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def run_worker():
    """Run `db_worker --batch` until the queue is empty; the test process keeps
    its own signal handlers (the worker installs its own for a clean stop)."""
    saved = {number: signal.getsignal(number) for number in WORKER_SIGNALS}

    def run():
        try:
            call_command(
                "db_worker", batch=True, startup_delay=False, interval=0, verbosity=0
            )
        finally:
            for number, handler in saved.items():
                signal.signal(number, handler)

    return run


def search(client, words):
    answer = client.get("/search/", {"q": words, "format": "json"}).json()
    return [result["title"] for result in answer["results"]]


# The worker reads the database from outside the test's transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_reads_an_uploaded_file_and_search_then_finds_it(
    client, make_user, database_tasks, run_worker
):
    client.force_login(make_user(is_superuser=True))
    report = pdf_bytes("Glacier study", ["Quelccaya meltwater reaches the valley."])

    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Glacier study",
            "file": SimpleUploadedFile("glacier.pdf", report, "application/pdf"),
            "collection": 1,
            "document_type": "study",
            "confidentiality": "public",
        },
    )

    assert response.status_code == 302
    document = Document.objects.get(title="Glacier study")
    assert document.text_status == TextStatus.PENDING
    assert DBTaskResult.objects.filter(status="READY").exists()
    assert search(client, "Quelccaya") == []

    run_worker()

    document.refresh_from_db()
    assert document.text_status == TextStatus.EXTRACTED
    assert "Quelccaya meltwater reaches the valley." in document.extracted_text
    assert search(client, "Quelccaya") == ["Glacier study"]
    assert search(client, "Glacier") == ["Glacier study"]
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_has_a_file_read_again(client, make_user, database_tasks, run_worker):
    """A reading lost (the queue emptied by hand, the worker stopped) or a file
    that could not be read: the document's form offers to read it once more,
    which queues a new task; the worker then reads it."""
    client.force_login(make_user(is_superuser=True))
    report = pdf_bytes("Water monitoring", ["Community monitors sample the Ilo river."])
    client.post(
        "/admin/documents/add/",
        {
            "title": "Water monitoring",
            "file": SimpleUploadedFile("water.pdf", report, "application/pdf"),
            "collection": 1,
            "document_type": "study",
            "confidentiality": "public",
        },
    )
    document = Document.objects.get(title="Water monitoring")
    DBTaskResult.objects.all().delete()  # the queued reading is lost
    edit = f"/admin/documents/edit/{document.pk}/"
    form = {
        "title": "Water monitoring",
        "collection": 1,
        "document_type": "study",
        "confidentiality": "public",
    }

    assert "Read the file&#x27;s text again" in client.get(edit).content.decode()
    readings = DBTaskResult.objects.filter(task_path__endswith="read_document_text")
    client.post(edit, form)  # saved without asking: the file is not read again
    assert not readings.exists()
    response = client.post(edit, {**form, "read_again": "on"})

    assert response.status_code == 302
    assert readings.filter(status="READY").count() == 1
    run_worker()
    document.refresh_from_db()
    assert document.text_status == TextStatus.EXTRACTED
    assert "Ilo river" in document.extracted_text
    assert "Read the file" not in client.get(edit).content.decode()
