"""With the database backend, as in production: an upload only queues work, and
the real worker (`manage.py run_worker --batch`) reads the file's text in a child
process and refreshes its search entry, after which search finds the document by
a word found only inside the file. A reading interrupted from outside leaves the
document pending and runs again; one given up says so on the document's form."""

import os
import signal
import sys
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intranet.task_worker import MAX_ATTEMPTS, requeue_abandoned
from resources import extraction
from resources.models import Document, TextStatus
from resources.pdf import pdf_bytes


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


def upload(client, title, lines):
    client.post(
        "/admin/documents/add/",
        {
            "title": title,
            "file": SimpleUploadedFile(
                "report.pdf", pdf_bytes(title, lines), "application/pdf"
            ),
            "collection": 1,
            "document_type": "study",
            "confidentiality": "public",
        },
    )
    return Document.objects.get(title=title)


def hanging_reader(pid_file):
    """A reader that takes the file, says where it runs, then never ends."""
    script = (
        "import os, pathlib, sys, time\n"
        "sys.stdin.buffer.read()\n"
        f"ready = pathlib.Path({str(pid_file)!r})\n"
        "ready.with_suffix('.tmp').write_text(str(os.getpid()))\n"
        "ready.with_suffix('.tmp').rename(ready)\n"
        "time.sleep(60)\n"
    )
    return [sys.executable, "-c", script]


def signal_when_started(pid_file, number):
    def send():
        for _ in range(400):
            if pid_file.exists():
                os.kill(int(pid_file.read_text()), number)
                return
            time.sleep(0.05)

    sender = threading.Thread(target=send)
    sender.start()
    return sender


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reading_killed_by_a_signal_leaves_the_document_pending_and_runs_again(
    client, make_user, database_tasks, run_worker, monkeypatch, tmp_path
):
    """The reader's child is stopped from outside (an operator, a shutdown):
    the file is not to blame, so the document stays pending and its task goes
    back in the queue, to run a little later; then the file is read."""
    client.force_login(make_user(is_superuser=True))
    document = upload(client, "Tailings report", ["The tailings dam at Antamina."])
    pid_file = tmp_path / "reader.pid"
    monkeypatch.setattr(extraction, "READER", hanging_reader(pid_file))

    sender = signal_when_started(pid_file, signal.SIGTERM)
    run_worker()
    sender.join()

    document.refresh_from_db()
    assert document.text_status == TextStatus.PENDING
    reading = DBTaskResult.objects.get(task_path__endswith="read_document_text")
    assert reading.status == "READY"
    assert len(reading.worker_ids) == 1
    assert reading.run_after > timezone.now()  # not at once: it backs off
    edit = client.get(f"/admin/documents/edit/{document.pk}/").content.decode()
    assert "Text not read yet" in edit

    monkeypatch.undo()
    DBTaskResult.objects.filter(pk=reading.pk).update(run_after=timezone.now())
    run_worker()
    document.refresh_from_db()
    assert document.text_status == TextStatus.EXTRACTED
    assert "Antamina" in document.extracted_text
    assert DBTaskResult.objects.get(pk=reading.pk).status == "SUCCESSFUL"


@pytest.mark.django_db
def test_a_reading_whose_worker_dies_every_time_is_given_up_and_says_so(
    client, make_user, database_tasks, dead_worker_id
):
    """Each time the worker reading the file dies (SIGKILL, the database gone),
    the sweep puts the reading back; after the last attempt the document's form
    says that reading failed and offers to try again."""
    client.force_login(make_user(is_superuser=True))
    document = upload(client, "Water quality", ["Arsenic in the Rimac."])
    reading = DBTaskResult.objects.get(task_path__endswith="read_document_text")

    for attempt in range(1, MAX_ATTEMPTS + 1):
        reading.refresh_from_db()
        assert reading.status == "READY"
        reading.claim(dead_worker_id())  # a worker took it, then died
        requeue_abandoned()
        document.refresh_from_db()
        if attempt < MAX_ATTEMPTS:
            assert document.text_status == TextStatus.PENDING

    reading.refresh_from_db()
    assert reading.status == "FAILED"
    assert document.text_status == TextStatus.FAILED
    edit = client.get(f"/admin/documents/edit/{document.pk}/").content.decode()
    assert "Reading the text failed" in edit
    assert "was interrupted or went wrong several times" in edit
    assert "Read the file&#x27;s text again" in edit
